package pulsoid

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/testkit"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every test here runs in a synctest bubble against the in-memory fake:
// synctest.Wait() returns once everything has settled, and time.Sleep
// moves the fake clock by exactly that much.

type running struct {
	*Realtime
	sink   *testkit.Sink
	stop   func() error
	cancel context.CancelFunc
}

// run starts a Realtime against fake with token, with Pulsoid's real
// backoff and timings unless tune changes them.
func run(t *testing.T, fake *pulsoidtest.Server, token string, tune func(*Realtime)) *running {
	t.Helper()
	r := &Realtime{Client: NewClient(fake.URL, fake.Client()), APIURL: fake.URL, Token: Token(token),
		HTTP: fake.Client(), Log: testkit.Quiet}
	if tune != nil {
		tune(r)
	}
	sink := &testkit.Sink{}
	ctx, cancel := context.WithCancel(t.Context())
	result := make(chan error, 1)
	go func() { result <- r.Run(ctx, sink) }()
	stop := func() error {
		cancel()
		return <-result
	}
	t.Cleanup(func() { cancel() })
	synctest.Wait()
	return &running{Realtime: r, sink: sink, stop: stop, cancel: cancel}
}

func (r *running) beats() int { return len(r.sink.Beats()) }

// mustBeUp checks that the client is connected and the fake has its socket.
func mustBeUp(t *testing.T, r *running, fake *pulsoidtest.Server) {
	t.Helper()
	synctest.Wait()
	if l := r.sink.Last(); l.State != heartrate.LinkUp || fake.Connections() != 1 {
		t.Fatalf("link %+v with %d sockets at the fake, want up with one", l, fake.Connections())
	}
}

func lastRetry(t *testing.T, s *testkit.Sink) heartrate.Link {
	t.Helper()
	links := s.Links()
	for i := len(links) - 1; i >= 0; i-- {
		if links[i].State == heartrate.LinkRetrying {
			return links[i]
		}
	}
	t.Fatalf("no retry reported; links %+v", links)
	return heartrate.Link{}
}

func TestStreamsBeatsWithMeasuredAtUnchanged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		mustBeUp(t, r, fake)
		fake.Send(72, 1625310655000)
		fake.Send(73, 1625310656001)
		synctest.Wait()
		b := r.sink.Beats()
		if len(b) != 2 || b[0].BPM != 72 || b[0].MeasuredAt != 1625310655000 || b[1].MeasuredAt != 1625310656001 {
			t.Errorf("beats = %+v", b)
		}
		if err := r.stop(); err != nil {
			t.Errorf("Run = %v after cancel, want nil", err)
		}
	})
}

func TestAbruptDropReconnectsWithinHalfASecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		mustBeUp(t, r, fake)
		fake.Send(70, 1)
		synctest.Wait()
		fake.DropAll()
		synctest.Wait()
		retry := lastRetry(t, r.sink)
		wait := time.Until(time.UnixMilli(retry.RetryAt))
		if retry.Attempt != 1 || wait < 400*time.Millisecond || wait > 600*time.Millisecond {
			t.Errorf("retry %+v in %v, want attempt 1 in 0.5 s ±20 %%", retry, wait)
		}
		// The wait is data (retry_at): the window counts it down, so the
		// sentence says only what happened.
		if retry.Message != "The live connection to Pulsoid dropped." {
			t.Errorf("message %q, want the drop in words", retry.Message)
		}
		time.Sleep(wait + time.Millisecond) // retry_at is in whole milliseconds
		synctest.Wait()
		mustBeUp(t, r, fake)
		fake.Send(90, 5)
		synctest.Wait()
		if r.beats() != 2 {
			t.Errorf("%d beats, want one before and one after the drop", r.beats())
		}
	})
}

