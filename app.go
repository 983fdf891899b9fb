package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/monitor"
	"github.com/beatcast/beatcast/backend/overlay"
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
	// paths and overlayAddr (as asked for at start, "" = default) let
	// Settings say what changes only after a restart.
	paths       config.Paths
	overlayAddr string
	log         *slog.Logger

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
		a.probe = newProbe(path)
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

// beforeClose keeps OBS's overlay from dying mid-stream without the
// streamer knowing: while an overlay is connected, closing the window asks
// whether to keep Beatcast running in the background. A second launch
// brings the window back. It returns true to keep running.
func (a *App) beforeClose(ctx context.Context) bool {
	if a.probe != nil || a.svc.OverlayClients() == 0 {
		return false
	}
	answer, err := runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:  runtime.QuestionDialog,
		Title: "Keep your heart rate on stream?",
		Message: "OBS is showing your heart rate from Beatcast.\n\n" +
			"Yes: keep Beatcast running in the background (open Beatcast again to bring this window back).\n" +
			"No: quit Beatcast; the overlay stops.",
	})
	if err != nil || answer == "No" {
		return false
	}
	runtime.WindowHide(ctx)
	return true
}

// secondInstance brings the window back when Beatcast is launched again.
func (a *App) secondInstance(options.SecondInstanceData) {
	a.log.Info("Beatcast was launched again: showing the window")
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
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
func (a *App) UseToken(token string) error { return a.sess.UseToken(a.ctx, token) }

// RetryNow skips the wait before the next attempt to reach Pulsoid.
func (a *App) RetryNow() { a.sess.RetryNow() }

// StartDemo switches to the synthetic heart rate.
func (a *App) StartDemo() { a.sess.UseDemo(a.ctx) }

// SignOut revokes and forgets the token.
func (a *App) SignOut() error { return a.sess.SignOut(a.ctx) }

// SettingsForm is what the Settings screen edits.
type SettingsForm struct {
	config.Settings
	// ClientIDFromEnv: BEATCAST_CLIENT_ID overrides the client id field.
	ClientIDFromEnv bool `json:"client_id_from_env"`
	// DefaultOverlayAddr and DefaultSignalTimeout show what empty means.
	DefaultOverlayAddr   string `json:"default_overlay_addr"`
	DefaultSignalTimeout int    `json:"default_signal_timeout_seconds"`
}

// Settings are the saved settings, for the Settings screen.
func (a *App) Settings() (SettingsForm, error) {
	s, _, err := config.LoadSettings(a.paths)
	return SettingsForm{Settings: s, ClientIDFromEnv: a.clientIDs.FromEnvironment(),
		DefaultOverlayAddr: overlay.DefaultAddr, DefaultSignalTimeout: int(monitor.DefaultSignalTimeout / time.Second)}, err
}

// SaveSettings validates and keeps s, applies what can change at once and
// says what needs a restart.
func (a *App) SaveSettings(s config.Settings) (string, error) {
	s.OverlayAddr = strings.TrimSpace(s.OverlayAddr)
	s.ClientID = strings.TrimSpace(s.ClientID)
	if err := config.SaveSettings(a.paths, s); err != nil {
		return "", err
	}
	a.clientIDs.SetFromSettings(s.ClientID)
	a.svc.SetSignalTimeout(time.Duration(s.SignalTimeoutSeconds) * time.Second)
	if s.OverlayAddr != a.overlayAddr {
		addr := s.OverlayAddr
		if addr == "" {
			addr = overlay.DefaultAddr
		}
		return "Saved. Restart Beatcast to serve the overlay on " + addr + ", then update the URL in OBS.", nil
	}
	return "Saved.", nil
}

// SetClientID keeps the Pulsoid OAuth client id the user entered.
func (a *App) SetClientID(id string) error {
	id = strings.TrimSpace(id)
	if id == "" {
		return errors.New("enter the client id from pulsoid.net/ui/api-clients")
	}
	return a.clientIDs.Save(id)
}

// Probe lets tests and benchmarks read the real window: when
// BEATCAST_E2E_PROBE names a file, the app samples the page's text through
// the webview (BEATCAST_E2E_PROBE_SAMPLES times, default 8, every
// BEATCAST_E2E_PROBE_EVERY, default 700ms), writes the
// samples with their Unix-ms times there as JSON and quits. It is never
// bound otherwise.
type Probe struct {
	path    string
	every   time.Duration
	want    int // samples to take (BEATCAST_E2E_PROBE_SAMPLES, default 8)
	mu      sync.Mutex
	samples []ProbeSample
}

// ProbeSample is the page's text at a moment.
type ProbeSample struct {
	At   int64  `json:"at"` // Unix ms
	Text string `json:"text"`
}

func newProbe(path string) *Probe {
	every, err := time.ParseDuration(os.Getenv("BEATCAST_E2E_PROBE_EVERY"))
	if err != nil || every <= 0 {
		every = 700 * time.Millisecond
	}
	n, err := strconv.Atoi(os.Getenv("BEATCAST_E2E_PROBE_SAMPLES"))
	if err != nil || n <= 0 {
		n = 8
	}
	return &Probe{path: path, every: every, want: n}
}

func (p *Probe) run(ctx context.Context) {
	tick := time.NewTicker(p.every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			runtime.WindowExecJS(ctx, `window.go.main.Probe.Report(document.body.innerText)`)
			if p.count() >= p.want {
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
	p.samples = append(p.samples, ProbeSample{At: time.Now().UnixMilli(), Text: text})
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
