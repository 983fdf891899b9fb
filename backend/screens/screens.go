// Package screens answers the window's screens: the dashboard's queries,
// signing in, the overlay builder, Settings and History. Wails binds a
// *Screens beside main's App (which keeps what needs Wails itself: the
// lifecycle, dialogs and events), so everything here runs and tests without
// a window. Each method checks, delegates and returns (T, error); a failure
// is a problem.Problem whose sentence the window shows. None returns the
// Pulsoid token.
package screens

import (
	"context"
	"sync"

	"github.com/beatcast/beatcast/backend/background"
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/cli"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/feed"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/service"
)

// Feed is what the screens ask of whatever feeds the stream
// (*feed.Feed): sign-in, tokens, the demo.
type Feed interface {
	Account() feed.Account
	AccountChanged()
	SignInState() feed.SignIn
	SignIn(ctx context.Context) (feed.SignIn, error)
	CancelSignIn(ctx context.Context)
	UseToken(ctx context.Context, token string) error
	RetryNow()
	UseDemo(ctx context.Context)
	UseStrap(ctx context.Context, strap ble.Strap)
	Again(ctx context.Context) string
	SignOut(ctx context.Context) error
}

// Config is what main hands the screens.
type Config struct {
	// Context bounds what a screen starts (a sign-in): the run's.
	Context   context.Context
	Service   *service.Service
	Feed      Feed
	Store     *config.Store
	ClientID  config.ClientID
	Autostart background.Autostart
	Build     cli.Build
	// OpenFolder shows a folder in the file manager (browser.OpenFile).
	OpenFolder func(path string) error
	// HasTray says whether this desktop shows Beatcast's tray icon (known
	// once the tray has started; nil: no tray).
	HasTray func() bool
	// BLE starts the Bluetooth helper for a scan.
	BLE ble.Helper
	// OnStrapFound hears each strap a scan finds (the window's event).
	OnStrapFound func([]ble.Found)
}

// Screens is safe for concurrent use.
type Screens struct {
	cfg      Config
	scanning sync.Mutex // one scan for straps at a time
}

// New returns the screens for cfg.
func New(cfg Config) *Screens { return &Screens{cfg: cfg} }

// Snapshot is the current status, last beat and the stream's statistics.
func (s *Screens) Snapshot() heartrate.Snapshot { return s.cfg.Service.Hub.Snapshot() }

// RecentBeats are the last 30 minutes of beats, oldest first, for the
// dashboard's chart.
func (s *Screens) RecentBeats() []heartrate.Arrival { return s.cfg.Service.Hub.Recent() }

// Notice is everything a person must hear from this run (a settings file
// set aside, a port in use), or "".
func (s *Screens) Notice() string { return s.cfg.Service.Notices.Text() }

// Version is the build's version, for the window's footer.
func (s *Screens) Version() cli.Build { return s.cfg.Build }

// Account says who is signed in (never the token).
func (s *Screens) Account() feed.Account { return s.cfg.Feed.Account() }

// SignInState is the device sign-in's progress.
func (s *Screens) SignInState() feed.SignIn { return s.cfg.Feed.SignInState() }

// SignIn starts the device sign-in and opens the browser.
func (s *Screens) SignIn() (feed.SignIn, error) { return s.cfg.Feed.SignIn(s.cfg.Context) }

// CancelSignIn stops waiting for approval.
func (s *Screens) CancelSignIn() { s.cfg.Feed.CancelSignIn(s.cfg.Context) }

// UseToken validates and keeps a token pasted from pulsoid.net/ui/keys.
func (s *Screens) UseToken(token string) error { return s.cfg.Feed.UseToken(s.cfg.Context, token) }

// RetryNow skips the wait before the next attempt to reach Pulsoid.
func (s *Screens) RetryNow() { s.cfg.Feed.RetryNow() }

// StartDemo switches to the synthetic heart rate.
func (s *Screens) StartDemo() { s.cfg.Feed.UseDemo(s.cfg.Context) }

// SignOut revokes and forgets the token.
func (s *Screens) SignOut() error { return s.cfg.Feed.SignOut(s.cfg.Context) }
