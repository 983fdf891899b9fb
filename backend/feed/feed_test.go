package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/background"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/testkit"
	"github.com/beatcast/beatcast/backend/testkit/memnet"
)

// Every test runs in a synctest bubble: the fake Pulsoid and the overlay
// server are on an in-memory network, so Pulsoid's 3 s polls and minutes
// of outage pass in no time and synctest.Wait() says when all is settled.

type harness struct {
	fake   *pulsoidtest.Server
	svc    *service.Service
	sess   *Feed
	paths  config.Paths
	logs   *testkit.LogBuffer
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	opened []string
}

func newHarness(t *testing.T, tune func(*Config)) *harness {
	t.Helper()
	h := &harness{fake: pulsoidtest.NewInMemory(t)}
	dir := t.TempDir()
	h.paths = config.Paths{ConfigDir: filepath.Join(dir, "beatcast"), DataDir: filepath.Join(dir, "data")}
	log, logs := testkit.Logger()
	h.logs = logs
	svc, err := service.New(service.Config{Listener: memnet.Listen("beatcast.test:8765"), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	h.ctx, h.cancel = context.WithCancel(t.Context())
	ran := make(chan struct{})
	go func() { _ = svc.Run(h.ctx, nil); close(ran) }()
	t.Cleanup(func() { h.cancel(); <-ran })
	cfg := Config{
		Paths: h.paths, APIURL: h.fake.URL, AuthURL: h.fake.URL, HTTP: h.fake.Client(),
		ClientID: func() string { return h.fake.ClientID },
		OpenBrowser: func(u string) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.opened = append(h.opened, u)
			return nil
		},
		Stream: svc, Log: log,
	}
	if tune != nil {
		tune(&cfg)
	}
	h.sess = New(cfg)
	return h
}

// status is the stream's status once everything has settled.
func (h *harness) status() heartrate.Status {
	synctest.Wait()
	return h.svc.Hub.Snapshot().Status
}

func (h *harness) mustBe(t *testing.T, want heartrate.State) heartrate.Status {
	t.Helper()
	st := h.status()
	if st.State != want {
		t.Fatalf("state %q (%s: %s), want %q", st.State, st.Reason, st.Message, want)
	}
	return st
}

// streams proves beats flow: one sent by the fake reaches the hub, live.
func (h *harness) streams(t *testing.T, bpm int) {
	t.Helper()
	synctest.Wait()
	h.fake.Send(bpm, 1625310655000)
	st := h.mustBe(t, heartrate.StateLive)
	if b := h.svc.Hub.Snapshot().Beat; b == nil || b.BPM != bpm {
		t.Fatalf("beat %+v reached the hub, want %d (status %+v)", b, bpm, st)
	}
}

func (h *harness) keep(t *testing.T, token string) {
	t.Helper()
	if err := config.SaveToken(h.paths, pulsoid.Token(token), config.FromDeviceSignIn); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) kept(t *testing.T) string {
	t.Helper()
	tok, _, err := config.LoadToken(h.paths)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Reveal()
}

func (h *harness) browserOpened() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.opened...)
}

func TestFirstStartWithoutTokenIsSignedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, false, "")
		if st := h.mustBe(t, heartrate.StateSignedOut); st.Reason != "not_signed_in" {
			t.Errorf("reason %q, want not_signed_in", st.Reason)
		}
		if h.fake.Calls(pulsoidtest.RouteDevice) != 0 {
			t.Error("the window started a sign-in nobody asked for")
		}
	})
}

func TestStartWithValidKeptTokenStreamsWithoutSigningIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		profile := h.fake.AddToken("kept-token").ProfileID
		h.keep(t, "kept-token")
		h.sess.Start(h.ctx, false, "")
		h.mustBe(t, heartrate.StateConnecting)
		h.streams(t, 77)
		acct := h.sess.Account()
		if !acct.SignedIn || acct.ProfileID != profile || time.Until(time.UnixMilli(acct.ExpiresAt)) != 30*24*time.Hour {
			t.Errorf("account = %+v, want signed in as %s for 30 days", acct, profile)
		}
		if h.fake.Calls(pulsoidtest.RouteDevice) != 0 {
			t.Error("a restart with a valid token asked for a new sign-in")
		}
	})
}

