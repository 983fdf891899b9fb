package background

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

type fakeTray struct {
	mu    sync.Mutex
	shown []string
}

func (f *fakeTray) SetStatus(s string) { f.mu.Lock(); f.shown = append(f.shown, s); f.mu.Unlock() }
func (f *fakeTray) Close()             {}

// Each change the streamer could see reaches the tray once, in order. The
// test lets the tray catch up after every publish: the tray runs beside the
// publisher, so a status and the beat after it may be shown one by one or
// together (CI under Wine once saw "Live" between them), and both are right.
func TestTheTrayFollowsTheStream(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		tray := &fakeTray{}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go Follow(ctx, h, tray)
		for _, publish := range []func(){
			func() { h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"}) },
			func() { h.PublishBeat(heartrate.Beat{BPM: 88}) },
			func() { h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal, Source: "pulsoid"}) },
			h.Reset, // the service starts a fresh stream when the source changes
			func() { h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"}) },
			func() { h.PublishBeat(heartrate.Beat{BPM: 70}) },
			func() { h.PublishBeat(heartrate.Beat{BPM: 70}) },
		} {
			synctest.Wait()
			publish()
		}
		synctest.Wait()
		tray.mu.Lock()
		defer tray.mu.Unlock()
		// The reset and the second 70 change nothing in words: not shown again.
		want := []string{"Connecting", "Live", "Live · 88 BPM", "No signal from the strap", "Live", "Demo · 70 BPM"}
		if strings.Join(tray.shown, "|") != strings.Join(want, "|") {
			t.Errorf("the tray showed %q, want %q", tray.shown, want)
		}
	})
}

func TestTheTrayIconIsWrappedAsWindowsWantsIt(t *testing.T) {
	pngData, err := os.ReadFile("../../build/trayicon.png")
	if err != nil {
		t.Fatal(err)
	}
	ico := pngICO(pngData)
	if len(ico) != 22+len(pngData) || ico[2] != 1 || ico[4] != 1 || ico[6] != 64 || ico[7] != 64 || string(ico[22:26]) != "\x89PNG" {
		t.Errorf("not an ICO holding the 64-pixel PNG: % x", ico[:min(26, len(ico))])
	}
	if pngICO(make([]byte, 10)) != nil {
		t.Error("a non-PNG was wrapped")
	}
}

// A strap in the tray: its name and battery while live, and each state a
// streamer must act on, in a few words; never "signed out".
func TestTheTraySaysAStrapsStateInWords(t *testing.T) {
	battery := 80
	strap := &heartrate.Device{Name: "Polar H10", Address: "A0:9E:1A:00:00:01", Battery: &battery}
	ble := heartrate.SourceBLE
	for _, tc := range []struct {
		st   heartrate.Status
		beat *heartrate.Beat
		want string
	}{
		{heartrate.Status{State: heartrate.StateLive, Source: ble, Device: strap}, &heartrate.Beat{BPM: 72}, "Live · 72 BPM · Polar H10 · battery 80 %"},
		{heartrate.Status{State: heartrate.StateConnecting, Source: ble}, nil, "Looking for your strap"},
		{heartrate.Status{State: heartrate.StateNoSignal, Source: ble, Reason: heartrate.ReasonNoContact, Device: strap}, nil, "Polar H10 is not touching your skin"},
		{heartrate.Status{State: heartrate.StateReconnecting, Source: ble, Reason: heartrate.ReasonStrapLost, Device: strap}, nil, "Polar H10 lost: looking again"},
		{heartrate.Status{State: heartrate.StateReconnecting, Source: ble, Reason: heartrate.ReasonBluetoothOff}, nil, "Bluetooth is off: turn it on"},
		{heartrate.Status{State: heartrate.StateReconnecting, Source: ble, Reason: heartrate.ReasonNoAdapter}, nil, "No Bluetooth adapter"},
		{heartrate.Status{State: heartrate.StateReconnecting, Source: ble, Reason: heartrate.ReasonBluetoothDenied}, nil, "Bluetooth not allowed for Beatcast"},
	} {
		if got := Describe(tc.st, tc.beat); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.st.State, tc.st.Reason, got, tc.want)
		}
	}
}
