//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// These drive the real window with real input (see liveWindow): what Go
// refuses must reach the page as its sentence, never "[object Object]",
// and the demo must never pass for a stream.

func pulsoidEnv(fake *pulsoidtest.Server) []string {
	return []string{"BEATCAST_PULSOID_API_URL=" + fake.URL, "BEATCAST_PULSOID_AUTH_URL=" + fake.URL, "BEATCAST_CLIENT_ID=" + fake.ClientID}
}

func mustNotSayObject(t *testing.T, text string) {
	t.Helper()
	if strings.Contains(text, "[object Object]") {
		t.Errorf("the window says [object Object]:\n%s", text)
	}
}

func TestAWrongPastedTokenShowsItsSentenceInTheWindow(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t) // knows no token
	w := openWindow(t, nil, pulsoidEnv(fake)...)
	w.waitText("first run", "Connect your Pulsoid account")
	w.click("Use a token instead")
	w.fill("Token", "not-a-real-token")
	w.click("Use token")
	text := w.waitText("the refused token", "Pulsoid doesn't know this token. Check that you copied all of it from pulsoid.net/ui/keys.")
	mustNotSayObject(t, text)
	w.shot("window-wrong-token.png")
}

func TestRefusedSettingsShowTheirSentencesInTheWindow(t *testing.T) {
	t.Parallel()
	w := openWindow(t, []string{"--demo"})
	w.waitText("the demo", "Demo")
	w.click("Settings")
	w.fill("Overlay address", "127.0.0.1:99999")
	w.click("Save")
	mustNotSayObject(t, w.waitText("a port out of range",
		`The overlay address "127.0.0.1:99999" must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8765.`))
	w.shot("window-address-port.png")
	w.fill("Overlay address", "0.0.0.0:8765")
	w.click("Save")
	mustNotSayObject(t, w.waitText("every interface without sharing", "Serving the overlay on 0.0.0.0:8765 would show your heart rate to every device"))
	w.fill("Overlay address", "")
	w.xdotool("key", "BackSpace")
	w.fill("High", "100")
	w.fill("Low", "120")
	w.click("Save alerts")
	mustNotSayObject(t, w.waitText("a low alert above the high one", "The low alert (120 BPM) must be below the high one (100 BPM)."))
	w.shot("window-alert-range.png")
}

// From the demo the streamer connects Pulsoid: while Pulsoid waits for
// approval, the window, /api/state and the overlay say demo; the first
// Pulsoid beat is a fresh stream, live from Pulsoid.
func TestSigningInFromTheDemoInTheWindow(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	w := openWindow(t, []string{"--demo"}, pulsoidEnv(fake)...)
	w.waitText("the demo", "Showing the demo heart rate")
	w.click("Connect Pulsoid")
	w.click("Sign in with Pulsoid")
	w.waitText("waiting for approval", "Approve Beatcast on Pulsoid")
	b := &beatcast{addr: w.addr}
	for range 8 { // four seconds of demo beats while the streamer approves
		time.Sleep(500 * time.Millisecond)
		if s, _ := b.state(t); s.Status.Source != "demo" || s.Status.State == "live" && s.Status.Source == "pulsoid" {
			t.Fatalf("while waiting for approval /api/state says %+v", s.Status)
		}
		if text := w.page().Text; strings.Contains(text, "\nLive\n") || strings.Contains(text, "Live from Pulsoid") {
			t.Fatalf("while waiting for approval the window says live:\n%s", text)
		}
	}
	w.shot("window-demo-signing-in.png")
	fake.Approve()
	for !fake.AwaitConnections(1, 200*time.Millisecond) {
	}
	fake.Send(93, time.Now().UnixMilli())
	text := w.waitText("live from Pulsoid", "Live from Pulsoid")
	if !strings.Contains(text, "93") {
		t.Errorf("the first Pulsoid beat is not shown:\n%s", text)
	}
	s := b.waitFor(t, "Pulsoid's first beat", func(s state) bool { return s.Status.Source == "pulsoid" && s.Beat != nil })
	if s.Stats.Count != 1 {
		t.Errorf("Pulsoid's stream began with %d beats: the demo's were carried over", s.Stats.Count)
	}
	w.shot("window-demo-then-pulsoid.png")
}
