//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/obs/obstest"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// These run Beatcast against real OBS 29 (obs-websocket 5.1) under Xvfb.

type obsState struct {
	OBS *struct{ State, Message string }
}

// streaming is a fake Pulsoid with the streamer's token, for BEATCAST_TOKEN.
func streaming(t *testing.T) *pulsoidtest.Server {
	fake := pulsoidtest.New(t)
	fake.AddToken("streamer-token")
	return fake
}

// beat sends bpm until /api/state shows it.
func beat(t *testing.T, fake *pulsoidtest.Server, b *beatcast, bpm int) {
	t.Helper()
	fake.Send(bpm, time.Now().UnixMilli())
	b.waitFor(t, "the beat", func(s state) bool { return s.Beat != nil && s.Beat.BPM == bpm })
}

// Headless, with the flags: the Text source follows the beats, a high
// alert switches to Panic and its end back to Game, /api/state says how
// OBS is, and OBS killed and started again is found again.
func TestHeadlessDrivesOBSWithTheFlags(t *testing.T) {
	t.Parallel()
	o := obstest.Start(t, "hunter2")
	look := o.Stage(t)
	fake := streaming(t)
	b := startHeadlessWith(t, fake, t.TempDir(), []string{"--obs", o.URL, "--obs-text", "Heart rate",
		"--obs-alert-scene", "Panic", "--alert-high", "150"}, "BEATCAST_TOKEN=streamer-token", "BEATCAST_OBS_PASSWORD=hunter2")
	waitOBS(t, b, "connected", "Connected to OBS 29.0.2")
	if !fake.AwaitConnections(1, 10*time.Second) {
		t.Fatal("Beatcast never connected to Pulsoid")
	}
	throughAnAlert(t, fake, b, look, 100, 155, 140)

	o.Kill()
	waitOBS(t, b, "connecting", "")
	o.Restart(t)
	waitOBS(t, b, "connected", "Connected to OBS")
	again := o.Look(t)
	beat(t, fake, b, 120)
	waitFor(t, "the Text source after OBS came back", func() bool { return again.Text("Heart rate") == "120" })
	for _, want := range []string{"OBS: connected", "OBS closed the connection. Trying again."} {
		if !strings.Contains(b.log(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, b.log())
		}
	}
	if strings.Contains(b.log(), "hunter2") {
		t.Error("the OBS password is in the log")
	}
}

// A wrong password is said on /api/state and stderr, and never retried in
// a storm.
func TestHeadlessSaysOBSRefusedThePassword(t *testing.T) {
	t.Parallel()
	o := obstest.Start(t, "hunter2")
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--demo", "--obs", o.URL}, "BEATCAST_OBS_PASSWORD=wrong")
	waitOBS(t, b, "refused", "OBS refused the password")
	time.Sleep(3 * time.Second)
	// OBS logs each refusal: "has disconnected with code `4009`".
	if n := strings.Count(o.Log(), "code `4009`"); n != 1 {
		t.Errorf("OBS refused %d attempts in 3 s, want one (then a wait of 15 s)", n)
	}
}

func waitOBS(t *testing.T, b *beatcast, want, says string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var s obsState
		_, body := b.state(t)
		if err := json.Unmarshal([]byte(body), &s); err == nil && s.OBS != nil && s.OBS.State == want && strings.Contains(s.OBS.Message, says) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/api/state never said OBS %s %q; it says %s\nstderr:\n%s", want, says, body, b.log())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// In the window, as a streamer does it: OBS's address and password (first
// a wrong one), "show my heart rate in the Text source Heart rate", "switch
// to Panic during a high alert", a high alert at 150; then both happen live
// in real OBS.
func TestAStreamerSetsUpOBSInTheWindowAndSeesItHappen(t *testing.T) {
	t.Parallel()
	o := obstest.Start(t, "hunter2")
	look := o.Stage(t)
	fake := streaming(t)
	w := openWindow(t, nil, append(pulsoidEnv(fake), "BEATCAST_TOKEN=streamer-token")...)
	w.click("OBS")
	w.waitText("the OBS screen", "Tools → WebSocket Server Settings")
	w.click("Connect to OBS")
	w.fill("Address", o.URL)
	// A mistyped password first: OBS's refusal, in Go's sentence through
	// the real bridge, then the right one takes at once.
	w.fill("Password", "hunter3")
	w.click("Save OBS")
	w.waitText("refused", "OBS refused the password. Copy it again from OBS")
	w.fill("Password", "hunter2")
	w.click("Save OBS")
	w.waitText("connected", "Connected to OBS 29.0.2 (obs-websocket 5.1.0).")
	w.choose("Text source", "Heart rate")
	w.click("Add an action")
	w.choose("Scene to switch to", "Panic")
	w.click("Save OBS")
	w.waitText("saved", "Saved: Beatcast connects to OBS by itself.")
	w.shot("window-obs.png")
	w.click("Settings")
	w.fill("High", "150")
	w.click("Save alerts")
	w.waitText("the alert saved", "Saved: alerts apply at once.")

	b := &beatcast{addr: w.addr}
	if !fake.AwaitConnections(1, 10*time.Second) {
		t.Fatal("Beatcast never connected to Pulsoid")
	}
	throughAnAlert(t, fake, b, look, 100, 156, 120)
}

// throughAnAlert beats calm, then high (past the high alert at 150), then
// after (below it again), and looks at OBS each time: the Text source
// holds the number, the program scene is Panic during the alert and Game,
// the scene before it, afterwards.
func throughAnAlert(t *testing.T, fake *pulsoidtest.Server, b *beatcast, look *obstest.Look, calm, high, after int) {
	t.Helper()
	beat(t, fake, b, calm)
	waitFor(t, fmt.Sprintf("the Text source at %d", calm), func() bool { return look.Text("Heart rate") == strconv.Itoa(calm) })
	beat(t, fake, b, high)
	waitFor(t, fmt.Sprintf("Panic at %d, during the high alert", high), func() bool { return look.ProgramScene() == "Panic" })
	waitFor(t, fmt.Sprintf("the Text source at %d", high), func() bool { return look.Text("Heart rate") == strconv.Itoa(high) })
	beat(t, fake, b, after)
	waitFor(t, fmt.Sprintf("back to Game at %d, after the alert", after), func() bool { return look.ProgramScene() == "Game" })
}
