package pulsoid

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// sink records what a source reports and lets a test wait for it.
type sink struct {
	mu      sync.Mutex
	beats   []heartrate.Beat
	links   []heartrate.Link
	changed chan struct{}
}

func newSink() *sink { return &sink{changed: make(chan struct{}, 10000)} }

func (s *sink) Beat(b heartrate.Beat) {
	s.mu.Lock()
	s.beats = append(s.beats, b)
	s.mu.Unlock()
	s.changed <- struct{}{}
}

func (s *sink) Link(l heartrate.Link) {
	s.mu.Lock()
	s.links = append(s.links, l)
	s.mu.Unlock()
	s.changed <- struct{}{}
}

func (s *sink) waitUntil(t *testing.T, what string, cond func(beats []heartrate.Beat, links []heartrate.Link) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		ok := cond(s.beats, s.links)
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-s.changed:
		case <-deadline:
			s.mu.Lock()
			defer s.mu.Unlock()
			t.Fatalf("timed out waiting for %s; beats %v, links %+v", what, s.beats, s.links)
		}
	}
}

func lastLink(links []heartrate.Link) heartrate.LinkState {
	if len(links) == 0 {
		return -1
	}
	return links[len(links)-1].State
}

// connected waits until the client is up and the fake has its socket.
func connected(t *testing.T, s *sink, fake *pulsoidtest.Server) {
	t.Helper()
	s.waitUntil(t, "link up", linkIs(heartrate.LinkUp))
	if !fake.AwaitConnections(1, 2*time.Second) {
		t.Fatal("the fake never registered the socket")
	}
}

func linkIs(st heartrate.LinkState) func([]heartrate.Beat, []heartrate.Link) bool {
	return func(_ []heartrate.Beat, l []heartrate.Link) bool { return lastLink(l) == st }
}

func countLinks(links []heartrate.Link, st heartrate.LinkState) int {
	n := 0
	for _, l := range links {
		if l.State == st {
			n++
		}
	}
	return n
}

// run starts a Realtime against fake with token and returns its sink and
// a stop function that cancels it and returns Run's error.
func run(t *testing.T, fake *pulsoidtest.Server, token string, tune func(*Realtime)) (*Realtime, *sink, func() error) {
	t.Helper()
	r := &Realtime{
		Client:       NewClient(fake.URL, nil),
		APIURL:       fake.URL,
		Token:        Token(token),
		Log:          quiet,
		PingInterval: time.Hour,
		PollInterval: 20 * time.Millisecond,
		Backoff:      func(n int) time.Duration { return Backoff(n, 0.5) / 20 }, // 50 ms, 100 ms, …
	}
	if tune != nil {
		tune(r)
	}
	s := newSink()
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- r.Run(ctx, s) }()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-result:
			case <-time.After(3 * time.Second):
				t.Fatal("Run did not return within 3s of cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return r, s, stop
}

func TestStreamsBeatsWithMeasuredAtUnchanged(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	_, s, stop := run(t, fake, "tok", nil)
	connected(t, s, fake)
	fake.Send(72, 1625310655000)
	fake.Send(73, 1625310656001)
	s.waitUntil(t, "two beats", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 2 })
	s.mu.Lock()
	if s.beats[0] != (heartrate.Beat{BPM: 72, MeasuredAt: 1625310655000}) || s.beats[1].MeasuredAt != 1625310656001 {
		t.Errorf("beats = %+v", s.beats)
	}
	s.mu.Unlock()
	if err := stop(); err != nil {
		t.Errorf("Run = %v after cancel, want nil", err)
	}
}

func TestAbruptDropReconnects(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	_, s, _ := run(t, fake, "tok", nil)
	connected(t, s, fake)
	fake.DropAll()
	s.waitUntil(t, "reconnected", func(_ []heartrate.Beat, l []heartrate.Link) bool {
		return countLinks(l, heartrate.LinkRetrying) == 1 && lastLink(l) == heartrate.LinkUp
	})
	connected(t, s, fake)
	s.mu.Lock()
	retry := s.links[len(s.links)-2]
	s.mu.Unlock()
	if retry.Attempt != 1 || retry.RetryAt == 0 || retry.Message == "" {
		t.Errorf("retrying link = %+v, want attempt 1, a retry time and a message", retry)
	}
	fake.Send(90, 5)
	s.waitUntil(t, "a beat after reconnecting", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 1 })
}

