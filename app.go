package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/session"
)

// App is the only Wails-aware type: it starts and stops the service with
// the window's lifecycle, forwards the hub and the sign-in to runtime
// events and exposes the bound methods the Svelte UI calls. Each method
// delegates; none returns the Pulsoid token.
type App struct {
	svc       *service.Service
	sess      *session.Session
	clientIDs *config.ClientIDs
	start     func(context.Context) string
	notice    string
	version   string

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	probe  *Probe

	noticeMu sync.Mutex
}

// Events for the window besides the hub's (see service.EventStatus).
const (
	EventSignIn = "beatcast:signin" // payload: session.SignIn
	EventNotice = "beatcast:notice" // payload: string
)

// NewApp returns the app; start decides the first source once the
// service runs and returns a notice for the user, if any.
func NewApp(svc *service.Service, sess *session.Session, ids *config.ClientIDs, start func(context.Context) string, notice, version string) *App {
	a := &App{svc: svc, sess: sess, clientIDs: ids, start: start, notice: notice, version: version, done: make(chan struct{})}
	if path := os.Getenv("BEATCAST_E2E_PROBE"); path != "" {
		a.probe = &Probe{path: path}
	}
	return a
}

func (a *App) bindings() []any {
	if a.probe != nil {
		return []any{a, a.probe}
	}
	return []any{a}
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	runCtx, cancel := context.WithCancel(ctx)
	a.cancel = cancel
	go func() {
		defer close(a.done)
		if err := a.svc.Run(runCtx, nil); err != nil {
			runtime.LogError(ctx, err.Error())
		}
	}()
	emit := func(name string, payload any) { runtime.EventsEmit(ctx, name, payload) }
	go service.ForwardToUI(runCtx, a.svc.Hub, emit)
	a.sess.OnSignIn(func(si session.SignIn) { emit(EventSignIn, si) })
	// Validating a kept token can take seconds; the window must not wait.
	go func() {
		if n := a.start(runCtx); n != "" {
			a.addNotice(n)
			emit(EventNotice, a.Notice())
		}
	}()
}

func (a *App) domReady(ctx context.Context) {
	if a.probe != nil {
		go a.probe.run(ctx)
	}
}

func (a *App) shutdown(context.Context) {
	a.cancel()
	<-a.done
}

func (a *App) addNotice(n string) {
	a.noticeMu.Lock()
	defer a.noticeMu.Unlock()
	if a.notice != "" {
		a.notice += " "
	}
	a.notice += n
}

// Snapshot is the current status, last beat and session statistics.
func (a *App) Snapshot() heartrate.Snapshot { return a.svc.Hub.Snapshot() }

// OverlayURL is the address to paste into an OBS Browser Source.
func (a *App) OverlayURL() string { return a.svc.OverlayURL() }

// LocalOverlayPath is the overlay file for OBS's "Local file" option, which
// works even when OBS starts before Beatcast.
func (a *App) LocalOverlayPath() string { return a.svc.LocalOverlayPath() }

// Notice is a message for the user from start-up (e.g. a settings or
// token file that was set aside), or "".
func (a *App) Notice() string {
	a.noticeMu.Lock()
	defer a.noticeMu.Unlock()
	return a.notice
}

// Version is the build's version string.
func (a *App) Version() string { return a.version }

// Account says who is signed in (never the token).
func (a *App) Account() session.Account { return a.sess.Account() }

// SignInState is the device sign-in's progress.
func (a *App) SignInState() session.SignIn { return a.sess.SignInState() }

// SignIn starts the device sign-in and opens the browser.
func (a *App) SignIn() (session.SignIn, error) { return a.sess.SignIn(a.ctx) }

// CancelSignIn stops waiting for approval.
func (a *App) CancelSignIn() { a.sess.CancelSignIn(a.ctx) }

// UseToken validates and keeps a token pasted from pulsoid.net/ui/keys.
func (a *App) UseToken(token string) error { return a.sess.UseToken(a.ctx, token, "pasted") }

// StartDemo switches to the synthetic heart rate.
func (a *App) StartDemo() { a.sess.UseDemo(a.ctx) }

// SignOut revokes and forgets the token.
func (a *App) SignOut() error { return a.sess.SignOut(a.ctx) }

// SetClientID keeps the Pulsoid OAuth client id the user entered.
func (a *App) SetClientID(id string) error {
	id = strings.TrimSpace(id)
	if id == "" {
		return errors.New("enter the client id from pulsoid.net/ui/api-clients")
	}
	return a.clientIDs.Save(id)
}

// Probe lets the end-to-end test read the real window: when
// BEATCAST_E2E_PROBE names a file, the app samples the page's text a few
// times through the webview, writes the samples there as JSON and quits.
// It is never bound otherwise.
type Probe struct {
	path    string
	mu      sync.Mutex
	samples []string
}

const probeSamples = 8

func (p *Probe) run(ctx context.Context) {
	tick := time.NewTicker(700 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			runtime.WindowExecJS(ctx, `window.go.main.Probe.Report(document.body.innerText)`)
			if p.count() >= probeSamples {
				p.finish(ctx)
				return
			}
		}
	}
}

// Report records one sample of the page's text; the page calls it.
func (p *Probe) Report(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.samples = append(p.samples, text)
}

func (p *Probe) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.samples)
}

func (p *Probe) finish(ctx context.Context) {
	p.mu.Lock()
	data, _ := json.Marshal(p.samples)
	p.mu.Unlock()
	if err := os.WriteFile(p.path, data, 0o644); err != nil {
		runtime.LogError(ctx, "probe: "+err.Error())
	}
	runtime.Quit(ctx)
}