func TestStartWithDeadTokenSignsOutWithReason(t *testing.T) {
	for _, tc := range []struct {
		edit   func(*pulsoidtest.Account)
		reason heartrate.Reason
	}{
		{func(a *pulsoidtest.Account) { a.Expired = true }, "token_expired"},
		{func(a *pulsoidtest.Account) { a.Revoked = true }, "token_revoked"},
	} {
		t.Run(string(tc.reason), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t, nil)
				h.fake.AddToken("old")
				h.fake.Edit("old", tc.edit)
				h.keep(t, "old")
				h.sess.Start(h.ctx, false, "")
				st := h.mustBe(t, heartrate.StateSignedOut)
				if st.Reason != tc.reason || !strings.Contains(st.Message, "Sign in again") {
					t.Errorf("status %+v, want reason %s with advice", st, tc.reason)
				}
				if h.kept(t) != "" {
					t.Error("the dead token is still kept")
				}
				if n := h.fake.Calls(pulsoidtest.RouteRealtime); n != 0 {
					t.Errorf("%d socket attempts with a dead token", n)
				}
			})
		})
	}
}

func TestStartWithAccountNeedingPaidPlanSaysSoKeepsTokenAndTrying(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		a := h.fake.AddToken("free")
		a.Premium, a.RESTAllowed = false, false
		h.keep(t, "free")
		h.sess.Start(h.ctx, false, "")
		st := h.mustBe(t, heartrate.StateReconnecting)
		if st.Reason != "premium_required" || !strings.Contains(st.Message, "paid plan") {
			t.Errorf("status %+v, want the paid plan explained", st)
		}
		if h.kept(t) != "free" {
			t.Error("a valid token was dropped because the plan is missing")
		}
	})
}

// Issue #11: every start path retries until Pulsoid answers, and says so.
func TestEveryStartPathRetriesUntilPulsoidAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tune  func(*Config)
		setup func(*harness, *testing.T)
		start func(*harness, *testing.T)
		// then checks the outcome once Pulsoid answers again
		then func(*harness, *testing.T)
	}{
		{
			name:  "kept token",
			setup: func(h *harness, t *testing.T) { h.fake.AddToken("tok"); h.keep(t, "tok") },
			start: func(h *harness, t *testing.T) { h.sess.Start(h.ctx, false, "") },
			then:  func(h *harness, t *testing.T) { h.streams(t, 70) },
		},
		{
			name:  "BEATCAST_TOKEN",
			setup: func(h *harness, t *testing.T) { h.fake.AddToken("from-env") },
			start: func(h *harness, t *testing.T) { h.sess.Start(h.ctx, false, "from-env") },
			then: func(h *harness, t *testing.T) {
				h.streams(t, 71)
				if h.kept(t) != "from-env" {
					t.Error("BEATCAST_TOKEN was not kept once Pulsoid accepted it")
				}
			},
		},
		{
			name:  "headless auto sign-in",
			tune:  func(c *Config) { c.AutoSignIn = true },
			start: func(h *harness, t *testing.T) { h.sess.Start(h.ctx, false, "") },
			then: func(h *harness, t *testing.T) {
				h.mustBe(t, heartrate.StateSigningIn)
				if si := h.sess.SignInState(); si.Phase != PhaseWaiting || si.URL == "" {
					t.Errorf("sign-in %+v, want waiting with a link", si)
				}
			},
		},
		{
			name: "window sign-in",
			start: func(h *harness, t *testing.T) {
				h.sess.Start(h.ctx, false, "")
				si, err := h.sess.SignIn(h.ctx)
				if err != nil || si.Phase != PhaseStarting || !si.Offline || !strings.HasPrefix(si.Message, "Can't reach Pulsoid.") || si.RetryAt <= time.Now().UnixMilli() {
					t.Errorf("SignIn while Pulsoid is unreachable = %+v, %v; want starting, offline, retrying", si, err)
				}
			},
			then: func(h *harness, t *testing.T) {
				if si := h.sess.SignInState(); si.Phase != PhaseWaiting || si.Offline || len(h.browserOpened()) != 1 {
					t.Errorf("sign-in %+v, browser opened %v: want waiting, online, one browser", si, h.browserOpened())
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t, tc.tune)
				if tc.setup != nil {
					tc.setup(h, t)
				}
				h.fake.FailFor(pulsoidtest.AnyRoute, 2*time.Minute, pulsoidtest.HangUp)
				tc.start(h, t)
				st := h.mustBe(t, heartrate.StateReconnecting)
				if st.Reason != "network" || !strings.HasPrefix(st.Message, "Can't reach Pulsoid.") || st.RetryAt <= time.Now().UnixMilli() {
					t.Errorf("status %+v, want can't reach Pulsoid, retrying", st)
				}
				time.Sleep(2*time.Minute + 3*time.Second) // Pulsoid answers again; the next try is within 3 s
				synctest.Wait()
				tc.then(h, t)
				if !strings.Contains(h.logs.String(), "Can't reach Pulsoid. Check your internet connection. Retrying in") {
					t.Error("the log (headless stderr) never said Beatcast retries")
				}
			})
		})
	}
}