// Issue #11: after an outage of any length, the number is back within 5 s
// of Pulsoid answering again: at most 3 s of backoff, then the strap's
// next reading.
func TestBackWithinFiveSecondsOfPulsoidAnsweringAfterAnyOutage(t *testing.T) {
	for _, outage := range []time.Duration{10 * time.Second, time.Minute, 10 * time.Minute} {
		t.Run(outage.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				fake.AddToken("tok")
				r := run(t, fake, "tok", nil)
				mustBeUp(t, r, fake)
				fake.FailFor(pulsoidtest.AnyRoute, outage, pulsoidtest.EdgePage(http.StatusServiceUnavailable))
				fake.DropAll()
				answering := time.Now().Add(outage)
				time.Sleep(outage)
				synctest.Wait()
				for fake.Connections() == 0 {
					time.Sleep(10 * time.Millisecond)
					synctest.Wait()
				}
				if back := time.Since(answering); back > 3*time.Second {
					t.Errorf("reconnected %v after Pulsoid answered again, want ≤ 3 s (then one strap reading)", back)
				}
				if n := fake.Calls(pulsoidtest.RouteValidate); n > int(outage/(2*time.Second))+4 {
					t.Errorf("%d validate calls during a %v outage: a retry storm", n, outage)
				}
				retry := lastRetry(t, r.sink)
				if retry.Reason != "pulsoid_error" || !strings.HasPrefix(retry.Message, "Pulsoid is having trouble") {
					t.Errorf("retry %+v, want Pulsoid's trouble in plain words", retry)
				}
				if strings.Contains(retry.Message, "503") {
					t.Errorf("message %q shows an HTTP status to a streamer", retry.Message)
				}
			})
		})
	}
}

func TestBackoffStartsOverAfterTheFirstGoodBeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		fake.FailFor(pulsoidtest.AnyRoute, time.Minute, pulsoidtest.HangUp)
		fake.DropAll()
		time.Sleep(time.Minute + 3*time.Second)
		synctest.Wait()
		mustBeUp(t, r, fake)
		if a := lastRetry(t, r.sink).Attempt; a < 10 {
			t.Fatalf("attempt %d after a minute of outage, want many", a)
		}
		fake.Send(80, 1) // the first good beat
		synctest.Wait()
		fake.DropAll() // a blip just after recovering
		synctest.Wait()
		retry := lastRetry(t, r.sink)
		if wait := time.Until(time.UnixMilli(retry.RetryAt)); retry.Attempt != 1 || wait > 600*time.Millisecond {
			t.Errorf("after a good beat the next blip waits %v (attempt %d), want the first step again", wait, retry.Attempt)
		}
	})
}

func TestRefusalAtTheUpgradeWithAValidTokenIsRetriedNotSignedOut(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault pulsoidtest.Fault
	}{
		{"an edge's HTML 403", pulsoidtest.EdgePage(http.StatusForbidden)},
		{"an HTML 401", pulsoidtest.EdgePage(http.StatusUnauthorized)},
		{"Pulsoid's 403 7005, but validate disagrees", pulsoidtest.PulsoidError(403, 7005, "token_not_found")},
		{"403 6001: trouble at Pulsoid", pulsoidtest.PulsoidError(403, 6001, "error_while_validating_token")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				fake.AddToken("tok")
				fake.Fail(pulsoidtest.RouteRealtime, 2, tc.fault)
				r := run(t, fake, "tok", nil)
				retry := lastRetry(t, r.sink)
				if retry.Reason != "refused" && retry.Reason != "pulsoid_error" {
					t.Errorf("reason %q, want refused or pulsoid_error", retry.Reason)
				}
				if retry.RetryAt <= time.Now().UnixMilli() || retry.Message == "" {
					t.Errorf("retry %+v does not say why or when it retries", retry)
				}
				time.Sleep(5 * time.Second)
				synctest.Wait()
				mustBeUp(t, r, fake)
				if n := r.sink.Count(heartrate.LinkSignedOut); n != 0 {
					t.Errorf("signed out %d times with a token that validates", n)
				}
			})
		})
	}
}

func TestRefusedLiveConnectionIsWordedAsSuch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		fake.Fail(pulsoidtest.RouteRealtime, 1, pulsoidtest.EdgePage(http.StatusForbidden))
		r := run(t, fake, "tok", nil)
		if retry := lastRetry(t, r.sink); retry.Reason != "refused" ||
			retry.Message != "Pulsoid refused the live connection." {
			t.Errorf("retry %+v", retry)
		}
		if n := fake.Calls(pulsoidtest.RouteValidate); n != 1 {
			t.Errorf("%d validate calls, want one to confirm the refusal", n)
		}
	})
}

