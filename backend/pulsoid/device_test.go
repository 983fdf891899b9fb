package pulsoid

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// Every test here runs in a synctest bubble against the in-memory fake:
// Pulsoid's real interval (3 s) and expiry (600 s) pass in no time, and
// waits are measured exactly.

func newDevice(fake *pulsoidtest.Server) *DeviceAuth {
	return &DeviceAuth{AuthURL: fake.URL, ClientID: fake.ClientID, HTTP: fake.Client()}
}

func startDevice(t *testing.T, fake *pulsoidtest.Server) (*DeviceAuth, *DeviceCode) {
	t.Helper()
	d := newDevice(fake)
	code, err := d.Start(t.Context())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return d, code
}

// waitInBackground runs Wait and returns a channel with its result.
type waitResult struct {
	tok Token
	err error
}

func waitInBackground(ctx context.Context, d *DeviceAuth, code *DeviceCode) <-chan waitResult {
	done := make(chan waitResult, 1)
	go func() {
		tok, err := d.Wait(ctx, code)
		done <- waitResult{tok, err}
	}()
	return done
}

func TestDeviceCodeShowsPulsoidsConsentLinkAndInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		_, code := startDevice(t, fake)
		dev := fake.LastDevice()
		if code.URL != fake.URL+"/oauth2/device_authorization_consent?user_code="+dev.UserCode {
			t.Errorf("URL = %q, want verification_uri_complete", code.URL)
		}
		if left := time.Until(code.Expires); left != 600*time.Second {
			t.Errorf("expires in %v, want 600 s", left)
		}
		if code.Interval != 3*time.Second {
			t.Errorf("interval %v, want Pulsoid's 3 s", code.Interval)
		}
	})
}

func TestPollsSendExactlyWhatRealClientsSend(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		d, code := startDevice(t, fake)
		done := waitInBackground(t.Context(), d, code)
		time.Sleep(7 * time.Second) // two polls at 3 s
		synctest.Wait()
		fake.Approve()
		if r := <-done; r.err != nil {
			t.Fatal(r.err)
		}
		forms := fake.LastDevice().Forms
		if len(forms) != 3 {
			t.Fatalf("%d polls, want 3 (pending, pending, approved)", len(forms))
		}
		for _, f := range forms {
			keys := make([]string, 0, len(f))
			for k := range f {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, []string{"client_id", "device_code", "grant_type"}) {
				t.Errorf("a poll sent %v; PulsoidToOSC, HRCounter and the TS/Java/Node clients send exactly client_id, device_code, grant_type", url.Values(f).Encode())
			}
		}
	})
}

func TestPollsComeAtTheIntervalAndApprovalGivesAToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		d, code := startDevice(t, fake)
		began := time.Now()
		done := waitInBackground(t.Context(), d, code)
		time.Sleep(4 * time.Second)
		synctest.Wait()
		fake.Approve()
		r := <-done
		if r.err != nil {
			t.Fatalf("Wait: %v", r.err)
		}
		polls := fake.PollTimes()
		if len(polls) != 2 || polls[0].Sub(began) != 3*time.Second || polls[1].Sub(polls[0]) != 3*time.Second {
			t.Errorf("polls at %v after the start, want every 3 s", polls)
		}
		info, err := NewClient(fake.URL, fake.Client()).Validate(t.Context(), r.tok)
		if err != nil || !info.CanReadHeartRate() {
			t.Errorf("the token from the device flow does not validate: %+v %v", info, err)
		}
	})
}

