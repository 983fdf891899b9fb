package ble

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/ble/blueztest"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

// These run the unmodified tinygo.org/x/bluetooth, in the helper (this
// test binary), against a simulated BlueZ (blueztest).

const h10 = "A0:9E:1A:00:00:01"

type rig struct {
	t    *testing.T
	bz   *blueztest.BlueZ
	sink *testkit.Sink
	done chan error
}

// read runs a Source for strap until the test ends.
func read(t *testing.T, bz *blueztest.BlueZ, strap Strap) *rig {
	t.Helper()
	r := &rig{t: t, bz: bz, sink: &testkit.Sink{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	src := &Source{Strap: strap, Helper: Helper{Path: os.Args[0], Env: []string{bz.Env()}}, Log: testkit.Quiet}
	go func() { r.done <- src.Run(ctx, r.sink) }()
	t.Cleanup(func() { cancel(); <-r.done })
	return r
}

// link waits for a link report in state st whose message says says.
func (r *rig) link(st heartrate.LinkState, reason heartrate.Reason, says string) heartrate.Link {
	r.t.Helper()
	var got heartrate.Link
	testkit.Eventually(r.t, "a link "+string(reason)+" "+says, func() bool {
		got = r.sink.Last()
		return got.State == st && got.Reason == reason && strings.Contains(got.Message, says)
	})
	return got
}

// beat waits for a beat of bpm and returns it.
func (r *rig) beat(bpm int) heartrate.Beat {
	r.t.Helper()
	var got heartrate.Beat
	testkit.Eventually(r.t, "a beat of "+strconv.Itoa(bpm), func() bool {
		beats := r.sink.Beats()
		i := slices.IndexFunc(beats, func(b heartrate.Beat) bool { return b.BPM == bpm })
		if i >= 0 {
			got = beats[i]
		}
		return i >= 0
	})
	return got
}

func withStrap(t *testing.T, battery int) (*blueztest.BlueZ, *blueztest.Strap) {
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	return bz, bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, Battery: battery})
}

// notifyUntil repeats a notification, as a strap sends one a second,
// until the sink has a beat of bpm.
func (r *rig) notifyUntil(s *blueztest.Strap, value []byte, bpm int) heartrate.Beat {
	r.t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		s.Notify(r.t, value)
		if slices.ContainsFunc(r.sink.Beats(), func(b heartrate.Beat) bool { return b.BPM == bpm }) {
			return r.beat(bpm)
		}
	}
	r.t.Fatalf("no beat of %d", bpm)
	return heartrate.Beat{}
}

func TestAStrapIsFoundConnectedAndReadWithAllItSends(t *testing.T) {
	bz, strap := withStrap(t, 80)
	r := read(t, bz, Strap{})
	up := r.link(heartrate.LinkUp, "", "Connected to Polar H10 1A2B3C4D · battery 80 %.")
	if up.Device == nil || up.Device.Address != h10 || up.Device.Name != "Polar H10 1A2B3C4D" || *up.Device.Battery != 80 {
		t.Fatalf("device %+v", up.Device)
	}
	if !slices.ContainsFunc(r.sink.Links(), func(l heartrate.Link) bool {
		return l.State == heartrate.LinkConnecting && strings.Contains(l.Message, "Looking for your strap")
	}) {
		t.Errorf("it never said it was looking: %+v", r.sink.Links())
	}
	// uint8 with contact and an RR-interval; uint16 with energy and RR.
	if b := r.notifyUntil(strap, []byte{0x16, 0x48, 0x40, 0x03}, 72); !slices.Equal(b.RR, []int{813}) || b.MeasuredAt == 0 {
		t.Errorf("72: %+v", b)
	}
	if b := r.notifyUntil(strap, []byte{0x19, 0x96, 0x00, 0x2c, 0x01, 0x90, 0x01}, 150); !slices.Equal(b.RR, []int{391}) {
		t.Errorf("150: %+v", b)
	}
	strap.SetBattery(t, 75)
	r.link(heartrate.LinkUp, "", "battery 75 %")
	// Contact supported, not detected: not a number, and said so.
	before := len(r.sink.Beats())
	strap.Notify(t, []byte{0x04, 0x50})
	r.link(heartrate.LinkNoContact, heartrate.ReasonNoContact, "Polar H10 1A2B3C4D is not touching your skin")
	strap.Notify(t, []byte{0x04, 0x50})
	time.Sleep(300 * time.Millisecond)
	if beats := r.sink.Beats(); len(beats) != before {
		t.Errorf("a reading without contact became a beat: %+v", beats[before:])
	}
	r.notifyUntil(strap, []byte{0x06, 0x4a}, 74)
	r.link(heartrate.LinkUp, "", "Connected to Polar H10")
}

func TestAStrapThatWalksAwayIsLookedForAndComesBackByItself(t *testing.T) {
	bz, strap := withStrap(t, -1)
	r := read(t, bz, Strap{Address: h10})
	r.link(heartrate.LinkUp, "", "Connected to Polar H10 1A2B3C4D.")
	r.notifyUntil(strap, []byte{0x06, 0x48}, 72)
	strap.WalkAway(t)
	lost := r.link(heartrate.LinkRetrying, heartrate.ReasonStrapLost, "Polar H10 1A2B3C4D is out of reach or off")
	if lost.Device == nil || lost.Device.Address != h10 {
		t.Errorf("while lost the strap is %+v", lost.Device)
	}
	strap.ComeBack(t)
	r.link(heartrate.LinkUp, "", "Connected to Polar H10 1A2B3C4D.")
	r.notifyUntil(strap, []byte{0x06, 0x50}, 80)
}