func TestOnlyValidateSignsOutADeadToken(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(*pulsoidtest.Server)
		reason heartrate.Reason
	}{
		{"revoked: 403 7005", func(f *pulsoidtest.Server) { f.Edit("tok", func(a *pulsoidtest.Account) { a.Revoked = true }) }, "token_revoked"},
		{"expired: 403 7006", func(f *pulsoidtest.Server) { f.Edit("tok", func(a *pulsoidtest.Account) { a.Expired = true }) }, "token_expired"},
		{"validate answers 401", func(f *pulsoidtest.Server) {
			f.Fail(pulsoidtest.RouteRealtime, 1, pulsoidtest.EdgePage(401))
			f.Fail(pulsoidtest.RouteValidate, 1, pulsoidtest.EdgePage(401))
		}, "token_rejected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				fake.AddToken("tok")
				tc.setup(fake)
				r := run(t, fake, "tok", nil)
				if l := r.sink.Last(); l.State != heartrate.LinkSignedOut || l.Reason != tc.reason || !strings.Contains(l.Message, "Sign in again") {
					t.Errorf("link %+v, want signed out (%s) with advice", l, tc.reason)
				}
				if err := r.stop(); Classify(err) != SignedOut {
					t.Errorf("Run = %v, want a signed-out error", err)
				}
				if n := fake.Calls(pulsoidtest.RouteRealtime); n != 1 {
					t.Errorf("%d handshakes with a dead token, want 1", n)
				}
			})
		})
	}
}

func TestPulsoidsTroubleNeverSignsOut(t *testing.T) {
	for _, tc := range []struct {
		name  string
		route string
		fault pulsoidtest.Fault
	}{
		{"validate 403 6001", pulsoidtest.RouteValidate, pulsoidtest.PulsoidError(403, 6001, "error_while_validating_token")},
		{"validate 500 7003", pulsoidtest.RouteValidate, pulsoidtest.PulsoidError(500, 7003, "error_while_validating_token")},
		{"validate behind an edge's 403 page", pulsoidtest.RouteValidate, pulsoidtest.EdgePage(403)},
		{"validate hangs up", pulsoidtest.RouteValidate, pulsoidtest.HangUp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				fake.AddToken("tok")
				r := run(t, fake, "tok", nil)
				fake.Fail(tc.route, 3, tc.fault)
				fake.DropAll() // the next reconnect validates first
				time.Sleep(10 * time.Second)
				synctest.Wait()
				mustBeUp(t, r, fake)
				if n := r.sink.Count(heartrate.LinkSignedOut); n != 0 {
					t.Errorf("signed out over Pulsoid's own trouble")
				}
				if fake.Calls(pulsoidtest.RouteValidate) < 4 {
					t.Errorf("validate called %d times, want the three failures and one success", fake.Calls(pulsoidtest.RouteValidate))
				}
			})
		})
	}
}

func TestLatestTroubleOnTheRESTFallbackNeverSignsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok").Premium = false
		fake.SetLatest(64, time.Now().UnixMilli())
		fake.Fail(pulsoidtest.RouteLatest, 3, pulsoidtest.PulsoidError(403, 6002, "error_retrieving_latest_heart_rate"))
		r := run(t, fake, "tok", nil)
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := r.sink.Count(heartrate.LinkSignedOut); n != 0 {
			t.Fatal("one 6002 from /latest signed the streamer out")
		}
		if r.beats() != 1 || r.sink.Last().Reason != "rest_fallback" {
			t.Errorf("beats %v link %+v, want the REST fallback streaming", r.sink.Beats(), r.sink.Last())
		}
	})
}

func TestPaidPlanNeededFallsBackToRESTPolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok").Premium = false
		t0 := time.Now().UnixMilli()
		fake.SetLatest(64, t0)
		r := run(t, fake, "tok", nil)
		fake.SetLatest(66, t0+1000)
		time.Sleep(5 * time.Second) // five polls, one new reading
		synctest.Wait()
		b := r.sink.Beats()
		if len(b) != 2 || b[0].BPM != 64 || b[1].BPM != 66 || b[1].MeasuredAt != t0+1000 {
			t.Errorf("beats = %+v, want 64 then 66 and no repeats", b)
		}
		up := r.sink.Last()
		if up.State != heartrate.LinkUp || up.Reason != "rest_fallback" || !strings.Contains(up.Message, "paid plan") {
			t.Errorf("link = %+v, want up through the REST fallback, saying why", up)
		}
	})
}