func TestOutageIsRetriedWithBoundedAttemptsThenRecovers(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	// 10 s of 503 with backoff scaled down twenty times: 0.5 s of outage.
	fake.Outage(http.StatusServiceUnavailable, 500*time.Millisecond)
	_, s, _ := run(t, fake, "tok", nil)
	s.waitUntil(t, "recovery", linkIs(heartrate.LinkUp))
	handshakes := fake.Calls("GET /api/v1/data/real_time")
	// Backoff 50, 100, 200, 400 ms: about five tries cover 0.5 s.
	if handshakes < 2 || handshakes > 7 {
		t.Errorf("%d handshakes during the outage, want a handful (backoff), not a storm", handshakes)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var last heartrate.Link
	for _, l := range s.links {
		if l.State == heartrate.LinkRetrying {
			if l.Attempt != last.Attempt+1 {
				t.Errorf("attempts not counted up: %d after %d", l.Attempt, last.Attempt)
			}
			if l.Reason != "pulsoid_error" {
				t.Errorf("503 reason = %q, want pulsoid_error", l.Reason)
			}
			last = l
		}
	}
}

func TestDeadTokenAtHandshakeSignsOutWithoutRetryStorm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(*pulsoidtest.Server)
		reason string
	}{
		{"revoked (403 7005)", func(f *pulsoidtest.Server) { f.Edit("tok", func(a *pulsoidtest.Account) { a.Revoked = true }) }, "token_revoked"},
		{"expired (403 7006)", func(f *pulsoidtest.Server) { f.Edit("tok", func(a *pulsoidtest.Account) { a.Expired = true }) }, "token_expired"},
		{"401", func(f *pulsoidtest.Server) { f.FailHandshakes(401, 401, 401) }, "token_rejected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := pulsoidtest.New(t)
			fake.AddToken("tok")
			tc.setup(fake)
			_, s, stop := run(t, fake, "tok", nil)
			s.waitUntil(t, "signed out", linkIs(heartrate.LinkSignedOut))
			err := stop()
			if Classify(err) != SignedOut {
				t.Errorf("Run = %v, want a signed-out error", err)
			}
			if n := fake.Calls("GET /api/v1/data/real_time"); n > 2 {
				t.Errorf("%d handshakes with a dead token, want at most 2", n)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if l := s.links[len(s.links)-1]; l.Reason != tc.reason || !strings.Contains(l.Message, "Sign in again") {
				t.Errorf("signed-out link = %+v, want reason %s and advice", l, tc.reason)
			}
		})
	}
}

func TestTokenRevokedWhileStreamingStopsAtReconnect(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	_, s, stop := run(t, fake, "tok", nil)
	connected(t, s, fake)
	fake.Edit("tok", func(a *pulsoidtest.Account) { a.Revoked = true })
	fake.DropAll()
	s.waitUntil(t, "signed out", linkIs(heartrate.LinkSignedOut))
	if err := stop(); Classify(err) != SignedOut {
		t.Errorf("Run = %v, want signed out", err)
	}
}

func TestPaidPlanNeededFallsBackToRESTPolling(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok").Premium = false
	fake.SetLatest(64, 1000)
	_, s, _ := run(t, fake, "tok", nil)
	s.waitUntil(t, "a beat over REST", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 1 })
	fake.SetLatest(66, 2000)
	s.waitUntil(t, "the next REST beat", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 2 })
	time.Sleep(100 * time.Millisecond) // several polls of an unchanged reading
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.beats) != 2 || s.beats[1] != (heartrate.Beat{BPM: 66, MeasuredAt: 2000}) {
		t.Errorf("beats = %+v, want 64@1000 then 66@2000 and no repeats", s.beats)
	}
	up := s.links[len(s.links)-1]
	if up.State != heartrate.LinkUp || up.Reason != "rest_fallback" || !strings.Contains(up.Message, "paid plan") {
		t.Errorf("link = %+v, want up through the REST fallback, saying why", up)
	}
}

