// Package feed decides what feeds the stream and keeps the Pulsoid
// sign-in: on start it uses the demo, a Bluetooth strap, a token from the
// environment or the kept token (validated first, retried until Pulsoid
// answers), and otherwise reports "signed out"; it runs the device
// sign-in, accepts a pasted token, switches to a strap, and signs out. It
// never lets the token reach a log line, a status or an event.
package feed

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
)

// Stream is where the feed sends its decisions; *service.Service
// provides it.
type Stream interface {
	Use(ctx context.Context, src heartrate.Source)
	Report(source heartrate.SourceName, l heartrate.Link)
}

// Config wires a Feed.
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
	// terminal when headless); see also Feed.OnSignIn.
	OnSignIn func(SignIn)
	// AutoSignIn starts the device sign-in by itself whenever no usable
	// token exists (headless mode, where nobody can press a button).
	AutoSignIn bool
	// Tune, if set, adjusts each Pulsoid source before it runs (tests).
	Tune func(*pulsoid.Realtime)
	// BLE starts the Bluetooth helper (Beatcast's own executable).
	BLE ble.Helper
	// Strap is the strap to begin with (--ble, or the one the streamer
	// chose to read on every start), or nil.
	Strap func() *ble.Strap
	// Chose hears the source the streamer chose in the window (a sign-in,
	// a pasted token, the demo), not the ones Start picks by itself.
	Chose func(heartrate.SourceName)
}

// Account is what the UI may know about the sign-in. It never holds the token.
type Account struct {
	SignedIn    bool   `json:"signed_in"`
	ProfileID   string `json:"profile_id,omitempty"`
	ExpiresAt   int64  `json:"expires_at,omitempty"` // Unix ms
	HasClientID bool   `json:"has_client_id"`
	Demo        bool   `json:"demo"`
	// Strap names the Bluetooth strap the stream comes from, if it does.
	Strap string `json:"strap,omitempty"`
}

// Feed is safe for concurrent use.
type Feed struct {
	cfg  Config
	api  *pulsoid.Client
	wake chan struct{} // RetryNow: ends the current wait between attempts

	mu        sync.Mutex
	envToken  string // BEATCAST_TOKEN as Start was given it, for Again
	onSignIn  func(SignIn)
	onAccount func(Account)
	token     pulsoid.Token
	account   Account
	signIn    SignIn
	cancel    context.CancelFunc // stops background work: a sign-in, or retries
}

// New returns a feed; call Start next.
func New(cfg Config) *Feed {
	if cfg.ClientID == nil {
		cfg.ClientID = func() string { return "" }
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	s := &Feed{cfg: cfg, api: pulsoid.NewClient(cfg.APIURL, cfg.HTTP), wake: make(chan struct{}, 1),
		signIn: SignIn{Phase: PhaseIdle}, onSignIn: cfg.OnSignIn}
	if s.onSignIn == nil {
		s.onSignIn = func(SignIn) {}
	}
	return s
}

// OnSignIn replaces the listener for sign-in changes (the window can only
// listen once it exists).
func (f *Feed) OnSignIn(listen func(SignIn)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onSignIn = listen
}

// OnAccount sets the listener for changes of Account.
func (f *Feed) OnAccount(listen func(Account)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onAccount = listen
}

// setAccount changes who is signed in, and the token streamed with, and
// tells the listener. It returns the token it replaced.
func (f *Feed) setAccount(a Account, tok pulsoid.Token) pulsoid.Token {
	f.mu.Lock()
	old := f.token
	f.account, f.token = a, tok
	notify := f.onAccount
	f.mu.Unlock()
	if notify != nil {
		notify(f.Account())
	}
	return old
}

// AccountChanged tells the listener that Account changed from outside
// the feed (a client id was entered).
func (f *Feed) AccountChanged() { f.setAccount(f.Account(), f.currentToken()) }

func (f *Feed) currentToken() pulsoid.Token {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.token
}

// Account reports the current sign-in.
func (f *Feed) Account() Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.account
	a.HasClientID = f.cfg.ClientID() != ""
	return a
}

