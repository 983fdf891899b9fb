package service

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

var quiet = testkit.Quiet

func newService(t *testing.T) *Service {
	t.Helper()
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Version: "test", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

type events struct {
	mu    sync.Mutex
	names []Event
	beats []UIBeat
	state heartrate.State
}

func (e *events) emit(name Event, payload any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.names = append(e.names, name)
	switch p := payload.(type) {
	case UIBeat:
		e.beats = append(e.beats, p)
	case heartrate.Status:
		e.state = p.State
	}
}

func (e *events) snapshot() (int, heartrate.State) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.beats), e.state
}

func TestDemoBeatsReachTheUIAndTheOverlay(t *testing.T) {
	svc := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, &demo.Source{Interval: 20 * time.Millisecond}) }()

	ev := &events{}
	fwdDone := make(chan struct{})
	go func() { ForwardToUI(ctx, svc.Hub, ev.emit); close(fwdDone) }()
	testkit.Eventually(t, "3 beats and live in the UI", func() bool {
		n, st := ev.snapshot()
		return n >= 3 && st == heartrate.StateLive
	})

	resp, err := http.Get(svc.OverlayURL() + "api/state")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"state":"live"`) || !strings.Contains(string(body), `"source":"demo"`) {
		t.Errorf("/api/state = %s, want live from demo", body)
	}

	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run = %v after cancel, want nil", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	<-fwdDone
}

func TestUseSwitchesFromNothingToTheDemo(t *testing.T) {
	svc := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = svc.Run(ctx, nil) }()
	svc.Monitor.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut})
	if st := svc.Hub.Snapshot().Status.State; st != heartrate.StateSignedOut {
		t.Fatalf("state %q, want signed_out before the switch", st)
	}
	svc.Use(ctx, &demo.Source{Interval: 10 * time.Millisecond})
	testkit.Eventually(t, "the demo to go live", func() bool {
		s := svc.Hub.Snapshot()
		return s.Status.State == heartrate.StateLive && s.Status.Source == "demo" && s.Beat != nil
	})
}

func TestNewReportsATakenOverlayPort(t *testing.T) {
	first := newService(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(first.OverlayURL(), "http://"), "/")
	_, err := New(Config{OverlayAddr: addr, Log: quiet})
	if err == nil || !strings.Contains(err.Error(), addr) || !strings.Contains(err.Error(), "--overlay-addr") {
		t.Fatalf("New on a taken port = %v; want an error naming %s and --overlay-addr", err, addr)
	}
}

func TestWindowKeepsGoingWhenTheOverlayPortIsTaken(t *testing.T) {
	first := newService(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(first.OverlayURL(), "http://"), "/")
	svc, err := New(Config{OverlayAddr: addr, Log: quiet, KeepGoingWithoutOverlay: true})
	if err != nil {
		t.Fatalf("New = %v, want a service without an overlay", err)
	}
	if e := svc.OverlayError(); e == nil || !strings.Contains(e.Error(), addr) {
		t.Errorf("OverlayError = %v, want it to name %s", e, addr)
	}
	if svc.OverlayURL() != "" || svc.OverlayClients() != 0 {
		t.Error("a service without an overlay offers a URL")
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, &demo.Source{Interval: 10 * time.Millisecond}) }()
	testkit.Eventually(t, "the demo to run without an overlay", func() bool { return svc.Hub.Snapshot().Beat != nil })
	cancel()
	if err := <-ran; err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestOverlayClientsAreCounted(t *testing.T) {
	svc := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { _ = svc.Run(ctx, nil); close(ran) }()
	defer func() { cancel(); <-ran }()
	dctx, dcancel := context.WithTimeout(ctx, 2*time.Second)
	defer dcancel()
	c, _, err := websocket.Dial(dctx, "ws"+strings.TrimPrefix(svc.OverlayURL(), "http")+"ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "one overlay client", func() bool { return svc.OverlayClients() == 1 })
	c.Close(websocket.StatusNormalClosure, "")
	testkit.Eventually(t, "no overlay clients", func() bool { return svc.OverlayClients() == 0 })
}

func TestAHiddenWindowIsSentNothingThenTheNewestAtOnce(t *testing.T) {
	h := hubWithBeat(t)
	ev := &events{}
	f := NewForwarder(h, ev.emit)
	f.SetVisible(false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	for bpm := 70; bpm < 80; bpm++ {
		h.PublishBeat(heartrate.Beat{BPM: bpm})
	}
	time.Sleep(100 * time.Millisecond) // time enough to send, were it visible
	if n, _ := ev.snapshot(); n != 0 {
		t.Fatalf("a hidden window was sent %d beats", n)
	}
	f.SetVisible(true)
	testkit.Eventually(t, "the newest beat", func() bool { n, _ := ev.snapshot(); return n == 1 })
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.beats[0].BPM != 79 || ev.state != heartrate.StateLive {
		t.Errorf("on showing: beat %d, state %q; want the newest (79), live", ev.beats[0].BPM, ev.state)
	}
}

// hubWithBeat is a hub already live from Pulsoid.
func hubWithBeat(t *testing.T) *hub.Hub {
	t.Helper()
	h := hub.New()
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	return h
}
