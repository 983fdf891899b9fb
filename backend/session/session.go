// Package session decides what feeds the stream and keeps the Pulsoid
// sign-in: on start it uses the demo, a token from the environment or the
// kept token (validated first, retried until Pulsoid answers), and
// otherwise reports "signed out"; it runs the device sign-in, accepts a
// pasted token, and signs out. It never lets the token reach a log line, a
// status or an event.
package session

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// Stream is where the session sends its decisions; *service.Service
// provides it.
type Stream interface {
	Use(ctx context.Context, src heartrate.Source)
	Report(source heartrate.SourceName, l heartrate.Link)
}

// Config wires a Session.
type Config struct {
	Paths   config.Paths
	APIURL  string
	AuthURL string
	// HTTP carries every request to Pulsoid; nil: http.DefaultClient.
	HTTP *http.Client
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
	// Tune, if set, adjusts each Pulsoid source before it runs (tests).
	Tune func(*pulsoid.Realtime)
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
	cfg  Config
	api  *pulsoid.Client
	wake chan struct{} // RetryNow: ends the current wait between attempts

	mu        sync.Mutex
	onSignIn  func(SignIn)
	onAccount func(Account)
	token     pulsoid.Token
	account   Account
	signIn    SignIn
	cancel    context.CancelFunc // stops background work: a sign-in, or retries
}

// New returns a session; call Start next.
func New(cfg Config) *Session {
	if cfg.ClientID == nil {
		cfg.ClientID = func() string { return "" }
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	s := &Session{cfg: cfg, api: pulsoid.NewClient(cfg.APIURL, cfg.HTTP), wake: make(chan struct{}, 1),
		signIn: SignIn{Phase: PhaseIdle}, onSignIn: cfg.OnSignIn}
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

// OnAccount sets the listener for changes of Account.
func (s *Session) OnAccount(f func(Account)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onAccount = f
}

// setAccount changes who is signed in, and the token streamed with, and
// tells the listener. It returns the token it replaced.
func (s *Session) setAccount(a Account, tok pulsoid.Token) pulsoid.Token {
	s.mu.Lock()
	old := s.token
	s.account, s.token = a, tok
	notify := s.onAccount
	s.mu.Unlock()
	if notify != nil {
		notify(s.Account())
	}
	return old
}

// AccountChanged tells the listener that Account changed from outside
// the session (a client id was entered).
func (s *Session) AccountChanged() { s.setAccount(s.Account(), s.currentToken()) }

func (s *Session) currentToken() pulsoid.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// Account reports the current sign-in.
func (s *Session) Account() Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account
	a.HasClientID = s.cfg.ClientID() != ""
	return a
}

// Start decides the first source: the demo if asked, else envToken (kept
// once valid), else the kept token. It returns once the first answer is
// in; while Pulsoid can't be asked, it keeps asking in the background.
// notice is a message for the user from reading the token file, or "".
func (s *Session) Start(ctx context.Context, useDemo bool, envToken string) (notice string) {
	if useDemo {
		s.UseDemo(ctx)
		return ""
	}
	if envToken != "" {
		s.adopt(ctx, pulsoid.Token(trimToken(envToken)), config.FromEnvironment)
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
		s.signedOut(ctx, heartrate.ReasonNotSignedIn, "Sign in with Pulsoid to show your heart rate.")
		return notice
	}
	s.adopt(ctx, kept, "")
	return notice
}

// UseDemo streams the synthetic heart rate. A kept token stays kept.
func (s *Session) UseDemo(ctx context.Context) {
	s.stopBackground()
	s.setAccount(Account{Demo: true}, "")
	s.cfg.Stream.Use(ctx, &demo.Source{})
}

// signedOut reports that no usable token exists, and signs in by itself
// when nobody can press a button.
func (s *Session) signedOut(ctx context.Context, reason heartrate.Reason, message string) {
	s.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: reason, Message: message})
	if s.cfg.AutoSignIn {
		if _, err := s.SignIn(ctx); err != nil {
			s.cfg.Log.Error("cannot start signing in", "err", err)
		}
	}
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

// sleep waits d, or less after RetryNow; it reports false when ctx ended.
func (s *Session) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-s.wake:
	}
	return true
}
