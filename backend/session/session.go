// Package session decides what feeds the stream and keeps the Pulsoid
// sign-in: on start it uses the demo, a token from the environment or the
// kept token (validated first), and otherwise reports "signed out"; it runs
// the device sign-in, accepts a pasted token, and signs out. It never lets
// the token reach a log line, a status or an event.
package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// Stream is where the session sends its decisions; *service.Service and
// its Monitor provide it.
type Stream interface {
	Use(ctx context.Context, src heartrate.Source)
	Report(source string, l heartrate.Link)
}

// Config wires a Session.
type Config struct {
	Paths   config.Paths
	APIURL  string
	AuthURL string
	// ClientID returns the Pulsoid OAuth client id to sign in with, or "".
	ClientID    func() string
	OpenBrowser func(url string) error
	Stream      Stream
	Log         *slog.Logger
	// OnSignIn hears every change in the sign-in flow (for the UI, or the
	// terminal when headless); see also Session.OnSignIn.
	OnSignIn func(SignIn)
	// AutoSignIn starts the device sign-in by itself whenever no usable
	// token exists (headless mode, where nobody can press a button).
	AutoSignIn bool
	// RetryDelay paces start-up validation while Pulsoid can't be reached;
	// nil means pulsoid.Backoff.
	RetryDelay func(attempt int) time.Duration
	// Tune, if set, adjusts each Pulsoid source before it runs (tests).
	Tune func(*pulsoid.Realtime)
}

// SignIn is the sign-in flow as the UI shows it.
type SignIn struct {
	// Phase: "idle", "waiting" (for the user to approve), "failed".
	Phase     string `json:"phase"`
	URL       string `json:"url,omitempty"`        // verification_uri_complete
	ExpiresAt int64  `json:"expires_at,omitempty"` // Unix ms
	Error     string `json:"error,omitempty"`      // denied, expired, already_issued, invalid_client, failed
	Message   string `json:"message,omitempty"`
	// Offline: the last poll could not reach Pulsoid; polling goes on.
	Offline bool `json:"offline,omitempty"`
}

// Account is what the UI may know about the sign-in. It never holds the token.
type Account struct {
	SignedIn    bool   `json:"signed_in"`
	ProfileID   string `json:"profile_id,omitempty"`
	ExpiresAt   int64  `json:"expires_at,omitempty"` // Unix ms
	HasClientID bool   `json:"has_client_id"`
	Demo        bool   `json:"demo"`
}

// Session is safe for concurrent use.
type Session struct {
	cfg Config
	api *pulsoid.Client

	mu       sync.Mutex
	onSignIn func(SignIn)
	token    pulsoid.Token
	account  Account
	signIn   SignIn
	cancel   context.CancelFunc // stops a running device sign-in or start-up retry
}

// New returns a session; call Start next.
func New(cfg Config) *Session {
	if cfg.ClientID == nil {
		cfg.ClientID = func() string { return "" }
	}
	s := &Session{cfg: cfg, api: pulsoid.NewClient(cfg.APIURL, nil), signIn: SignIn{Phase: "idle"}, onSignIn: cfg.OnSignIn}
	if s.onSignIn == nil {
		s.onSignIn = func(SignIn) {}
	}
	return s
}

// OnSignIn replaces the listener for sign-in changes (the window can only
// listen once it exists).
func (s *Session) OnSignIn(f func(SignIn)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onSignIn = f
}

// Account reports the current sign-in.
func (s *Session) Account() Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account
	a.HasClientID = s.cfg.ClientID() != ""
	return a
}

// SignInState reports the sign-in flow.
func (s *Session) SignInState() SignIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.signIn
}

// Start decides the first source: the demo if asked, else envToken (kept
// once valid), else the kept token. It returns once the decision is made;
// a kept token that Pulsoid can't be asked about yet is retried in the
// background. notice is a message for the user from reading the token
// file, or "".
func (s *Session) Start(ctx context.Context, useDemo bool, envToken string) (notice string) {
	if useDemo {
		s.UseDemo(ctx)
		return ""
	}
	if envToken != "" {
		if err := s.UseToken(ctx, envToken, "env"); err != nil {
			s.cfg.Log.Warn("BEATCAST_TOKEN was not accepted", "err", err)
		}
		return ""
	}
	kept, notice, err := config.LoadToken(s.cfg.Paths)
	if err != nil {
		s.cfg.Log.Error("cannot read the kept token", "err", err)
	}
	if notice != "" {
		s.cfg.Log.Warn(notice)
	}
	if kept == "" {
		s.signedOut(ctx, "not_signed_in", "Sign in with Pulsoid to show your heart rate.")
		return notice
	}
	s.restore(ctx, pulsoid.Token(kept))
	return notice
}

// restore validates the kept token and streams with it; while Pulsoid
// can't be reached it keeps the token and keeps asking.
func (s *Session) restore(ctx context.Context, tok pulsoid.Token) {
	info, err := s.api.Validate(ctx, tok)
	if s.settle(ctx, tok, info, err) {
		return
	}
	rctx := s.replaceBackground(ctx)
	go func() {
		for attempt := 1; ; attempt++ {
			wait := s.retryDelay(attempt)
			s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkRetrying, Attempt: attempt,
				RetryAt: time.Now().Add(wait).UnixMilli(), Reason: pulsoid.Reason(err), Message: pulsoid.Explain(err)})
			select {
			case <-rctx.Done():
				return
			case <-time.After(wait):
			}
			info, err = s.api.Validate(rctx, tok)
			if rctx.Err() != nil || s.settle(rctx, tok, info, err) {
				return
			}
		}
	}()
}

