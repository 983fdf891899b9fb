//go:build e2e

package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/testkit"
)

// liveWindow is the real window under a private Xvfb, driven as a person
// drives it: xdotool moves the pointer, clicks and types, and the X server
// delivers the events to WebKit. The probe only reads: the page's text and
// where its controls are, so the test knows where to click.
type liveWindow struct {
	t       *testing.T
	display string
	probe   string
	addr    string
	cmd     *exec.Cmd
	log     *strings.Builder
	x, y    int // the window's top left on the screen
	height  int // the window's height: what is below it must be scrolled to
}

type probeSample struct {
	Text     string
	Controls []struct {
		Name string
		X, Y int
	}
}

// openWindow starts Xvfb and build/bin/beatcast on it with args (it
// serves the overlay on a free port of its own, with --overlay-addr).
func openWindow(t *testing.T, args []string, env ...string) *liveWindow {
	t.Helper()
	return openWindowIn(t, t.TempDir(), args, env...)
}

// openWindowIn is openWindow with its files (config/, data/) in tmp, which
// a later run can share.
func openWindowIn(t *testing.T, tmp string, args []string, env ...string) *liveWindow {
	t.Helper()
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: run make build first", bin)
	}
	w := &liveWindow{t: t, display: startXvfb(t), addr: freeAddr(t), log: &strings.Builder{}}
	w.probe = filepath.Join(tmp, "probe.json")
	w.cmd = exec.Command(bin, append([]string{"--overlay-addr", w.addr}, args...)...)
	w.cmd.Env = append(os.Environ(), "DISPLAY="+w.display, "BEATCAST_E2E_PROBE="+w.probe,
		"BEATCAST_E2E_PROBE_EVERY=250ms", "BEATCAST_E2E_PROBE_SAMPLES=400",
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_DATA_HOME="+filepath.Join(tmp, "data"),
		"BROWSER=true") // the sign-in's "open the browser" succeeds without opening one
	w.cmd.Env = append(w.cmd.Env, desktopSession(t)...)
	w.cmd.Env = append(w.cmd.Env, env...)
	w.cmd.Stdout, w.cmd.Stderr = w.log, w.log
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.quit)
	w.waitText("the window", "Beatcast")
	w.x, w.y, w.height = w.findWindow()
	return w
}

// quit ends the window's Beatcast (SIGTERM, as a log-out does).
func (w *liveWindow) quit() {
	if w.cmd.ProcessState != nil {
		return
	}
	_ = w.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = w.cmd.Process.Kill()
		<-done
	}
}

// findWindow is the top left of Beatcast's main window: the one of its
// windows that is as big as a window (GTK maps small helpers too).
func (w *liveWindow) findWindow() (x, y, height int) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, id := range strings.Fields(w.xdotool("search", "--sync", "--onlyvisible", "--name", "^Beatcast$")) {
			g := map[string]int{}
			for _, line := range strings.Split(w.xdotool("getwindowgeometry", "--shell", id), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					g[k], _ = strconv.Atoi(v)
				}
			}
			if g["WIDTH"] >= 700 {
				return g["X"], g["Y"], g["HEIGHT"]
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	w.t.Fatal("Beatcast's window never appeared")
	return 0, 0, 0
}

// startXvfb starts an X server for this test and returns its display.
func startXvfb(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("Xvfb (Debian package xvfb): %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	n, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	return ":" + strings.TrimSpace(n)
}

// desktopSession is the environment of a window's own login session: a
// session bus of its own, ended with the test. Without one GTK autolaunches
// a bus per X display that outlives the test (and the accessibility bus
// with it, which NO_AT_BRIDGE turns off).
func desktopSession(t *testing.T) []string {
	return []string{"DBUS_SESSION_BUS_ADDRESS=" + testkit.SessionBus(t), "NO_AT_BRIDGE=1"}
}

func (w *liveWindow) xdotool(args ...string) string {
	w.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("xdotool %v (Debian package xdotool): %v\n%s", args, err, out)
	}
	return string(out)
}

// page is the newest sample the probe wrote.
func (w *liveWindow) page() probeSample {
	var samples []probeSample
	data, err := os.ReadFile(w.probe)
	if err != nil || json.Unmarshal(data, &samples) != nil || len(samples) == 0 {
		return probeSample{}
	}
	return samples[len(samples)-1]
}

// waitText waits until the page's text holds want, and returns the text.
func (w *liveWindow) waitText(what, want string) string {
	w.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if text := w.page().Text; strings.Contains(text, want) {
			return text
		}
		time.Sleep(100 * time.Millisecond)
	}
	w.t.Fatalf("%s: the window never showed %q; it shows:\n%s\nlog:\n%s", what, want, w.page().Text, w.log)
	return ""
}

// click clicks the control a person reads as name (the first one),
// scrolling the page with the mouse wheel first if it is out of sight.
func (w *liveWindow) click(name string) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range w.page().Controls {
			if c.Name != name {
				continue
			}
			if c.Y < 20 || c.Y > w.height-20 {
				wheel := "5" // down
				if c.Y < 20 {
					wheel = "4"
				}
				w.xdotool("mousemove", fmt.Sprint(w.x+w.height/2), fmt.Sprint(w.y+w.height/2), "click", "--repeat", "3", wheel)
				time.Sleep(400 * time.Millisecond) // a new sample, with the new places
				break
			}
			w.xdotool("mousemove", fmt.Sprint(w.x+c.X), fmt.Sprint(w.y+c.Y), "click", "1")
			time.Sleep(150 * time.Millisecond)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	var names []string
	for _, c := range w.page().Controls {
		names = append(names, c.Name)
	}
	w.t.Fatalf("no control %q on the page; there are %q", name, names)
}

// fill clicks the field labelled name, selects what it holds and types text.
func (w *liveWindow) fill(name, text string) {
	w.t.Helper()
	w.click(name)
	w.xdotool("key", "ctrl+a")
	w.xdotool("type", "--delay", "15", text)
}

// choose picks option in the list labelled name as a person does: a click
// opens it, typing the option's first letters moves to it, Return takes it.
func (w *liveWindow) choose(name, option string) {
	w.t.Helper()
	w.click(name)
	time.Sleep(300 * time.Millisecond) // the list opens
	w.xdotool("type", "--delay", "40", option)
	w.xdotool("key", "Return")
	time.Sleep(300 * time.Millisecond)
}

// shot saves the screen as build/screenshots/name for people to look at.
func (w *liveWindow) shot(name string) {
	w.t.Helper()
	dir, _ := filepath.Abs(repoPath("build", "screenshots"))
	_ = os.MkdirAll(dir, 0o755)
	cmd := exec.Command("import", "-window", "root", filepath.Join(dir, name))
	cmd.Env = append(os.Environ(), "DISPLAY="+w.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		w.t.Errorf("screenshot %s: %v\n%s", name, err, out)
	}
}