func TestOnlyTheStrapAskedForIsRead(t *testing.T) {
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	bz.AddStrap(t, blueztest.StrapSpec{Name: "Wahoo TICKR 1", Address: "C0:00:00:00:00:01", Battery: -1})
	mine := bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, Battery: -1})
	r := read(t, bz, Strap{Name: "polar h10"})
	r.link(heartrate.LinkUp, "", "Connected to Polar H10 1A2B3C4D.")
	if !mine.Connected() {
		t.Error("the strap asked for by name is not the one connected")
	}
}

func TestBluetoothMissingOffOrRefusedIsSaidAndMendedWithoutARestart(t *testing.T) {
	bz := blueztest.Start(t)
	r := read(t, bz, Strap{})
	r.link(heartrate.LinkRetrying, heartrate.ReasonNoAdapter, "This computer has no Bluetooth adapter")
	bz.AddAdapter(t)
	bz.SetPowered(t, false)
	r.link(heartrate.LinkRetrying, heartrate.ReasonBluetoothOff, "Bluetooth is off. Turn it on")
	bz.SetPowered(t, true)
	r.link(heartrate.LinkConnecting, "", "Looking for your strap")
	bz.DenyScans(t)
	bz.SetPowered(t, false) // the running scan ends; the next one is refused
	bz.SetPowered(t, true)
	r.link(heartrate.LinkRetrying, heartrate.ReasonBluetoothDenied, "Beatcast is not allowed to use Bluetooth")
}

// The library crashes on a device object BlueZ would never make: the
// helper dies, the source says so, starts a new one and reads the strap.
func TestACrashOfTheBluetoothStackIsSurvived(t *testing.T) {
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	r := read(t, bz, Strap{})
	r.link(heartrate.LinkConnecting, "", "Looking for your strap")
	bz.AddBrokenDevice(t, "DE:AD:00:00:00:01")
	r.link(heartrate.LinkRetrying, heartrate.ReasonBluetoothStopped, "Bluetooth stopped answering; Beatcast started it again")
	bz.RemoveBrokenDevice(t)
	strap := bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, Battery: -1})
	r.link(heartrate.LinkUp, "", "Connected to Polar H10 1A2B3C4D.")
	r.notifyUntil(strap, []byte{0x06, 0x48}, 72)
}

// A helper that hangs (stopped, as a stuck stack would be) is killed by
// the watchdog and replaced.
func TestAHungBluetoothStackIsReplaced(t *testing.T) {
	bz, strap := withStrap(t, -1)
	r := read(t, bz, Strap{})
	r.link(heartrate.LinkUp, "", "Connected to Polar H10")
	hung := helperPIDs(t)
	if len(hung) != 1 {
		t.Fatalf("helpers running: %v", hung)
	}
	syscall.Kill(hung[0], syscall.SIGSTOP)
	r.link(heartrate.LinkRetrying, heartrate.ReasonBluetoothStopped, "Bluetooth stopped answering")
	r.notifyUntil(strap, []byte{0x06, 0x48}, 72)
	if now := helperPIDs(t); slices.Contains(now, hung[0]) {
		t.Errorf("the hung helper %d is still there: %v", hung[0], now)
	}
}

// helperPIDs are this test's helper processes.
func helperPIDs(t *testing.T) []int {
	var pids []int
	paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range paths {
		cmd, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(cmd), HelperArg) {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "stat"))
		if fields := strings.Fields(string(stat)); len(fields) > 3 && fields[3] == strconv.Itoa(os.Getpid()) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			pids = append(pids, pid)
		}
	}
	return pids
}

func TestAScanListsHeartRateDevicesWithTheirSignal(t *testing.T) {
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: h10, RSSI: -55, Battery: -1})
	bz.AddStrap(t, blueztest.StrapSpec{Name: "Wahoo TICKR 1", Address: "C0:00:00:00:00:01", RSSI: -80, Battery: 60})
	var heard []Found
	start := time.Now()
	err := Scan(t.Context(), Helper{Path: os.Args[0], Env: []string{bz.Env()}}, 2*time.Second, func(f Found) { heard = append(heard, f) })
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("a 2 s scan took %v", took)
	}
	slices.SortFunc(heard, func(a, b Found) int { return strings.Compare(a.Address, b.Address) })
	if len(heard) != 2 || heard[0].Address != h10 || heard[0].Name != "Polar H10 1A2B3C4D" || heard[0].RSSI > -54 || heard[0].RSSI < -58 ||
		heard[1].Name != "Wahoo TICKR 1" {
		t.Errorf("heard %+v", heard)
	}
	// Bluetooth off: said in words.
	bz.SetPowered(t, false)
	err = Scan(t.Context(), Helper{Path: os.Args[0], Env: []string{bz.Env()}}, time.Second, func(Found) {})
	if err == nil || !strings.Contains(err.Error(), "Bluetooth is off") {
		t.Errorf("scanning with Bluetooth off: %v", err)
	}
}