func TestRefusedEnvTokenIsSignedOutAndHeadlessSignsIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.AutoSignIn = true })
		h.fake.AddToken("good-kept")
		h.keep(t, "good-kept")
		h.sess.Start(h.ctx, false, "mistyped")
		if st := h.mustBe(t, heartrate.StateSigningIn); h.fake.Calls(pulsoidtest.RouteDevice) != 1 {
			t.Errorf("status %+v, want a device sign-in started by itself", st)
		}
		if !strings.Contains(h.logs.String(), "BEATCAST_TOKEN was not accepted") {
			t.Error("the log does not say BEATCAST_TOKEN was refused")
		}
		if h.kept(t) != "good-kept" {
			t.Error("a refused BEATCAST_TOKEN deleted the token kept from an earlier sign-in")
		}
	})
}

func TestRefusedEnvTokenInTheWindowIsSignedOutWithItsReason(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("old").Expired = true
		h.sess.Start(h.ctx, false, "old")
		if st := h.mustBe(t, heartrate.StateSignedOut); st.Reason != "token_expired" {
			t.Errorf("status %+v, want signed out because the token expired", st)
		}
	})
}

func TestCorruptTokenFileIsSetAsideAndSignsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		if err := os.MkdirAll(h.paths.ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(h.paths.TokenFile(), []byte("{broken"), 0o600); err != nil {
			t.Fatal(err)
		}
		notice := h.sess.Start(h.ctx, false, "")
		h.mustBe(t, heartrate.StateSignedOut)
		if !strings.Contains(notice, "sign in again") {
			t.Errorf("notice %q", notice)
		}
	})
}

func TestDeviceSignInEndToEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, false, "")
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		h.mustBe(t, heartrate.StateSigningIn)
		si := h.sess.SignInState()
		if si.Phase != PhaseWaiting || !strings.Contains(si.URL, "/oauth2/device_authorization_consent?user_code=") ||
			si.ExpiresAt == 0 || !si.BrowserOpened {
			t.Fatalf("sign-in state %+v", si)
		}
		if got := h.browserOpened(); len(got) != 1 || got[0] != si.URL {
			t.Errorf("browser opened %q, want %q", got, si.URL)
		}
		h.fake.Approve()
		time.Sleep(3 * time.Second) // the next poll
		synctest.Wait()
		h.mustBe(t, heartrate.StateConnecting)
		h.streams(t, 88)
		tok := h.kept(t)
		if tok == "" {
			t.Fatal("the new token was not kept")
		}
		info, err := os.Stat(h.paths.TokenFile())
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("token file: %v mode %v, want 0600", err, info.Mode().Perm())
		}
		assertTokenNowhere(t, h, tok)
	})
}

func TestABrowserThatFailsToOpenIsNotClaimed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.OpenBrowser = func(string) error { return errors.New("no browser") } })
		h.sess.Start(h.ctx, false, "")
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if si := h.sess.SignInState(); si.Phase != PhaseWaiting || si.BrowserOpened {
			t.Errorf("sign-in %+v, want waiting without claiming the browser opened", si)
		}
	})
}

func TestSignInStartRefusedIsNotCalledANetworkProblem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, false, "")
		h.fake.Fail(pulsoidtest.RouteDevice, 1, pulsoidtest.OAuthError(400, "invalid_request", "application/json"))
		si, err := h.sess.SignIn(h.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if si.Phase != PhaseFailed || si.Error != pulsoid.SignInRefused || !strings.Contains(si.Message, "400") ||
			strings.Contains(si.Message, "internet") {
			t.Errorf("sign-in %+v, want a refusal that says what Pulsoid answered", si)
		}
		if h.fake.Calls(pulsoidtest.RouteDevice) != 1 {
			t.Error("a refusal was retried")
		}
	})
}