func TestRESTFallbackNeverShowsAnOldFirstReadingAsLive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok").Premium = false
		fake.SetLatest(120, time.Now().Add(-2*time.Hour).UnixMilli()) // yesterday's workout
		r := run(t, fake, "tok", nil)
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if r.beats() != 0 {
			t.Fatalf("an old /latest reading was passed on as a beat: %+v", r.sink.Beats())
		}
		fake.SetLatest(70, time.Now().Add(-2*time.Hour).UnixMilli()+5000) // a new reading, phone clock way off
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if b := r.sink.Beats(); len(b) != 1 || b[0].BPM != 70 {
			t.Errorf("beats %+v, want the new reading, whatever the phone's clock says", b)
		}
	})
}

// @pulsoid/socket retries a 402 (PulsoidBaseSocket.isRetriableTokenError:
// 'payment_required'); so does Beatcast, at its pace, saying why.
func TestAMissingPaidPlanIsSaidAndRetriedEveryTenSecondsUntilItIsBought(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		acct := fake.AddToken("tok")
		acct.Premium, acct.RESTAllowed = false, false
		r := run(t, fake, "tok", nil)
		if l := r.sink.Last(); l.State != heartrate.LinkRetrying || l.Reason != "premium_required" || !strings.Contains(l.Message, "paid plan") {
			t.Errorf("link = %+v, want retrying with the paid plan explained", l)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if n := fake.Calls(pulsoidtest.RouteRealtime); n < 6 || n > 8 {
			t.Errorf("%d socket attempts in a minute, want one about every 10 s", n)
		}
		fake.Edit("tok", func(a *pulsoidtest.Account) { a.Premium = true })
		time.Sleep(PaidPlanWait * 2)
		mustBeUp(t, r, fake)
		fake.Send(77, time.Now().UnixMilli())
		synctest.Wait()
		if r.beats() != 1 {
			t.Errorf("%d beats once the plan was bought, want the one sent", r.beats())
		}
	})
}

func TestA402FromValidateOnReconnectIsRetriedNotTheEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		mustBeUp(t, r, fake)
		fake.Fail(pulsoidtest.RouteValidate, 2, pulsoidtest.PulsoidError(http.StatusPaymentRequired, 7007, "premium_required"))
		fake.DropAll()
		synctest.Wait()
		time.Sleep(time.Second)
		synctest.Wait()
		if l := r.sink.Last(); l.State != heartrate.LinkRetrying || l.Reason != "premium_required" {
			t.Fatalf("link = %+v, want retrying, saying the plan", l)
		}
		time.Sleep(3 * PaidPlanWait)
		mustBeUp(t, r, fake)
	})
}

func TestMalformedFramesAreDroppedAndCounted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		mustBeUp(t, r, fake)
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
		synctest.Wait()
		if got := r.Malformed(); got != 6 {
			t.Errorf("Malformed() = %d, want 6", got)
		}
		if b := r.sink.Beats(); len(b) != 1 || b[0].BPM != 71 || r.sink.Count(heartrate.LinkRetrying) != 0 {
			t.Errorf("beats %+v links %+v: bad frames must not break the connection", b, r.sink.Links())
		}
	})
}

func TestOversizedFrameDropsTheConnectionNotTheApp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		r := run(t, fake, "tok", nil)
		mustBeUp(t, r, fake)
		fake.SendRaw(websocket.MessageText, []byte(`{"pad":"`+strings.Repeat("x", 10000)+`"}`))
		time.Sleep(time.Second)
		synctest.Wait()
		mustBeUp(t, r, fake)
		if n := r.sink.Count(heartrate.LinkRetrying); n != 1 {
			t.Errorf("%d reconnects, want 1", n)
		}
	})
}

