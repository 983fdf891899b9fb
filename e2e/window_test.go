//go:build e2e

// Package e2e drives the real binary: in a real window under Xvfb, and
// headless against the in-project fake Pulsoid. Run with
// go test -tags e2e ./e2e after make build. The window tests need
// xvfb-run and ImageMagick's import for the screenshots.
package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/coder/websocket"
)

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{".."}, parts...)...)
}

// runWindow starts build/bin/beatcast with args under Xvfb with the probe
// enabled: the app samples its own page text through the webview, writes
// the samples and quits. A screenshot of the screen is saved as shotName
// in build/screenshots while it runs, for people to look at.
func runWindow(t *testing.T, shotName string, args []string, env ...string) []string {
	t.Helper()
	bin, err := filepath.Abs(repoPath("build", "bin", "beatcast"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: run make build first", bin)
	}
	shotDir, _ := filepath.Abs(repoPath("build", "screenshots"))
	if err := os.MkdirAll(shotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	probe := filepath.Join(tmp, "probe.json")
	shot := filepath.Join(shotDir, shotName)
	os.Remove(shot)

	script := `"$BIN" "$@" & pid=$!
sleep 4; import -window root "$SHOT"; wait $pid`
	cmdArgs := append([]string{"-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "sh", "-c", script, "beatcast",
		"--overlay-addr", freeAddr(t)}, args...)
	cmd := exec.Command("xvfb-run", cmdArgs...)
	cmd.Env = append(os.Environ(), "BIN="+bin, "SHOT="+shot, "BEATCAST_E2E_PROBE="+probe,
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_DATA_HOME="+filepath.Join(tmp, "data"))
	cmd.Env = append(cmd.Env, desktopSession(t)...)
	cmd.Env = append(cmd.Env, env...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("xvfb-run: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app under Xvfb failed: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the app did not quit within 60s\n%s", out.String())
	}
	data, err := os.ReadFile(probe)
	if err != nil {
		t.Fatalf("the window never reported its page: %v\n%s", err, out.String())
	}
	var samples []struct{ Text string }
	if err := json.Unmarshal(data, &samples); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(shot); err != nil {
		t.Errorf("no screenshot was saved: %v", err)
	}
	texts := make([]string, len(samples))
	for i, s := range samples {
		texts[i] = s.Text
	}
	return texts
}

func TestWindowShowsChangingDemoBPM(t *testing.T) {
	samples := runWindow(t, "window-demo.png", []string{"--demo"})
	bpmLine := regexp.MustCompile(`(?m)^(\d{2,3})\nBPM$`)
	values := map[string]bool{}
	for _, s := range samples {
		if m := bpmLine.FindStringSubmatch(s); m != nil {
			values[m[1]] = true
		}
		// The demo is never called live.
		if !strings.Contains(s, "\nDemo\n") || strings.Contains(s, "\nLive\n") {
			t.Errorf("a sample does not say Demo (or says Live):\n%s", s)
		}
	}
	if len(values) < 2 {
		t.Errorf("the window showed BPM values %v over %d samples; want it to change", values, len(samples))
	}
}

func TestWindowFirstRunOffersSignIn(t *testing.T) {
	fake := pulsoidtest.New(t)
	samples := runWindow(t, "window-first-run.png", nil,
		"BEATCAST_PULSOID_API_URL="+fake.URL, "BEATCAST_PULSOID_AUTH_URL="+fake.URL, "BEATCAST_CLIENT_ID="+fake.ClientID)
	last := samples[len(samples)-1]
	for _, want := range []string{"Signed out", "Connect your Pulsoid account", "Sign in with Pulsoid", "Use a token instead", "Try demo"} {
		if !strings.Contains(last, want) {
			t.Errorf("the first-run window lacks %q:\n%s", want, last)
		}
	}
	if n := fake.Calls("POST /oauth2/device_authorization"); n != 0 {
		t.Errorf("the window started %d sign-ins before the user asked", n)
	}
}

// TestSecondLaunchBringsTheWindowBack runs two launches in one D-Bus
// session, as on a desktop: the second hands over to the first and exits,
// rather than failing on the overlay port, and the first shows its window.
func TestSecondLaunchBringsTheWindowBack(t *testing.T) {
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	tmp := t.TempDir()
	script := `"$BIN" --demo --overlay-addr "$ADDR" 2>"$TMP/first.log" & first=$!
for i in $(seq 50); do grep -q "overlay ready" "$TMP/first.log" && break; sleep 0.2; done
"$BIN" --demo --overlay-addr "$ADDR" 2>"$TMP/second.log"; echo "second exited $?"
sleep 1; kill $first; wait $first`
	cmd := exec.Command("dbus-run-session", "--", "xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "TMP="+tmp, "ADDR="+freeAddr(t),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_DATA_HOME="+filepath.Join(tmp, "data"),
		"NO_AT_BRIDGE=1") // no accessibility bus, which would outlive dbus-run-session's
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the two launches did not finish within 60 s")
	}
	if err != nil {
		t.Logf("dbus-run-session: %v", err)
	}
	first, _ := os.ReadFile(filepath.Join(tmp, "first.log"))
	if !strings.Contains(string(out), "second exited 1") {
		t.Errorf("the second launch did not hand over and exit:\n%s\nsecond: %s", out, readFile(filepath.Join(tmp, "second.log")))
	}
	if !strings.Contains(string(first), "Beatcast was launched again: showing the window") {
		t.Errorf("the first launch did not bring its window back:\n%s", first)
	}
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// Issue #14: a SIGTERM (log-out, shutdown) brought up the "keep running?"
// question while OBS was connected, and the process waited for an answer.
// Now it quits at once, exit 0, and the overlay hears Beatcast go away.
func TestSIGTERMQuitsTheWindowWithoutAsking(t *testing.T) {
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	tmp := t.TempDir()
	addr := freeAddr(t)
	script := `echo $$ > "$TMP/pid"; exec "$BIN" --demo --overlay-addr "$ADDR" 2>"$TMP/log"`
	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "TMP="+tmp, "ADDR="+addr,
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_DATA_HOME="+filepath.Join(tmp, "data"))
	cmd.Env = append(cmd.Env, desktopSession(t)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()

	// OBS is showing the overlay: closing the window would ask.
	var overlay *websocket.Conn
	deadline := time.Now().Add(20 * time.Second)
	for overlay == nil && time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		overlay, _, _ = websocket.Dial(ctx, "ws://"+addr+"/ws", nil)
		cancel()
		time.Sleep(100 * time.Millisecond)
	}
	if overlay == nil {
		t.Fatalf("the overlay never answered:\n%s", readFile(filepath.Join(tmp, "log")))
	}
	defer overlay.CloseNow()
	time.Sleep(2 * time.Second) // the window is up
	pid, _ := strconv.Atoi(strings.TrimSpace(readFile(filepath.Join(tmp, "pid"))))
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit %v after SIGTERM, want 0\n%s", err, readFile(filepath.Join(tmp, "log")))
		}
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(pid, syscall.SIGQUIT) // Go dumps its goroutines to the log
		time.Sleep(time.Second)
		t.Fatalf("still running 5 s after SIGTERM: waiting for a dialog?\n%s", readFile(filepath.Join(tmp, "log")))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var err error
	for err == nil { // what was sent before the goodbye, then the goodbye
		_, _, err = overlay.Read(ctx)
	}
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("the overlay heard %v, want Beatcast going away", err)
	}
}