// settle acts on a validation of the kept token: stream with it, or
// forget it; it returns false when Pulsoid could not be asked (try again).
func (s *Session) settle(ctx context.Context, tok pulsoid.Token, info pulsoid.TokenInfo, err error) bool {
	switch {
	case err == nil:
		s.stream(ctx, tok, info)
	case pulsoid.Classify(err) != pulsoid.Retryable:
		s.tokenRefused(ctx, err)
	default:
		return false
	}
	return true
}

// UseToken validates a pasted token (or BEATCAST_TOKEN), keeps it and
// streams with it. A token without the heart-rate scope is refused.
func (s *Session) UseToken(ctx context.Context, raw, via string) error {
	tok := pulsoid.Token(trimToken(raw))
	if tok == "" {
		return errors.New("paste the token from pulsoid.net/ui/keys first")
	}
	info, err := s.api.Validate(ctx, tok)
	if err != nil {
		if pulsoid.Classify(err) == pulsoid.Retryable {
			return fmt.Errorf("%s The token was not saved; try again", pulsoid.Explain(err))
		}
		return errors.New(pulsoid.Explain(err))
	}
	if !info.CanReadHeartRate() {
		return errors.New("this token cannot read heart rate: create one at pulsoid.net/ui/keys with the data:heart_rate:read permission")
	}
	if err := config.SaveToken(s.cfg.Paths, tok.Reveal(), via); err != nil {
		return err
	}
	s.stream(ctx, tok, info)
	return nil
}

// UseDemo streams the synthetic heart rate. A kept token stays kept.
func (s *Session) UseDemo(ctx context.Context) {
	s.stopBackground()
	s.mu.Lock()
	s.account = Account{Demo: true}
	s.mu.Unlock()
	s.cfg.Stream.Use(ctx, &demo.Source{})
}

// stream starts the Pulsoid source with a validated token.
func (s *Session) stream(ctx context.Context, tok pulsoid.Token, info pulsoid.TokenInfo) {
	s.mu.Lock()
	s.token = tok
	s.account = Account{SignedIn: true, ProfileID: info.ProfileID,
		ExpiresAt: time.Now().Add(time.Duration(info.ExpiresIn) * time.Second).UnixMilli()}
	s.mu.Unlock()
	s.cfg.Log.Info("signed in to Pulsoid", "profile", info.ProfileID,
		"valid_for", (time.Duration(info.ExpiresIn) * time.Second).Round(time.Hour).String())
	src := &pulsoid.Realtime{Client: s.api, APIURL: s.cfg.APIURL, Token: tok, Log: s.cfg.Log}
	if s.cfg.Tune != nil {
		s.cfg.Tune(src)
	}
	s.cfg.Stream.Use(ctx, &watched{Source: src, ended: func(err error) { s.sourceEnded(ctx, tok, err) }})
}

// sourceEnded reacts to the Pulsoid source stopping on its own.
func (s *Session) sourceEnded(ctx context.Context, tok pulsoid.Token, err error) {
	if err == nil || pulsoid.Classify(err) != pulsoid.SignedOut {
		return // cancelled, or a state the source already reported (paid plan)
	}
	s.mu.Lock()
	current := s.token == tok
	s.mu.Unlock()
	if current {
		s.tokenRefused(ctx, err)
	}
}

// tokenRefused forgets a token Pulsoid will not accept and says why.
func (s *Session) tokenRefused(ctx context.Context, err error) {
	kind := pulsoid.Classify(err)
	if kind == pulsoid.SignedOut || kind == pulsoid.MissingScope {
		s.mu.Lock()
		s.token = ""
		s.account = Account{}
		s.mu.Unlock()
		if derr := config.DeleteToken(s.cfg.Paths); derr != nil {
			s.cfg.Log.Error("cannot delete the refused token", "err", derr)
		}
		s.signedOut(ctx, pulsoid.Reason(err), pulsoid.Explain(err))
		return
	}
	// The paid plan is missing: the token is fine, so it is kept.
	s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut, Reason: pulsoid.Reason(err), Message: pulsoid.Explain(err)})
}

// signedOut reports that no usable token exists, and signs in by itself
// when nobody can press a button.
func (s *Session) signedOut(ctx context.Context, reason, message string) {
	s.cfg.Stream.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut, Reason: reason, Message: message})
	if s.cfg.AutoSignIn {
		if _, err := s.SignIn(ctx); err != nil {
			s.cfg.Log.Error("cannot start signing in", "err", err)
		}
	}
}

func (s *Session) retryDelay(attempt int) time.Duration {
	if s.cfg.RetryDelay != nil {
		return s.cfg.RetryDelay(attempt)
	}
	return pulsoid.Backoff(attempt, 0.5)
}

// replaceBackground cancels any background work and returns the context
// for the new one.
func (s *Session) replaceBackground(ctx context.Context) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
	ctx, s.cancel = context.WithCancel(ctx)
	return ctx
}

func (s *Session) stopBackground() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// watched is a source that tells the session when it stops by itself.
type watched struct {
	heartrate.Source
	ended func(error)
}

func (w *watched) Run(ctx context.Context, out heartrate.Sink) error {
	err := w.Source.Run(ctx, out)
	if ctx.Err() == nil {
		go w.ended(err) // it may sign in again; the source is done either way
	}
	return err
}