func TestSlowDownAddsFiveSecondsForGoodEvenAcrossAFailedPoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		d, code := startDevice(t, fake)
		fake.SlowDown(1)
		done := waitInBackground(t.Context(), d, code)
		time.Sleep(3*time.Second + time.Millisecond) // the first poll: slow_down
		synctest.Wait()
		fake.Fail(pulsoidtest.RouteToken, 1, pulsoidtest.EdgePage(http.StatusBadGateway))
		time.Sleep(20 * time.Second)
		synctest.Wait()
		fake.Approve()
		if r := <-done; r.err != nil {
			t.Fatal(r.err)
		}
		// The edge's page never reaches the device record; the polls that
		// Pulsoid saw are 3 s, then 3+8+8 s, then …
		calls := fake.Calls(pulsoidtest.RouteToken)
		polls := fake.PollTimes()
		if calls < 3 || len(polls) < 2 {
			t.Fatalf("%d polls (%d answered by Pulsoid)", calls, len(polls))
		}
		if gap := polls[1].Sub(polls[0]); gap != 16*time.Second {
			t.Errorf("after slow_down and a failed poll, Pulsoid saw the next poll %v later, want 2 × 8 s", gap)
		}
	})
}

func TestBadDayAnswersWhilePollingArePolledThrough(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault pulsoidtest.Fault
	}{
		{"an edge's HTML 503", pulsoidtest.EdgePage(http.StatusServiceUnavailable)},
		{"an HTML 500", pulsoidtest.EdgePage(http.StatusInternalServerError)},
		{"authorization_pending as text/plain", pulsoidtest.OAuthError(400, "authorization_pending", "text/plain")},
		{"slow_down as text/plain", pulsoidtest.OAuthError(400, "slow_down", "text/plain; charset=utf-8")},
		{"an unknown OAuth error", pulsoidtest.OAuthError(400, "temporarily_unavailable", "application/json")},
		{"Pulsoid's own 500 JSON", pulsoidtest.PulsoidError(500, 7001, "error_while_validating_token")},
		{"the network drops", pulsoidtest.HangUp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				d, code := startDevice(t, fake)
				var failed int
				d.OnPoll = func(err error) {
					if err != nil {
						failed++
					}
				}
				fake.Fail(pulsoidtest.RouteToken, 3, tc.fault)
				done := waitInBackground(t.Context(), d, code)
				time.Sleep(30 * time.Second)
				synctest.Wait()
				fake.Approve()
				r := <-done
				if r.err != nil {
					t.Fatalf("Wait = %v, want a token once Pulsoid answered well again", r.err)
				}
				if fake.Calls(pulsoidtest.RouteToken) < 4 {
					t.Errorf("only %d polls", fake.Calls(pulsoidtest.RouteToken))
				}
				answered := strings.Contains(tc.name, "as text/plain")
				if want := 3; !answered && failed != want {
					t.Errorf("OnPoll heard %d troubles, want %d", failed, want)
				}
			})
		})
	}
}

func TestPollingLastsUntilTheCodeExpiresThroughEveryFault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		d, code := startDevice(t, fake)
		// Ten minutes of a bad day, one fault after another.
		faults := []pulsoidtest.Fault{
			pulsoidtest.EdgePage(503), pulsoidtest.HangUp,
			pulsoidtest.OAuthError(400, "authorization_pending", "text/plain"), pulsoidtest.EdgePage(403),
		}
		for _, f := range faults {
			fake.Fail(pulsoidtest.RouteToken, 40, f)
		}
		began := time.Now()
		r := <-waitInBackground(t.Context(), d, code)
		var se *SignInError
		if !errors.As(r.err, &se) || se.Why != SignInExpired {
			t.Fatalf("Wait = %v, want expiry", r.err)
		}
		if took := time.Since(began); took != 600*time.Second {
			t.Errorf("gave up after %v, want when the code expires (600 s)", took)
		}
		if n := fake.Calls(pulsoidtest.RouteToken); n != 199 {
			t.Errorf("%d polls in 600 s at 3 s, want 199", n)
		}
	})
}

