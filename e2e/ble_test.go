//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/ble/blueztest"
)

// Beatcast with a strap and no Pulsoid account, against a simulated BlueZ
// (blueztest: python3-dbusmock's bluez5 on a private bus) and the
// unmodified Bluetooth library in Beatcast's own helper process.

const h10 = "A0:9E:1A:00:00:01"

type bleState struct {
	Status struct {
		State, Reason, Message, Source string
	}
	Beat   *struct{ BPM int }
	Device *struct {
		Name, Address string
		Battery       *int
	}
}

func (b *beatcast) ble(t *testing.T) bleState {
	var s bleState
	_, body := b.state(t)
	_ = json.Unmarshal([]byte(body), &s)
	return s
}

func (b *beatcast) waitBLE(t *testing.T, what string, cond func(bleState) bool) bleState {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := b.ble(t)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; /api/state %+v\nstderr:\n%s", what, s, b.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func strapRig(t *testing.T) (*blueztest.BlueZ, *blueztest.Strap) {
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	return bz, bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, Battery: 85})
}

// pulse notifies value five times a second (a strap sends once) until stop.
func pulse(t *testing.T, s *blueztest.Strap, value func() []byte) (stop func()) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
				_ = s.Send(value()) // out of range meanwhile: nothing heard, as with a real strap
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); <-stopped }) }
}

// From first launch to a live number, headless, with only --ble: the
// states in words on stderr and /api/state, the strap's battery, RR on
// /ws, no contact, walking away and back.
func TestHeadlessReadsAStrapWithoutPulsoid(t *testing.T) {
	t.Parallel()
	bz, strap := strapRig(t)
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--ble"}, bz.Env())
	s := b.waitBLE(t, "connected", func(s bleState) bool {
		return s.Device != nil && s.Status.Source == "ble" && s.Status.State == "connecting" ||
			s.Status.Message == "Connected to Polar H10 1A2B3C4D · battery 85 %."
	})
	var value atomic.Value                      // what the strap sends now
	value.Store([]byte{0x16, 0x48, 0x40, 0x03}) // 72 BPM, contact, RR 832/1024 s
	current := func() []byte { return value.Load().([]byte) }
	stop := pulse(t, strap, current)
	defer func() { stop() }() // the pulse after the walk as well

	c, _, err := websocket.Dial(t.Context(), "ws://"+b.addr+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithDeadline(t.Context(), deadline)
		_, data, err := c.Read(ctx)
		cancel()
		if err != nil {
			t.Fatalf("no heart_rate with rr on /ws: %v", err)
		}
		var m struct {
			Type string
			BPM  int
			RR   []int
		}
		if json.Unmarshal(data, &m) == nil && m.Type == "heart_rate" && m.BPM == 72 && len(m.RR) == 1 && m.RR[0] == 813 {
			break
		}
	}
	s = b.waitBLE(t, "live with the strap", func(s bleState) bool { return s.Status.State == "live" && s.Beat != nil && s.Beat.BPM == 72 })
	if s.Device == nil || s.Device.Address != h10 || s.Device.Name != "Polar H10 1A2B3C4D" || s.Device.Battery == nil || *s.Device.Battery != 85 {
		t.Errorf("device %+v", s.Device)
	}

	value.Store([]byte{0x04, 0x50}) // contact supported, not detected
	b.waitBLE(t, "no contact", func(s bleState) bool { return s.Status.State == "no_signal" && s.Status.Reason == "no_contact" })
	value.Store([]byte{0x06, 0x4b})
	b.waitBLE(t, "live again", func(s bleState) bool { return s.Status.State == "live" && s.Beat.BPM == 75 })

	stop()
	strap.WalkAway(t)
	b.waitBLE(t, "strap lost", func(s bleState) bool { return s.Status.State == "reconnecting" && s.Status.Reason == "strap_lost" })
	strap.ComeBack(t)
	value.Store([]byte{0x06, 0x50})
	stop = pulse(t, strap, current)
	b.waitBLE(t, "back by itself", func(s bleState) bool { return s.Status.State == "live" && s.Beat.BPM == 80 })
	for _, said := range []string{"Looking for your strap", "Connected to Polar H10 1A2B3C4D", "not touching your skin",
		"out of reach or off"} {
		if !strings.Contains(b.log(), said) {
			t.Errorf("stderr never said %q:\n%s", said, b.log())
		}
	}
	if strings.Contains(b.log(), "signed_out") {
		t.Errorf("a strap was called signed out:\n%s", b.log())
	}
}

