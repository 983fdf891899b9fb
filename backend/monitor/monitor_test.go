package monitor

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// publisher records what the monitor publishes.
type publisher struct {
	mu       sync.Mutex
	statuses []heartrate.Status
	beats    []heartrate.Beat
	changed  chan struct{}
}

func newPublisher() *publisher { return &publisher{changed: make(chan struct{}, 1000)} }

func (p *publisher) PublishStatus(s heartrate.Status) {
	p.mu.Lock()
	p.statuses = append(p.statuses, s)
	p.mu.Unlock()
	p.changed <- struct{}{}
}

func (p *publisher) PublishBeat(b heartrate.Beat) {
	p.mu.Lock()
	p.beats = append(p.beats, b)
	p.mu.Unlock()
}

func (p *publisher) last() heartrate.Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statuses[len(p.statuses)-1]
}

// waitFor waits until the latest status has the given state.
func (p *publisher) waitFor(t *testing.T, want heartrate.State, within time.Duration) heartrate.Status {
	t.Helper()
	deadline := time.After(within)
	for {
		if s := p.last(); s.State == want {
			return s
		}
		select {
		case <-p.changed:
		case <-deadline:
			t.Fatalf("status is %q, want %q within %v", p.last().State, want, within)
		}
	}
}

// scripted is a source the test drives through its sink.
type scripted struct{ sink chan heartrate.Sink }

func (s *scripted) Name() string { return "test" }
func (s *scripted) Run(ctx context.Context, out heartrate.Sink) error {
	s.sink <- out
	<-ctx.Done()
	return nil
}

func start(t *testing.T, timeout time.Duration) (*Monitor, *publisher, heartrate.Sink) {
	t.Helper()
	pub := newPublisher()
	m := New(pub, slog.New(slog.NewTextHandler(io.Discard, nil)), timeout)
	src := &scripted{sink: make(chan heartrate.Sink, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = m.Run(ctx, src); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return m, pub, <-src.sink
}

func TestBeatsMakeItLiveAndSilenceMakesItNoSignal(t *testing.T) {
	_, pub, sink := start(t, 100*time.Millisecond)
	pub.waitFor(t, heartrate.StateConnecting, time.Second)

	sink.Link(heartrate.Link{State: heartrate.LinkUp})
	sink.Beat(heartrate.Beat{BPM: 72, MeasuredAt: 1})
	live := pub.waitFor(t, heartrate.StateLive, time.Second)
	if live.Source != "test" {
		t.Errorf("source = %q, want test", live.Source)
	}

	began := time.Now()
	ns := pub.waitFor(t, heartrate.StateNoSignal, time.Second)
	if waited := time.Since(began); waited < 80*time.Millisecond {
		t.Errorf("no_signal after %v, before the 100ms timeout", waited)
	}
	if ns.LastBeatAt == 0 || ns.Message == "" {
		t.Errorf("no_signal status %+v lacks when the last beat came or what to do", ns)
	}

	sink.Beat(heartrate.Beat{BPM: 74, MeasuredAt: 2})
	pub.waitFor(t, heartrate.StateLive, time.Second)
}

func TestLinkUpWithoutBeatsBecomesNoSignal(t *testing.T) {
	_, pub, sink := start(t, 80*time.Millisecond)
	sink.Link(heartrate.Link{State: heartrate.LinkUp})
	if s := pub.last(); s.State != heartrate.StateConnecting {
		t.Errorf("right after the link came up: %q, want connecting (waiting for a first beat)", s.State)
	}
	pub.waitFor(t, heartrate.StateNoSignal, time.Second)
}

func TestInvalidReadingsAreDroppedAndCounted(t *testing.T) {
	m, pub, sink := start(t, time.Second)
	sink.Link(heartrate.Link{State: heartrate.LinkUp})
	for _, bpm := range []int{0, -5, 19, 251, 1000} {
		sink.Beat(heartrate.Beat{BPM: bpm})
	}
	sink.Beat(heartrate.Beat{BPM: 20})
	sink.Beat(heartrate.Beat{BPM: 250})
	pub.waitFor(t, heartrate.StateLive, time.Second)
	if got := m.Dropped(); got != 5 {
		t.Errorf("Dropped() = %d, want 5", got)
	}
	pub.mu.Lock()
	defer pub.mu.Unlock()
	if len(pub.beats) != 2 || pub.beats[0].BPM != 20 || pub.beats[1].BPM != 250 {
		t.Errorf("published beats %+v, want only 20 and 250", pub.beats)
	}
}

func TestLinkStatesPassThroughWithDetails(t *testing.T) {
	_, pub, sink := start(t, time.Second)
	sink.Link(heartrate.Link{State: heartrate.LinkRetrying, Attempt: 3, RetryAt: 99, Message: "Pulsoid is down (503)"})
	r := pub.waitFor(t, heartrate.StateReconnecting, time.Second)
	if r.Attempt != 3 || r.RetryAt != 99 || r.Message != "Pulsoid is down (503)" {
		t.Errorf("reconnecting status = %+v, want attempt 3, retry_at 99 and the message", r)
	}
	sink.Link(heartrate.Link{State: heartrate.LinkSignedOut, Reason: "token_revoked", Message: "the token was revoked"})
	so := pub.waitFor(t, heartrate.StateSignedOut, time.Second)
	if so.Reason != "token_revoked" {
		t.Errorf("signed_out reason = %q", so.Reason)
	}
}

func TestUnchangedStatusIsNotRepublished(t *testing.T) {
	_, pub, sink := start(t, time.Second)
	sink.Link(heartrate.Link{State: heartrate.LinkUp})
	for i := 0; i < 20; i++ {
		sink.Beat(heartrate.Beat{BPM: 80})
	}
	pub.waitFor(t, heartrate.StateLive, time.Second)
	pub.mu.Lock()
	defer pub.mu.Unlock()
	if n := len(pub.statuses); n > 3 {
		t.Errorf("%d statuses published for one connect and 20 beats; want connecting, live (and no repeats)", n)
	}
}

func TestTimeoutChangesAtOnce(t *testing.T) {
	m, pub, sink := start(t, time.Hour)
	sink.Link(heartrate.Link{State: heartrate.LinkUp})
	sink.Beat(heartrate.Beat{BPM: 70})
	pub.waitFor(t, heartrate.StateLive, time.Second)
	m.SetTimeout(50 * time.Millisecond) // the user shortens it in Settings
	ns := pub.waitFor(t, heartrate.StateNoSignal, time.Second)
	if !strings.Contains(ns.Message, "no heart rate has arrived") {
		t.Errorf("no_signal message %q", ns.Message)
	}
}