func TestSignInEndsOnlyForItsOwnReasons(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(*pulsoidtest.Server)
		kind SignInFailure
	}{
		{"denied as Pulsoid says it", (*pulsoidtest.Server).Deny, SignInDenied},
		{"denied as the RFC says it", func(f *pulsoidtest.Server) {
			f.Fail(pulsoidtest.RouteToken, 1, pulsoidtest.OAuthError(400, "access_denied", "application/json"))
		}, SignInDenied},
		{"expired", (*pulsoidtest.Server).ExpireDevice, SignInExpired},
		{"already issued", (*pulsoidtest.Server).MarkIssued, SignInAlreadyIssued},
		{"client id no longer accepted", func(f *pulsoidtest.Server) {
			f.Fail(pulsoidtest.RouteToken, 1, pulsoidtest.OAuthError(401, "invalid_client", "application/json"))
		}, SignInInvalidClient},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				d, code := startDevice(t, fake)
				tc.act(fake)
				r := <-waitInBackground(t.Context(), d, code)
				var se *SignInError
				if !errors.As(r.err, &se) || se.Why != tc.kind {
					t.Fatalf("Wait = %v, want a %s sign-in error", r.err, tc.kind)
				}
				if !strings.Contains(se.Message(), "Start again") && !strings.Contains(se.Message(), "api-clients") {
					t.Errorf("message %q gives no way forward", se.Message())
				}
			})
		})
	}
}

func TestStartRefusalsSayWhatPulsoidSaidAndTroubleIsRetryable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    pulsoidtest.Fault
		kind     SignInFailure // "" means retryable: not a *SignInError
		mentions string
	}{
		{"unknown client id", nil, SignInInvalidClient, "client id"},
		{"400 invalid_request", pulsoidtest.OAuthError(400, "invalid_request", "application/json"), SignInRefused, "400 Bad Request (invalid_request)"},
		{"401 without a body", pulsoidtest.EdgePage(401), SignInRefused, "401"},
		{"404: wrong address", pulsoidtest.EdgePage(404), SignInRefused, "404"},
		{"an edge's 503", pulsoidtest.EdgePage(503), "", "503"},
		{"Pulsoid's 500", pulsoidtest.OAuthError(500, "server_error", "application/json"), "", "500"},
		{"an edge's 403 page", pulsoidtest.EdgePage(403), "", "403"},
		{"unreachable", pulsoidtest.HangUp, "", "sign-in code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := pulsoidtest.NewInMemory(t)
				d := newDevice(fake)
				if tc.fault == nil {
					d.ClientID = "not-registered"
				} else {
					fake.Fail(pulsoidtest.RouteDevice, 1, tc.fault)
				}
				_, err := d.Start(t.Context())
				var se *SignInError
				isFinal := errors.As(err, &se)
				switch {
				case err == nil:
					t.Fatal("Start succeeded")
				case tc.kind == "" && isFinal:
					t.Errorf("Start = %v, a final refusal; want a retryable error", err)
				case tc.kind != "" && (!isFinal || se.Why != tc.kind):
					t.Errorf("Start = %v, want a %s refusal", err, tc.kind)
				case !strings.Contains(err.Error(), tc.mentions):
					t.Errorf("Start = %q, want it to mention %q", err, tc.mentions)
				}
				if isFinal && strings.Contains(se.Message(), "internet") {
					t.Errorf("a refusal is worded as a network problem: %q", se.Message())
				}
			})
		})
	}
}

func TestAHungStartEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.Fail(pulsoidtest.RouteDevice, 1, pulsoidtest.Stall)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { _, err := newDevice(fake).Start(ctx); done <- err }()
		time.Sleep(time.Second)
		synctest.Wait()
		cancel()
		began := time.Now()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Start = %v, want context.Canceled", err)
		}
		if d := time.Since(began); d != 0 {
			t.Errorf("Start returned %v after the cancel, want at once", d)
		}
	})
}

func TestCancelStopsWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		d, code := startDevice(t, fake)
		fake.Fail(pulsoidtest.RouteToken, 1, pulsoidtest.Stall) // cancel mid-poll, too
		ctx, cancel := context.WithCancel(t.Context())
		done := waitInBackground(ctx, d, code)
		time.Sleep(4 * time.Second)
		synctest.Wait()
		cancel()
		if r := <-done; !errors.Is(r.err, context.Canceled) {
			t.Errorf("Wait = %v, want context.Canceled", r.err)
		}
	})
}