// assertTokenNowhere checks every place a token could leak to.
func assertTokenNowhere(t *testing.T, h *harness, tok string) {
	t.Helper()
	if strings.Contains(h.logs.String(), tok) {
		t.Error("the token appears in the log")
	}
	snap, _ := json.Marshal(h.svc.Hub.Snapshot())
	acct, _ := json.Marshal(h.sess.Account())
	si, _ := json.Marshal(h.sess.SignInState())
	for name, payload := range map[string][]byte{"snapshot": snap, "account": acct, "sign-in": si} {
		if bytes.Contains(payload, []byte(tok)) {
			t.Errorf("the token appears in the %s payload", name)
		}
	}
	sub := h.svc.Hub.Subscribe()
	defer sub.Close()
	msgs, _ := sub.Take()
	for _, m := range msgs {
		if bytes.Contains(m.JSON, []byte(tok)) {
			t.Error("the token appears in an overlay message")
		}
	}
}

func TestSignInWithoutClientIDExplainsBothWaysForward(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.ClientID = func() string { return "" } })
		_, err := h.sess.SignIn(h.ctx)
		if err != ErrNoClientID {
			t.Fatalf("SignIn = %v, want ErrNoClientID", err)
		}
		for _, want := range []string{"pulsoid.net/ui/api-clients", "BEATCAST_CLIENT_ID", "BEATCAST_TOKEN", "pulsoid.net/ui/keys", "--demo"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q does not mention %s", err, want)
			}
		}
		if h.sess.Account().HasClientID {
			t.Error("account says a client id is set")
		}
	})
}

func TestPastedToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("personal")
		h.fake.AddToken("no-scope").Scopes = []string{"data:heart_rate:write"}
		h.fake.AddToken("old").Expired = true

		for tok, want := range map[string]string{
			"no-scope": "data:heart_rate:read",
			"nonsens":  "Check that you copied all of it",
			"old":      "has expired",
			"   ":      "Paste the token",
		} {
			if err := h.sess.UseToken(h.ctx, tok); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("token %q: %v, want refused saying %q", tok, err, want)
			}
		}
		if h.kept(t) != "" {
			t.Error("a refused token was kept")
		}
		if err := h.sess.UseToken(h.ctx, "  Bearer personal \n"); err != nil {
			t.Fatalf("valid pasted token: %v", err)
		}
		h.streams(t, 66)
		if h.kept(t) != "personal" {
			t.Error("the valid token was not kept")
		}
		assertTokenNowhere(t, h, "personal")
	})
}

func TestPastedTokenEndsAWaitingSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("personal")
		h.sess.Start(h.ctx, false, "")
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		if err := h.sess.UseToken(h.ctx, "personal"); err != nil {
			t.Fatal(err)
		}
		polls := h.fake.Calls(pulsoidtest.RouteToken)
		time.Sleep(time.Minute)
		synctest.Wait()
		if h.fake.Calls(pulsoidtest.RouteToken) != polls || h.sess.SignInState().Phase != PhaseIdle {
			t.Error("the device sign-in kept polling after a token was pasted")
		}
	})
}

func TestSignOutOnlineRevokesAndForgets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		if err := h.sess.SignOut(h.ctx); err != nil {
			t.Fatal(err)
		}
		if h.fake.Calls("POST /oauth2/revoke") != 1 {
			t.Error("Pulsoid was not asked to revoke the token")
		}
		if _, err := pulsoid.NewClient(h.fake.URL, h.fake.Client()).Validate(h.ctx, "tok"); pulsoid.Classify(err) != pulsoid.SignedOut {
			t.Errorf("the token still validates after sign out: %v", err)
		}
		if h.kept(t) != "" || h.sess.Account().SignedIn {
			t.Error("still signed in locally")
		}
		if st := h.mustBe(t, heartrate.StateSignedOut); st.Reason != "signed_out_by_user" {
			t.Errorf("reason %q", st.Reason)
		}
	})
}

func TestSignOutOfflineStillSignsOutHere(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.keep(t, "tok")
		h.fake.FailFor(pulsoidtest.AnyRoute, time.Hour, pulsoidtest.HangUp)
		err := h.sess.SignOut(h.ctx)
		if err == nil || !strings.Contains(err.Error(), "Signed out on this computer") {
			t.Errorf("SignOut offline = %v, want a note that Pulsoid could not be told", err)
		}
		if h.kept(t) != "" {
			t.Error("the token file survived an offline sign out")
		}
		h.mustBe(t, heartrate.StateSignedOut)
	})
}