func TestSilentServerThatIgnoresPingsIsReplaced(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		fake.Deaf(true)
		r := run(t, fake, "tok", nil)
		fake.Deaf(false) // the next connection is healthy
		time.Sleep(DefaultQuietPing + DefaultPongTimeout + 3*time.Second)
		synctest.Wait()
		if r.sink.Count(heartrate.LinkRetrying) != 1 || r.sink.Last().State != heartrate.LinkUp {
			t.Fatalf("links %+v, want one reconnect after the missed pong", r.sink.Links())
		}
		fake.Send(80, 1)
		synctest.Wait()
		if r.beats() != 1 {
			t.Error("no beat on the new connection")
		}
	})
}

func TestShutdownIsImmediateWhateverIsInFlight(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*pulsoidtest.Server)
	}{
		{"mid-backoff", func(f *pulsoidtest.Server) { f.FailFor(pulsoidtest.AnyRoute, time.Hour, pulsoidtest.EdgePage(502)) }},
		{"a hung handshake", func(f *pulsoidtest.Server) { f.Fail(pulsoidtest.RouteRealtime, 1, pulsoidtest.Stall) }},
		{"a hung validate", func(f *pulsoidtest.Server) {
			f.Fail(pulsoidtest.RouteRealtime, 1, pulsoidtest.EdgePage(403))
			f.Fail(pulsoidtest.RouteValidate, 1, pulsoidtest.Stall)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				fake.AddToken("tok")
				tc.setup(fake)
				r := run(t, fake, "tok", func(r *Realtime) { r.Backoff = func(int) time.Duration { return time.Hour } })
				time.Sleep(5 * time.Second)
				synctest.Wait()
				began := time.Now()
				if err := r.stop(); err != nil {
					t.Errorf("Run = %v, want nil on cancel", err)
				}
				if d := time.Since(began); d != 0 {
					t.Errorf("Run took %v to return after cancel", d)
				}
			})
		})
	}
}

func TestRetryNowEndsTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		wake := make(chan struct{}, 1)
		fake.Fail(pulsoidtest.RouteRealtime, 1, pulsoidtest.EdgePage(503))
		r := run(t, fake, "tok", func(r *Realtime) {
			r.Wake = wake
			r.Backoff = func(int) time.Duration { return time.Hour }
		})
		if r.sink.Last().State != heartrate.LinkRetrying {
			t.Fatalf("link %+v, want retrying", r.sink.Last())
		}
		began := time.Now()
		wake <- struct{}{}
		mustBeUp(t, r, fake)
		if d := time.Since(began); d != 0 {
			t.Errorf("reconnected %v after Retry now, want at once", d)
		}
	})
}

func TestUnreachablePulsoidIsNetworkTrouble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.Close() // nothing listens there any more
		r := run(t, fake, "tok", nil)
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := r.sink.Count(heartrate.LinkRetrying); n < 3 {
			t.Fatalf("%d retries in 5 s", n)
		}
		for _, l := range r.sink.Links() {
			if l.State == heartrate.LinkRetrying && (l.Reason != "network" || !strings.HasPrefix(l.Message, "Can't reach Pulsoid.")) {
				t.Errorf("unreachable Pulsoid reported as %+v", l)
			}
		}
	})
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt  int
		r        float64
		want     time.Duration
		scenario string
	}{
		{1, 0.5, 500 * time.Millisecond, "first retry, no jitter"},
		{2, 0.5, 1 * time.Second, "doubles"},
		{3, 0.5, 2 * time.Second, "doubles again"},
		{4, 0.5, 2500 * time.Millisecond, "capped at 2.5 s"},
		{100, 0.5, 2500 * time.Millisecond, "stays capped, no overflow"},
		{1, 0, 400 * time.Millisecond, "jitter low end: -20 %"},
		{1, 0.75, 550 * time.Millisecond, "jitter: +10 %"},
		{9, 0, 2 * time.Second, "jitter applies to the cap too"},
	} {
		got := Backoff(tc.attempt, tc.r).Round(time.Microsecond)
		if got != tc.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v (%s)", tc.attempt, tc.r, got, tc.want, tc.scenario)
		}
	}
	for n := 1; n < 50; n++ {
		if d := Backoff(n, 0.999999); d > 3*time.Second {
			t.Errorf("Backoff(%d) can reach %v: more than 3 s would break the 5 s promise", n, d)
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
