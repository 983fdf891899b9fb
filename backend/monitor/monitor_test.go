package monitor

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

// The tests run in synctest bubbles: the no-signal timeout is asserted to
// the millisecond, and takes no time. They are named after the rows of the
// state table in ARCHITECTURE.md.

// publisher records what the monitor publishes.
type publisher struct {
	mu       sync.Mutex
	statuses []heartrate.Status
	beats    []heartrate.Beat
}

func (p *publisher) PublishStatus(s heartrate.Status) {
	p.mu.Lock()
	p.statuses = append(p.statuses, s)
	p.mu.Unlock()
}
func (p *publisher) PublishBeat(b heartrate.Beat) {
	p.mu.Lock()
	p.beats = append(p.beats, b)
	p.mu.Unlock()
}

// now is the latest status once everything has settled.
func (p *publisher) now() heartrate.Status {
	synctest.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statuses[len(p.statuses)-1]
}

func (p *publisher) mustBe(t *testing.T, want heartrate.State) heartrate.Status {
	t.Helper()
	s := p.now()
	if s.State != want {
		t.Fatalf("status %q (%s), want %q", s.State, s.Message, want)
	}
	return s
}

// scripted is a source the test drives through its sink.
type scripted struct{ sink chan heartrate.Sink }

func (s *scripted) Name() heartrate.SourceName { return "test" }
func (s *scripted) Run(ctx context.Context, out heartrate.Sink) error {
	s.sink <- out
	<-ctx.Done()
	return nil
}

func start(t *testing.T, timeout time.Duration) (*Monitor, *publisher, heartrate.Sink) {
	t.Helper()
	pub := &publisher{}
	m := New(pub, testkit.Quiet, timeout)
	src := &scripted{sink: make(chan heartrate.Sink, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { _ = m.Run(ctx, src); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return m, pub, <-src.sink
}

func TestLinkUpBeatWithinTheTimeoutIsLive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, 10*time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		sink.Beat(heartrate.Beat{BPM: 72, MeasuredAt: 1})
		if live := pub.mustBe(t, heartrate.StateLive); live.Source != "test" || live.LastBeatAt == 0 {
			t.Errorf("live status %+v, want its source and when the beat came", live)
		}
		time.Sleep(10*time.Second - time.Millisecond)
		pub.mustBe(t, heartrate.StateLive)
	})
}

func TestLinkUpNoBeatForTheTimeoutIsNoSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, 10*time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		sink.Beat(heartrate.Beat{BPM: 72})
		time.Sleep(10 * time.Second)
		ns := pub.mustBe(t, heartrate.StateNoSignal)
		if !strings.Contains(ns.Message, "no heart rate has arrived for 10 s") || ns.LastBeatAt == 0 {
			t.Errorf("no_signal %+v lacks what to do or when the last beat came", ns)
		}
		sink.Beat(heartrate.Beat{BPM: 74})
		pub.mustBe(t, heartrate.StateLive)
	})
}

func TestLinkUpNoBeatYetIsConnectingThenNoSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, 8*time.Second)
		pub.mustBe(t, heartrate.StateConnecting)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		pub.mustBe(t, heartrate.StateConnecting) // waiting for a first beat
		time.Sleep(8*time.Second - time.Millisecond)
		pub.mustBe(t, heartrate.StateConnecting)
		time.Sleep(time.Millisecond)
		pub.mustBe(t, heartrate.StateNoSignal)
	})
}

func TestRetryingIsReconnectingWithDetails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkRetrying, Attempt: 3, RetryAt: 99, Message: "Pulsoid is having trouble right now."})
		r := pub.mustBe(t, heartrate.StateReconnecting)
		if r.Attempt != 3 || r.RetryAt != 99 || r.Message != "Pulsoid is having trouble right now." {
			t.Errorf("reconnecting status = %+v, want attempt 3, retry_at 99 and the message", r)
		}
	})
}

func TestSignedOutAndSigningInPassThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkSigningIn})
		pub.mustBe(t, heartrate.StateSigningIn)
		sink.Link(heartrate.Link{State: heartrate.LinkSignedOut, Reason: "token_revoked", Message: "Sign in again."})
		if so := pub.mustBe(t, heartrate.StateSignedOut); so.Reason != "token_revoked" {
			t.Errorf("signed_out reason = %q", so.Reason)
		}
		time.Sleep(time.Minute) // no no-signal timer runs without a link
		pub.mustBe(t, heartrate.StateSignedOut)
	})
}

func TestInvalidReadingsAreDroppedAndCounted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, pub, sink := start(t, time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		for _, bpm := range []int{0, -5, 19, 251, 1000} {
			sink.Beat(heartrate.Beat{BPM: bpm})
		}
		pub.mustBe(t, heartrate.StateConnecting) // junk is not a signal
		sink.Beat(heartrate.Beat{BPM: 20})
		sink.Beat(heartrate.Beat{BPM: 250})
		pub.mustBe(t, heartrate.StateLive)
		if got := m.Dropped(); got != 5 {
			t.Errorf("Dropped() = %d, want 5", got)
		}
		pub.mu.Lock()
		defer pub.mu.Unlock()
		if len(pub.beats) != 2 || pub.beats[0].BPM != 20 || pub.beats[1].BPM != 250 {
			t.Errorf("published beats %+v, want only 20 and 250", pub.beats)
		}
	})
}

func TestUnchangedStatusIsNotRepublished(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		for range 20 {
			sink.Beat(heartrate.Beat{BPM: 80})
			time.Sleep(500 * time.Millisecond)
		}
		pub.mustBe(t, heartrate.StateLive)
		pub.mu.Lock()
		defer pub.mu.Unlock()
		if n := len(pub.statuses); n != 2 {
			t.Errorf("%d statuses published for one connect and 20 beats; want connecting, live", n)
		}
	})
}

func TestTimeoutChangesAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, pub, sink := start(t, time.Hour)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		sink.Beat(heartrate.Beat{BPM: 70})
		time.Sleep(30 * time.Second)
		pub.mustBe(t, heartrate.StateLive)
		m.SetTimeout(20 * time.Second) // the streamer shortens it in Settings: the beat is already older
		if ns := pub.mustBe(t, heartrate.StateNoSignal); !strings.Contains(ns.Message, "for 20 s") {
			t.Errorf("no_signal message %q", ns.Message)
		}
	})
}

// Signing in while the demo runs reports Pulsoid's sign-in from outside
// the running source: the demo's beats must stay the demo's.
func TestAReportForAnotherSourceNeverRelabelsTheRunningOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, pub, sink := start(t, 10*time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		sink.Beat(heartrate.Beat{BPM: 70})
		m.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSigningIn, Message: "Waiting for you to approve Beatcast on Pulsoid."})
		sink.Beat(heartrate.Beat{BPM: 71})
		if st := pub.mustBe(t, heartrate.StateLive); st.Source != "test" {
			t.Errorf("the running source's beats are labelled %q", st.Source)
		}
		for _, st := range pub.statuses {
			if st.Source == heartrate.SourcePulsoid {
				t.Errorf("published %+v while another source ran", st)
			}
		}
		// Its own reports still pass.
		m.Report("test", heartrate.Link{State: heartrate.LinkSignedOut})
		pub.mustBe(t, heartrate.StateSignedOut)
	})
}

// Back after an outage, the link waits for its first beat as a new one
// does: "connecting", not a flash of "no signal, is the strap on?".
func TestALinkBackAfterAnOutageIsConnectingUntilItsFirstBeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, 10*time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		sink.Beat(heartrate.Beat{BPM: 80})
		pub.mustBe(t, heartrate.StateLive)
		sink.Link(heartrate.Link{State: heartrate.LinkRetrying, Attempt: 1})
		time.Sleep(20 * time.Second) // the outage outlasts the timeout
		pub.mustBe(t, heartrate.StateReconnecting)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		pub.mustBe(t, heartrate.StateConnecting)
		time.Sleep(800 * time.Millisecond)
		sink.Beat(heartrate.Beat{BPM: 81})
		pub.mustBe(t, heartrate.StateLive)
		for _, st := range pub.statuses {
			if st.State == heartrate.StateNoSignal {
				t.Errorf("published %+v during the recovery", st)
			}
		}
		// A link that stays up without a beat is no signal after the timeout.
		sink.Link(heartrate.Link{State: heartrate.LinkRetrying, Attempt: 1})
		time.Sleep(15 * time.Second)
		sink.Link(heartrate.Link{State: heartrate.LinkUp})
		time.Sleep(9 * time.Second)
		pub.mustBe(t, heartrate.StateConnecting)
		time.Sleep(time.Second)
		pub.mustBe(t, heartrate.StateNoSignal)
	})
}

// Rows of a strap read directly: "the strap is not touching your skin" is
// no_signal at once, with its reason, and never a number; the strap rides
// along in every status; a new battery level is a new status.
func TestAStrapWithoutContactIsNoSignalAtOnceAndItsDeviceRidesAlong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, pub, sink := start(t, 0)
		battery := 80
		strap := &heartrate.Device{Name: "Polar H10", Address: "A0:9E:1A:00:00:01", Battery: &battery}
		sink.Link(heartrate.Link{State: heartrate.LinkUp, Device: strap, Message: "Connected to Polar H10 · battery 80 %"})
		sink.Beat(heartrate.Beat{BPM: 72, RR: []int{833}})
		if s := pub.mustBe(t, heartrate.StateLive); s.Device == nil || s.Device.Name != "Polar H10" || *s.Device.Battery != 80 {
			t.Fatalf("live without the strap: %+v", s)
		}
		sink.Link(heartrate.Link{State: heartrate.LinkNoContact, Reason: heartrate.ReasonNoContact, Device: strap,
			Message: "Polar H10 is not touching your skin."})
		if s := pub.mustBe(t, heartrate.StateNoSignal); s.Reason != heartrate.ReasonNoContact || s.Device == nil {
			t.Fatalf("no contact: %+v", s)
		}
		fewer := 79
		sink.Link(heartrate.Link{State: heartrate.LinkUp, Device: &heartrate.Device{Name: "Polar H10", Address: strap.Address, Battery: &fewer},
			Message: "Connected to Polar H10 · battery 79 %"})
		sink.Beat(heartrate.Beat{BPM: 74})
		if s := pub.mustBe(t, heartrate.StateLive); *s.Device.Battery != 79 {
			t.Errorf("battery %d, want 79", *s.Device.Battery)
		}
	})
}

func TestAStrapThatSendsNothingIsNoSignalWithAStrapsAdvice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pub := &publisher{}
		m := New(pub, testkit.Quiet, 0)
		src := &named{scripted: scripted{sink: make(chan heartrate.Sink, 1)}, name: heartrate.SourceBLE}
		go m.Run(t.Context(), src)
		sink := <-src.sink
		sink.Link(heartrate.Link{State: heartrate.LinkUp, Message: "Connected to Polar H10"})
		time.Sleep(DefaultSignalTimeout)
		s := pub.mustBe(t, heartrate.StateNoSignal)
		if s.Reason != heartrate.ReasonNoSignal || !strings.Contains(s.Message, NoSignalAdviceBLE) {
			t.Errorf("%+v, want the strap's advice", s)
		}
	})
}

type named struct {
	scripted
	name heartrate.SourceName
}

func (n *named) Name() heartrate.SourceName { return n.name }