func TestTokenRevokedWhileStreamingReturnsToSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		h.fake.Edit("tok", func(a *pulsoidtest.Account) { a.Revoked = true })
		h.fake.DropAll()
		time.Sleep(time.Second) // the first retry validates
		synctest.Wait()
		if st := h.mustBe(t, heartrate.StateSignedOut); st.Reason != "token_revoked" {
			t.Errorf("reason %q, want token_revoked", st.Reason)
		}
		if h.kept(t) != "" || h.sess.Account().SignedIn {
			t.Error("the revoked token was not forgotten")
		}
	})
}

func TestRefusalsThatValidateDoesNotConfirmKeepTheSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		h.fake.Fail(pulsoidtest.RouteRealtime, 3, pulsoidtest.EdgePage(403))
		h.fake.DropAll()
		synctest.Wait()
		if st := h.svc.Hub.Snapshot().Status; st.State != heartrate.StateReconnecting {
			t.Errorf("status %+v during refusals, want reconnecting", st)
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
		h.streams(t, 72)
		if h.kept(t) != "tok" {
			t.Error("an HTML 403 at the upgrade deleted a token that still validates")
		}
	})
}

func TestHeadlessSignsInByItselfAndRenewsAnExpiredLink(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.AutoSignIn = true })
		h.sess.Start(h.ctx, false, "")
		h.mustBe(t, heartrate.StateSigningIn)
		first := h.sess.SignInState().URL
		time.Sleep(10*time.Minute + 3*time.Second) // nobody approved: the link ran out
		synctest.Wait()
		if si := h.sess.SignInState(); si.Phase != PhaseWaiting || si.URL == first || si.URL == "" {
			t.Fatalf("sign-in %+v after the link expired, want a new link", si)
		}
		h.fake.Approve()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		h.streams(t, 90)
	})
}

func TestCancelSignInReturnsToSignedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, false, "")
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		h.mustBe(t, heartrate.StateSigningIn)
		h.sess.CancelSignIn(h.ctx)
		h.mustBe(t, heartrate.StateSignedOut)
		if si := h.sess.SignInState(); si.Phase != PhaseIdle {
			t.Errorf("sign-in phase %q after cancel", si.Phase)
		}
		polls := h.fake.Calls(pulsoidtest.RouteToken)
		time.Sleep(time.Minute)
		synctest.Wait()
		if h.fake.Calls(pulsoidtest.RouteToken) != polls {
			t.Error("still polling after cancel")
		}
	})
}

func TestDeniedSignInSaysSo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, false, "")
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		h.fake.Deny()
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if si := h.sess.SignInState(); si.Phase != PhaseFailed || si.Error != pulsoid.SignInDenied || !strings.Contains(si.Message, "Start again") {
			t.Errorf("sign-in %+v", si)
		}
		h.mustBe(t, heartrate.StateSignedOut)
	})
}

func TestRetryNowSkipsTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		h.fake.FailFor(pulsoidtest.AnyRoute, time.Minute, pulsoidtest.HangUp)
		h.fake.DropAll()
		time.Sleep(time.Minute) // at the longest wait now; Pulsoid is back
		synctest.Wait()
		st := h.mustBe(t, heartrate.StateReconnecting)
		began := time.Now()
		h.sess.RetryNow()
		h.streams(t, 71)
		if d := time.Since(began); d != 0 || time.UnixMilli(st.RetryAt).Sub(began) <= 0 {
			t.Errorf("reconnected %v after Retry now (the wait had %v left)", d, time.UnixMilli(st.RetryAt).Sub(began))
		}
	})
}

func TestStartEndsWithItsContextWhateverIsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.AutoSignIn = true })
		h.fake.Fail(pulsoidtest.RouteDevice, 1, pulsoidtest.Stall)
		done := make(chan struct{})
		go func() { h.sess.Start(h.ctx, false, ""); close(done) }()
		time.Sleep(5 * time.Second)
		synctest.Wait()
		began := time.Now()
		h.cancel()
		<-done
		if d := time.Since(began); d != 0 {
			t.Errorf("Start took %v to end after the cancel", d)
		}
	})
}