// Start decides the first source: the demo if asked, else envToken (kept
// once valid), else the kept token. It returns once the first answer is
// in; while Pulsoid can't be asked, it keeps asking in the background.
// notice is a message for the user from reading the token file, or "".
func (f *Feed) Start(ctx context.Context, useDemo bool, envToken string) (notice string) {
	f.mu.Lock()
	f.envToken = envToken
	f.mu.Unlock()
	if useDemo {
		f.useDemo(ctx)
		return ""
	}
	if f.cfg.Strap != nil {
		if strap := f.cfg.Strap(); strap != nil {
			f.useStrap(ctx, *strap)
			return ""
		}
	}
	if envToken != "" {
		f.adopt(ctx, pulsoid.Token(trimToken(envToken)), config.FromEnvironment)
		return ""
	}
	kept, notice, err := config.LoadToken(f.cfg.Paths)
	if err != nil {
		f.cfg.Log.Error("cannot read the kept token", "err", err)
	}
	if notice != "" {
		f.cfg.Log.Warn(notice)
	}
	if kept == "" {
		f.signedOut(ctx, heartrate.ReasonNotSignedIn, "Sign in with Pulsoid to show your heart rate.")
		return notice
	}
	f.adopt(ctx, kept, "")
	return notice
}

// Again decides the source as Start did (the strap is no longer chosen:
// Pulsoid, signed in or not).
func (f *Feed) Again(ctx context.Context) string {
	f.mu.Lock()
	env := f.envToken
	f.mu.Unlock()
	return f.Start(ctx, false, env)
}

// UseDemo streams the synthetic heart rate, as the streamer chose. A kept
// token stays kept.
func (f *Feed) UseDemo(ctx context.Context) {
	f.useDemo(ctx)
	f.chose(heartrate.SourceDemo)
}

func (f *Feed) useDemo(ctx context.Context) {
	f.stopBackground()
	f.setAccount(Account{Demo: true}, "")
	f.cfg.Stream.Use(ctx, &demo.Source{})
}

// UseStrap reads strap, as the streamer chose. A kept token stays kept.
func (f *Feed) UseStrap(ctx context.Context, strap ble.Strap) {
	f.useStrap(ctx, strap)
	f.chose(heartrate.SourceBLE)
}

func (f *Feed) useStrap(ctx context.Context, strap ble.Strap) {
	f.stopBackground()
	f.setAccount(Account{Strap: cmp.Or(strap.Name, strap.Address, "the first heart-rate device heard")}, "")
	f.cfg.Stream.Use(ctx, &ble.Source{Strap: strap, Helper: f.cfg.BLE, Log: f.cfg.Log})
}

// chose tells Chose which source the streamer chose.
func (f *Feed) chose(source heartrate.SourceName) {
	if f.cfg.Chose != nil {
		f.cfg.Chose(source)
	}
}

// signedOut reports that no usable token exists, and signs in by itself
// when nobody can press a button.
func (f *Feed) signedOut(ctx context.Context, reason heartrate.Reason, message string) {
	f.cfg.Stream.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: reason, Message: message})
	if f.cfg.AutoSignIn {
		if _, err := f.SignIn(ctx); err != nil {
			f.cfg.Log.Error("cannot start signing in", "err", err)
		}
	}
}

// replaceBackground cancels any background work and returns the context
// for the new one.
func (f *Feed) replaceBackground(ctx context.Context) context.Context {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
	}
	ctx, f.cancel = context.WithCancel(ctx)
	return ctx
}

func (f *Feed) stopBackground() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
}

// sleep waits d, or less after RetryNow; it reports false when ctx ended.
func (f *Feed) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-f.wake:
	}
	return true
}