// A crash of the Bluetooth stack (the library dies on a device object it
// did not expect) never stops the overlay: /api/state answers throughout,
// and the strap is read again.
func TestACrashInTheBluetoothStackNeverStopsTheOverlay(t *testing.T) {
	t.Parallel()
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--ble"}, bz.Env())
	bz.AddBrokenDevice(t, "DE:AD:00:00:00:01")
	b.waitBLE(t, "restarted", func(s bleState) bool { return s.Status.Reason == "bluetooth_restarted" })
	// While the stack crashes again and again, the overlay answers.
	for range 10 {
		if _, err := http.Get("http://" + b.addr + "/"); err != nil {
			t.Fatalf("the overlay stopped answering while Bluetooth crashed: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	bz.RemoveBrokenDevice(t)
	strap := bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, Battery: -1})
	stop := pulse(t, strap, func() []byte { return []byte{0x06, 0x48} })
	defer stop()
	b.waitBLE(t, "live after the crash", func(s bleState) bool { return s.Status.State == "live" })
	if !strings.Contains(b.log(), "the Bluetooth helper stopped; starting it again") || !strings.Contains(b.log(), "panic") {
		t.Errorf("the crash is not in the log:\n%s", b.log())
	}
}

// SIGTERM while the stack hangs in a connect: Beatcast is gone within a
// second, and leaves no helper behind.
func TestSIGTERMDuringAConnectEndsBeatcastAndItsHelper(t *testing.T) {
	t.Parallel()
	bz, strap := strapRig(t)
	strap.HangConnects(t)
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--ble"}, bz.Env())
	b.waitBLE(t, "connecting", func(s bleState) bool { return strings.Contains(s.Status.Message, "connecting") })
	helpers := childHelpers(b.cmd.Process.Pid)
	if len(helpers) != 1 {
		t.Fatalf("helpers %v", helpers)
	}
	start := time.Now()
	b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exited with %v", err)
		}
		if took := time.Since(start); took > 1500*time.Millisecond {
			t.Errorf("SIGTERM to exit took %v", took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Beatcast did not exit within 5 s of SIGTERM while connecting")
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(filepath.Join("/proc", strconv.Itoa(helpers[0]))); err == nil {
		t.Errorf("the helper %d outlived Beatcast", helpers[0])
	}
}

// --ble-scan lists the heart-rate devices, one a line, and exits 0.
func TestBleScanListsNearbyStraps(t *testing.T) {
	t.Parallel()
	bz, _ := strapRig(t)
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	cmd := exec.Command(bin, "--ble-scan")
	cmd.Env = append(os.Environ(), bz.Env())
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("--ble-scan: %v\n%s", err, out)
	}
	if took := time.Since(start); took < 4*time.Second || took > 8*time.Second {
		t.Errorf("it listened %v, want about 5 s", took)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], h10+"\tPolar H10 1A2B3C4D\t-6") || !strings.HasSuffix(lines[0], " dBm") {
		t.Errorf("--ble-scan printed %q", out)
	}
}

func childHelpers(parent int) []int {
	var pids []int
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range paths {
		stat, err := os.ReadFile(p)
		fields := strings.Fields(string(stat))
		if err != nil || len(fields) < 4 || fields[3] != strconv.Itoa(parent) {
			continue
		}
		if cmd, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "cmdline")); strings.Contains(string(cmd), "--ble-helper") {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// In the window, from the first launch with no Pulsoid account: "Use a
// Bluetooth strap", the strap picked from the list, then a live number in
// the window and on the overlay; the strap off the skin and walking away,
// in Go's words, and back by itself. Restarted, Beatcast reads it again by
// itself.
func TestAStreamerPicksTheirStrapInTheWindow(t *testing.T) {
	t.Parallel()
	bz, strap := strapRig(t)
	home := t.TempDir()
	w := openWindowIn(t, home, nil, bz.Env())
	w.waitText("first run", "Where does your heart rate come from?")
	w.click("Use a Bluetooth strap")
	w.waitText("the strap heard", "Polar H10 1A2B3C4D")
	w.shot("window-strap-picker.png")
	w.click("Use Polar H10 1A2B3C4D")
	var value atomic.Value                      // what the strap sends now
	value.Store([]byte{0x16, 0x48, 0x40, 0x03}) // 72 BPM, contact, RR
	stop := pulse(t, strap, func() []byte { return value.Load().([]byte) })
	defer func() { stop() }()
	text := w.waitText("live from the strap", "Live from Polar H10 1A2B3C4D · battery 85 %")
	if !strings.Contains(text, "72") {
		t.Errorf("the window does not show 72:\n%s", text)
	}
	b := &beatcast{addr: w.addr}
	s := b.waitBLE(t, "the overlay live", func(s bleState) bool { return s.Status.State == "live" && s.Beat != nil && s.Beat.BPM == 72 })
	if s.Device == nil || s.Device.Address != h10 {
		t.Errorf("/api/state device %+v", s.Device)
	}
	w.shot("window-strap-live.png")

	// What to do when the strap cannot be read, in Go's words through the
	// real bridge: put it on, bring it back.
	value.Store([]byte{0x04, 0x50}) // contact supported, not detected
	w.waitText("no contact", "Polar H10 1A2B3C4D is not touching your skin")
	w.shot("window-strap-no-contact.png")
	stop()
	strap.WalkAway(t)
	w.waitText("strap lost", "Polar H10 1A2B3C4D is out of reach or off: Beatcast is looking for it again.")
	strap.ComeBack(t)
	value.Store([]byte{0x06, 0x4b}) // 75 BPM, contact
	stop = pulse(t, strap, func() []byte { return value.Load().([]byte) })
	// The big number, then its BPM: the strap's first reading after it came back.
	if text := w.waitText("75 after the walk", "\n75\nBPM\n"); !strings.Contains(text, "Live from Polar H10 1A2B3C4D · battery 85 %") {
		t.Errorf("back from its walk, the window does not say it is live from the strap:\n%s", text)
	}

	w.quit()
	again := startHeadlessWith(t, nil, home, nil, bz.Env())
	again.waitBLE(t, "the strap read again after a restart", func(s bleState) bool {
		return s.Status.State == "live" && s.Status.Source == "ble" && s.Device != nil && s.Device.Address == h10
	})
}