func TestPaidPlanNeededWithoutRESTSaysSoAndStops(t *testing.T) {
	fake := pulsoidtest.New(t)
	acct := fake.AddToken("tok")
	acct.Premium, acct.RESTAllowed = false, false
	_, s, stop := run(t, fake, "tok", nil)
	s.waitUntil(t, "stopped", linkIs(heartrate.LinkSignedOut))
	if err := stop(); Classify(err) != PremiumRequired {
		t.Errorf("Run = %v, want premium required", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.links[len(s.links)-1]; l.Reason != "premium_required" || !strings.Contains(l.Message, "paid plan") {
		t.Errorf("link = %+v, want the paid plan explained", l)
	}
}

func TestMalformedFramesAreDroppedAndCounted(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	r, s, _ := run(t, fake, "tok", nil)
	connected(t, s, fake)
	for _, frame := range []string{
		`not json`,
		`{"measured_at": 1}`,
		`{"measured_at": 1, "data": {"heart_rate": "fast"}}`,
		`{"measured_at": 1, "data": {"heart_rate": null}}`,
		`[]`,
	} {
		fake.SendRaw(websocket.MessageText, []byte(frame))
	}
	fake.SendRaw(websocket.MessageBinary, []byte{0x01, 0x02})
	fake.Send(71, 42)
	s.waitUntil(t, "the valid beat", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 1 })
	if got := r.Malformed(); got != 6 {
		t.Errorf("Malformed() = %d, want 6", got)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.beats[0].BPM != 71 || countLinks(s.links, heartrate.LinkRetrying) != 0 {
		t.Errorf("beats %+v links %+v: bad frames must not break the connection", s.beats, s.links)
	}
}

func TestOversizedFrameDropsTheConnectionNotTheApp(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	_, s, _ := run(t, fake, "tok", nil)
	connected(t, s, fake)
	fake.SendRaw(websocket.MessageText, []byte(`{"pad":"`+strings.Repeat("x", 10000)+`"}`))
	s.waitUntil(t, "reconnected", func(_ []heartrate.Beat, l []heartrate.Link) bool {
		return countLinks(l, heartrate.LinkRetrying) == 1 && lastLink(l) == heartrate.LinkUp
	})
}

func TestSilentServerThatIgnoresPingsIsReplaced(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	fake.Deaf(true)
	_, s, _ := run(t, fake, "tok", func(r *Realtime) {
		r.PingInterval = 50 * time.Millisecond
		r.PongTimeout = 50 * time.Millisecond
	})
	s.waitUntil(t, "link up", linkIs(heartrate.LinkUp))
	fake.Deaf(false) // the next connection is healthy
	s.waitUntil(t, "a new connection after the missed pong", func(_ []heartrate.Beat, l []heartrate.Link) bool {
		return countLinks(l, heartrate.LinkRetrying) >= 1 && lastLink(l) == heartrate.LinkUp
	})
	// The half-open first socket stays open at the fake; wait for the new one too.
	if !fake.AwaitConnections(2, 2*time.Second) {
		t.Fatal("the fake never registered the new socket")
	}
	fake.Send(80, 1)
	s.waitUntil(t, "a beat on the new connection", func(b []heartrate.Beat, _ []heartrate.Link) bool { return len(b) == 1 })
}

func TestShutdownMidBackoffReturnsPromptly(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	fake.Outage(http.StatusBadGateway, time.Hour)
	_, s, stop := run(t, fake, "tok", func(r *Realtime) { r.Backoff = func(int) time.Duration { return time.Hour } })
	s.waitUntil(t, "waiting to retry", linkIs(heartrate.LinkRetrying))
	began := time.Now()
	if err := stop(); err != nil {
		t.Errorf("Run = %v, want nil on cancel", err)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("Run took %v to return after cancel during an hour-long backoff", d)
	}
}

func TestRefusedConnectionIsRetriedAsNetworkTrouble(t *testing.T) {
	fake := pulsoidtest.New(t)
	url := fake.URL
	fake.Close() // nothing listens there any more
	r := &Realtime{Client: NewClient(url, nil), APIURL: url, Token: "tok", Log: quiet,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond }}
	s := newSink()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, s) }()
	s.waitUntil(t, "three retries", func(_ []heartrate.Beat, l []heartrate.Link) bool {
		return countLinks(l, heartrate.LinkRetrying) >= 3
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.links {
		if l.State == heartrate.LinkRetrying && (l.Reason != "network" || !strings.Contains(l.Message, "Can't reach Pulsoid")) {
			t.Errorf("refused connection reported as %+v, want network trouble", l)
		}
	}
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt  int
		r        float64
		want     time.Duration
		scenario string
	}{
		{1, 0.5, 1 * time.Second, "first retry, no jitter"},
		{2, 0.5, 2 * time.Second, "doubles"},
		{3, 0.5, 4 * time.Second, "doubles again"},
		{5, 0.5, 16 * time.Second, ""},
		{6, 0.5, 30 * time.Second, "capped at 30 s"},
		{100, 0.5, 30 * time.Second, "stays capped, no overflow"},
		{1, 0, 800 * time.Millisecond, "jitter low end: -20 %"},
		{1, 0.75, 1100 * time.Millisecond, "jitter: +10 %"},
		{6, 0, 24 * time.Second, "jitter applies to the cap too"},
	} {
		got := Backoff(tc.attempt, tc.r).Round(time.Microsecond)
		if got != tc.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v (%s)", tc.attempt, tc.r, got, tc.want, tc.scenario)
		}
	}
}

func TestRealtimeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://dev.pulsoid.net":   "wss://dev.pulsoid.net/api/v1/data/real_time",
		"http://127.0.0.1:4000/":    "ws://127.0.0.1:4000/api/v1/data/real_time",
		"https://example.com/base/": "wss://example.com/base/api/v1/data/real_time",
	} {
		if got := realtimeURL(in); got != want {
			t.Errorf("realtimeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
