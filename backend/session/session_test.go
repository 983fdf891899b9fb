package session

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/service"
)

// lockedBuffer collects log output from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type harness struct {
	fake    *pulsoidtest.Server
	svc     *service.Service
	sess    *Session
	paths   config.Paths
	logs    *lockedBuffer
	opened  chan string
	signIns chan SignIn
	ctx     context.Context
}

func newHarness(t *testing.T, tune func(*Config)) *harness {
	t.Helper()
	h := &harness{fake: pulsoidtest.New(t), logs: &lockedBuffer{}, opened: make(chan string, 4), signIns: make(chan SignIn, 100)}
	dir := t.TempDir()
	h.paths = config.Paths{ConfigDir: filepath.Join(dir, "beatcast"), DataDir: filepath.Join(dir, "data")}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc, err := service.New(service.Config{OverlayAddr: "127.0.0.1:0", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	h.svc = svc
	ctx, cancel := context.WithCancel(context.Background())
	h.ctx = ctx
	ran := make(chan struct{})
	go func() { _ = svc.Run(ctx, nil); close(ran) }()
	t.Cleanup(func() { cancel(); <-ran })
	cfg := Config{
		Paths: h.paths, APIURL: h.fake.URL, AuthURL: h.fake.URL,
		ClientID:    func() string { return h.fake.ClientID },
		OpenBrowser: func(u string) error { h.opened <- u; return nil },
		Stream:      svc, Log: log,
		OnSignIn:   func(si SignIn) { h.signIns <- si },
		RetryDelay: func(int) time.Duration { return 20 * time.Millisecond },
		Tune: func(r *pulsoid.Realtime) {
			r.Backoff = func(int) time.Duration { return 20 * time.Millisecond }
		},
	}
	if tune != nil {
		tune(&cfg)
	}
	h.sess = New(cfg)
	return h
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) waitState(t *testing.T, want heartrate.State) heartrate.Status {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := h.svc.Hub.Snapshot().Status
		if st.State == want {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("state %q (%s: %s), want %q", st.State, st.Reason, st.Message, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stream proves beats flow: the fake sends until one arrives.
func (h *harness) stream(t *testing.T, bpm int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.fake.Send(bpm, 1625310655000)
		if b := h.svc.Hub.Snapshot().Beat; b != nil && b.BPM == bpm {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no beat %d reached the hub", bpm)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) keep(t *testing.T, token string) {
	t.Helper()
	if err := config.SaveToken(h.paths, token, "device"); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) kept(t *testing.T) string {
	t.Helper()
	tok, _, err := config.LoadToken(h.paths)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestFirstStartWithoutTokenIsSignedOut(t *testing.T) {
	h := newHarness(t, nil)
	h.sess.Start(h.ctx, false, "")
	st := h.waitState(t, heartrate.StateSignedOut)
	if st.Reason != "not_signed_in" {
		t.Errorf("reason %q, want not_signed_in", st.Reason)
	}
	if h.fake.Calls("POST /oauth2/device_authorization") != 0 {
		t.Error("the window started a sign-in nobody asked for")
	}
}

func TestStartWithValidKeptTokenStreamsWithoutSigningIn(t *testing.T) {
	h := newHarness(t, nil)
	profile := h.fake.AddToken("kept-token").ProfileID
	h.keep(t, "kept-token")
	h.sess.Start(h.ctx, false, "")
	h.waitState(t, heartrate.StateConnecting)
	h.stream(t, 77)
	h.waitState(t, heartrate.StateLive)
	acct := h.sess.Account()
	if !acct.SignedIn || acct.ProfileID != profile || time.Until(time.UnixMilli(acct.ExpiresAt)) < 29*24*time.Hour {
		t.Errorf("account = %+v, want signed in as %s for ~30 days", acct, profile)
	}
	if h.fake.Calls("POST /oauth2/device_authorization") != 0 {
		t.Error("a restart with a valid token asked for a new sign-in")
	}
}

func TestStartWithDeadTokenSignsOutWithReason(t *testing.T) {
	for _, tc := range []struct {
		edit   func(*pulsoidtest.Account)
		reason string
	}{
		{func(a *pulsoidtest.Account) { a.Expired = true }, "token_expired"},
		{func(a *pulsoidtest.Account) { a.Revoked = true }, "token_revoked"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			h := newHarness(t, nil)
			h.fake.AddToken("old")
			h.fake.Edit("old", tc.edit)
			h.keep(t, "old")
			h.sess.Start(h.ctx, false, "")
			st := h.waitState(t, heartrate.StateSignedOut)
			if st.Reason != tc.reason || !strings.Contains(st.Message, "Sign in again") {
				t.Errorf("status %+v, want reason %s with advice", st, tc.reason)
			}
			if h.kept(t) != "" {
				t.Error("the dead token is still kept")
			}
			if n := h.fake.Calls("GET /api/v1/data/real_time"); n != 0 {
				t.Errorf("%d socket attempts with a dead token", n)
			}
		})
	}
}

func TestStartWithAccountNeedingPaidPlanSaysSoAndKeepsToken(t *testing.T) {
	h := newHarness(t, nil)
	a := h.fake.AddToken("free")
	a.Premium, a.RESTAllowed = false, false
	h.keep(t, "free")
	h.sess.Start(h.ctx, false, "")
	st := h.waitState(t, heartrate.StateSignedOut)
	if st.Reason != "premium_required" || !strings.Contains(st.Message, "paid plan") {
		t.Errorf("status %+v, want the paid plan explained", st)
	}
	if h.kept(t) != "free" {
		t.Error("a valid token was dropped because the plan is missing")
	}
}

func TestStartWhilePulsoidIsUnreachableKeepsTokenAndRetries(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddToken("tok")
	h.keep(t, "tok")
	h.fake.Unreachable(true)
	h.sess.Start(h.ctx, false, "")
	st := h.waitState(t, heartrate.StateReconnecting)
	if st.Reason != "network" || !strings.Contains(st.Message, "Can't reach Pulsoid") {
		t.Errorf("status %+v, want can't reach Pulsoid", st)
	}
	if h.kept(t) != "tok" {
		t.Error("the token was dropped because the network was down")
	}
	h.fake.Unreachable(false) // Pulsoid comes back
	h.stream(t, 70)
}

func TestCorruptTokenFileIsSetAsideAndSignsOut(t *testing.T) {
	h := newHarness(t, nil)
	if err := os.MkdirAll(h.paths.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.paths.TokenFile(), []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	notice := h.sess.Start(h.ctx, false, "")
	h.waitState(t, heartrate.StateSignedOut)
	if !strings.Contains(notice, "sign in again") {
		t.Errorf("notice %q", notice)
	}
}

func TestDeviceSignInEndToEnd(t *testing.T) {
	h := newHarness(t, nil)
	h.sess.Start(h.ctx, false, "")
	si, err := h.sess.SignIn(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if si.Phase != "waiting" || !strings.Contains(si.URL, "/activate?code=") || si.ExpiresAt == 0 {
		t.Fatalf("sign-in state %+v", si)
	}
	if got := <-h.opened; got != si.URL {
		t.Errorf("browser opened %q, want %q", got, si.URL)
	}
	h.waitState(t, heartrate.StateSigningIn)
	h.fake.Approve()
	h.waitState(t, heartrate.StateConnecting)
	h.stream(t, 88)
	tok := h.kept(t)
	if tok == "" {
		t.Fatal("the new token was not kept")
	}
	info, err := os.Stat(h.paths.TokenFile())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("token file: %v mode %v, want 0600", err, info.Mode().Perm())
	}
	assertTokenNowhere(t, h, tok)
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
	for i := 0; i < 2; i++ {
		select {
		case m := <-sub.C():
			if bytes.Contains(m.JSON, []byte(tok)) {
				t.Error("the token appears in an overlay message")
			}
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func TestSignInWithoutClientIDExplainsBothWaysForward(t *testing.T) {
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
}

func TestPastedToken(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddToken("personal")
	h.fake.AddToken("no-scope").Scopes = []string{"data:heart_rate:write"}

	err := h.sess.UseToken(h.ctx, "no-scope", "pasted")
	if err == nil || !strings.Contains(err.Error(), "data:heart_rate:read") {
		t.Fatalf("token without the scope: %v, want refused naming the scope", err)
	}
	if h.kept(t) != "" {
		t.Error("a refused token was kept")
	}
	if err := h.sess.UseToken(h.ctx, "nonsense", "pasted"); err == nil || !strings.Contains(err.Error(), "Sign in again") && !strings.Contains(err.Error(), "no longer knows") {
		t.Errorf("unknown token: %v", err)
	}
	if err := h.sess.UseToken(h.ctx, "  Bearer personal \n", "pasted"); err != nil {
		t.Fatalf("valid pasted token: %v", err)
	}
	h.stream(t, 66)
	if h.kept(t) != "personal" {
		t.Error("the valid token was not kept")
	}
	assertTokenNowhere(t, h, "personal")
}

func TestEnvironmentTokenIsValidatedThenKept(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddToken("from-env")
	h.sess.Start(h.ctx, false, "from-env")
	h.stream(t, 75)
	if h.kept(t) != "from-env" {
		t.Error("BEATCAST_TOKEN was not kept after validation")
	}
}

func TestSignOutOnlineRevokesAndForgets(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddToken("tok")
	h.keep(t, "tok")
	h.sess.Start(h.ctx, false, "")
	h.stream(t, 70)
	if err := h.sess.SignOut(h.ctx); err != nil {
		t.Fatal(err)
	}
	if h.fake.Calls("POST /oauth2/revoke") != 1 {
		t.Error("Pulsoid was not asked to revoke the token")
	}
	if _, err := pulsoid.NewClient(h.fake.URL, nil).Validate(context.Background(), "tok"); pulsoid.Classify(err) != pulsoid.SignedOut {
		t.Errorf("the token still validates after sign out: %v", err)
	}
	if h.kept(t) != "" || h.sess.Account().SignedIn {
		t.Error("still signed in locally")
	}
	if st := h.waitState(t, heartrate.StateSignedOut); st.Reason != "signed_out_by_user" {
		t.Errorf("reason %q", st.Reason)
	}
}

func TestSignOutOfflineStillSignsOutHere(t *testing.T) {
	h := newHarness(t, nil)
	h.keep(t, "tok")
	h.fake.Unreachable(true)
	err := h.sess.SignOut(h.ctx)
	if err == nil || !strings.Contains(err.Error(), "signed out on this computer") {
		t.Errorf("SignOut offline = %v, want a note that Pulsoid could not be told", err)
	}
	if h.kept(t) != "" {
		t.Error("the token file survived an offline sign out")
	}
	h.waitState(t, heartrate.StateSignedOut)
}

func TestTokenRevokedWhileStreamingReturnsToSignIn(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.AddToken("tok")
	h.keep(t, "tok")
	h.sess.Start(h.ctx, false, "")
	h.stream(t, 70)
	h.fake.Edit("tok", func(a *pulsoidtest.Account) { a.Revoked = true })
	h.fake.DropAll()
	st := h.waitState(t, heartrate.StateSignedOut)
	if st.Reason != "token_revoked" {
		t.Errorf("reason %q, want token_revoked", st.Reason)
	}
	eventually(t, "the revoked token to be forgotten", func() bool { return h.kept(t) == "" && !h.sess.Account().SignedIn })
}

func TestHeadlessSignsInByItself(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.AutoSignIn = true })
	h.sess.Start(h.ctx, false, "")
	h.waitState(t, heartrate.StateSigningIn)
	if si := h.sess.SignInState(); si.Phase != "waiting" || si.URL == "" {
		t.Fatalf("sign-in %+v, want waiting with a URL", si)
	}
	h.fake.Approve()
	h.stream(t, 90)
}

func TestCancelSignInReturnsToSignedOut(t *testing.T) {
	h := newHarness(t, nil)
	h.sess.Start(h.ctx, false, "")
	if _, err := h.sess.SignIn(h.ctx); err != nil {
		t.Fatal(err)
	}
	h.waitState(t, heartrate.StateSigningIn)
	h.sess.CancelSignIn(h.ctx)
	h.waitState(t, heartrate.StateSignedOut)
	if si := h.sess.SignInState(); si.Phase != "idle" {
		t.Errorf("sign-in phase %q after cancel", si.Phase)
	}
	polls := len(h.fake.PollTimes())
	time.Sleep(1500 * time.Millisecond)
	if len(h.fake.PollTimes()) != polls {
		t.Error("still polling after cancel")
	}
}

func TestDeniedSignInSaysSo(t *testing.T) {
	h := newHarness(t, nil)
	h.sess.Start(h.ctx, false, "")
	if _, err := h.sess.SignIn(h.ctx); err != nil {
		t.Fatal(err)
	}
	h.fake.Deny()
	eventually(t, "the sign-in to fail after denial", func() bool { return h.sess.SignInState().Phase == "failed" })
	if si := h.sess.SignInState(); si.Error != "denied" || !strings.Contains(si.Message, "Start again") {
		t.Errorf("sign-in %+v", si)
	}
	h.waitState(t, heartrate.StateSignedOut)
}