// From the demo, the streamer signs in: until Pulsoid's beats arrive, the
// stream is still the demo and says so; then it is Pulsoid's, afresh.
func TestSigningInFromTheDemoNeverLabelsTheDemoLive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.sess.Start(h.ctx, true, "")
		time.Sleep(3 * time.Second)
		if st := h.mustBe(t, heartrate.StateLive); st.Source != heartrate.SourceDemo {
			t.Fatalf("the demo streams as %q", st.Source)
		}
		if _, err := h.sess.SignIn(h.ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Second) // demo beats keep coming while the streamer approves
		if st := h.status(); st.Source != heartrate.SourceDemo {
			t.Fatalf("while waiting for approval the demo's beats are shown as %s from %q", st.State, st.Source)
		}
		if si := h.sess.SignInState(); si.Phase != PhaseWaiting {
			t.Fatalf("sign-in %+v", si)
		}
		h.fake.Approve()
		time.Sleep(3 * time.Second)
		h.streams(t, 91)
		if st := h.svc.Hub.Snapshot().Stats; st.Count != 1 || st.Max != 91 {
			t.Errorf("Pulsoid's stream holds %+v: the demo's beats were carried over", st)
		}
	})
}

// The network path dies with the socket open: no beat, no pong, no close.
// Beatcast must say it is reconnecting, not blame the strap, and the way
// back must not pass through "no signal" either.
func TestAStalledSocketIsReconnectingNeverNoSignal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		sub := h.svc.Hub.Subscribe()
		defer sub.Close()
		var seen []heartrate.State
		collect := func() {
			synctest.Wait()
			msgs, _ := sub.Take()
			for _, m := range msgs {
				if m.Topic == hub.TopicStatus {
					seen = append(seen, m.Status.State)
				}
			}
		}
		for range 5 { // beats once a second, then the path dies
			time.Sleep(time.Second)
			h.fake.Send(71, 1)
			collect()
		}
		h.fake.StallSockets()
		for range 30 { // the strap keeps sending; the dead path swallows it
			time.Sleep(time.Second)
			h.fake.Send(72, 1)
			collect()
		}
		if st := h.status(); st.State != heartrate.StateLive {
			t.Fatalf("30 s after the stall: %s (%s), want live again over a new connection", st.State, st.Message)
		}
		if !slices.Contains(seen, heartrate.StateReconnecting) {
			t.Errorf("statuses %v: the stall was never called reconnecting", seen)
		}
		for i, s := range seen {
			if s == heartrate.StateNoSignal {
				t.Errorf("statuses %v: no signal at %d, blaming the strap for a dead connection", seen, i)
				break
			}
		}
	})
}

type notified struct {
	mu   sync.Mutex
	sent []string
}

func (n *notified) Notify(title, body string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, body)
	return nil
}

// Mid-stream the token expires: every client of /ws hears why (the status
// with its reason), and the streamer gets a desktop notification saying
// what to do, with nobody looking at the window.
func TestATokenThatExpiresMidStreamSaysSoOnWsAndInANotification(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t, nil)
		h.fake.AddToken("tok")
		h.keep(t, "tok")
		note := &notified{}
		go background.Warnings{Notifier: note, Log: testkit.Quiet}.Follow(h.ctx, h.svc.Hub)
		h.sess.Start(h.ctx, false, "")
		h.streams(t, 70)
		bot := h.svc.Hub.Subscribe()
		defer bot.Close()
		synctest.Wait()
		bot.Take()
		h.fake.Edit("tok", func(a *pulsoidtest.Account) { a.Expired = true })
		h.fake.DropAll()
		time.Sleep(time.Second)
		synctest.Wait()
		st := h.mustBe(t, heartrate.StateSignedOut)
		var wire []string
		msgs, _ := bot.Take()
		for _, m := range msgs {
			wire = append(wire, string(m.JSON))
		}
		joined := strings.Join(wire, "\n")
		if !strings.Contains(joined, `"state":"signed_out"`) || !strings.Contains(joined, `"reason":"token_expired"`) ||
			!strings.Contains(joined, `"message":"`+st.Message+`"`) {
			t.Errorf("a /ws client got:\n%s\nwant the signed_out status with its reason and message", joined)
		}
		note.mu.Lock()
		defer note.mu.Unlock()
		if len(note.sent) != 1 || note.sent[0] != st.Message || !strings.Contains(st.Message, "Sign in") {
			t.Errorf("notified %q; the status says %q", note.sent, st.Message)
		}
	})
}
