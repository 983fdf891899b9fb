package main

import (
	"context"
	"encoding/base64"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/beatcast/beatcast/backend/background"
	"github.com/beatcast/beatcast/backend/cli"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/overlay"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/session"
)

// AppConfig is everything the window adapts; main builds it.
type AppConfig struct {
	Service   *service.Service
	Session   *session.Session
	Store     *config.Store
	ClientID  config.ClientID
	Autostart background.Autostart
	Notice    string // from start-up: a settings file set aside, a port in use
	Build     cli.Build
	Log       *slog.Logger
	// OverlayAddrFlag is --overlay-addr (and OverlayLANFlag --lan), which
	// win over the settings.
	OverlayAddrFlag string
	OverlayLANFlag  bool
	// ServedAddr is the overlay address in use ("" if none could be opened).
	ServedAddr string
	Probe      *Probe // nil unless BEATCAST_E2E_PROBE is set
}

// App is the only Wails-aware type: it starts and stops the service with
// the window's lifecycle, forwards the hub and the sign-in to runtime
// events and exposes the bound methods the Svelte UI calls. Each method
// delegates; none returns the Pulsoid token.
type App struct {
	cfg    AppConfig
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	// quitting is set when the system asks Beatcast to stop (SIGTERM on
	// log-out or shutdown, Ctrl-C) or the tray's Quit: then nothing waits
	// for a dialog.
	quitting atomic.Bool
	// hasTray: keeping Beatcast in the background hides the window in the
	// tray; without a tray it minimises it, so it stays in the taskbar.
	hasTray bool
	// startHidden: the window starts in the tray (--minimised); fwd sends
	// the window nothing while nobody can see it.
	startHidden bool
	fwd         *service.Forwarder
	started     atomic.Bool

	noticeMu sync.Mutex
	notice   string
}

// NewApp returns the app for cfg.
func NewApp(cfg AppConfig) *App {
	return &App{cfg: cfg, notice: cfg.Notice, done: make(chan struct{})}
}

func (a *App) bindings() []any {
	if a.cfg.Probe != nil {
		return []any{a, a.cfg.Probe}
	}
	return []any{a}
}

// startup follows the service (which main started before the window, so
// the overlay answers whatever the window does) into the window.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.quitOnSignal(ctx)
	runCtx, cancel := context.WithCancel(ctx)
	a.cancel = cancel
	a.fwd = service.NewForwarder(a.cfg.Service.Hub, a.emit)
	a.fwd.SetVisible(!a.startHidden)
	go func() {
		defer close(a.done)
		a.fwd.Run(runCtx)
	}()
	a.cfg.Session.OnSignIn(func(si session.SignIn) { a.emit(service.EventSignIn, si) })
	a.cfg.Session.OnAccount(func(acct session.Account) { a.emit(service.EventAccount, acct) })
	if h := a.cfg.Service.History; h != nil {
		h.OnSessionEnd(func(s history.Summary) { a.emit(service.EventSessionEnded, s) })
	}
	a.started.Store(true)
	a.cfg.Service.Notices.Listen(a.addNotice)
}

func (a *App) emit(name service.Event, payload any) { runtime.EventsEmit(a.ctx, string(name), payload) }

// quitOnSignal quits at once on SIGTERM or Ctrl-C. Wails handles those by
// closing the window as if the streamer had, which would ask whether to
// keep running and wait for an answer nobody gives during a log-out; its
// handler is replaced by one that quits without asking.
func (a *App) quitOnSignal(ctx context.Context) {
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-stop:
			a.cfg.Log.Info("quitting", "signal", sig.String())
			a.quitting.Store(true)
			runtime.Quit(ctx)
		case <-ctx.Done():
		}
	}()
}

func (a *App) domReady(ctx context.Context) {
	if p := a.cfg.Probe; p != nil {
		go p.run(ctx, func(js string) { runtime.WindowExecJS(ctx, js) }, func() { runtime.Quit(ctx) },
			func(msg string) { runtime.LogError(ctx, msg) })
	}
}

// beforeClose keeps OBS's overlay from dying mid-stream without the
// streamer knowing: while an overlay is connected, closing the window asks
// whether to keep Beatcast running in the background. A second launch
// brings the window back. It returns true to keep running.
func (a *App) beforeClose(ctx context.Context) bool {
	if a.quitting.Load() || a.cfg.Probe != nil || a.cfg.Service.OverlayClients() == 0 {
		return false
	}
	// GTK and Windows offer Yes and No only: the question is worded so that
	// those read as "keep streaming" and "quit".
	back := "open Beatcast again to bring this window back"
	if a.hasTray {
		back = "its icon in the notification area brings this window back"
	}
	answer, err := runtime.MessageDialog(ctx, runtime.MessageDialogOptions{
		Type:  runtime.QuestionDialog,
		Title: "Keep your heart rate on stream?",
		Message: "OBS is showing your heart rate from Beatcast.\n\n" +
			"Keep Beatcast running in the background so it stays on stream?\n\n" +
			"Yes keeps streaming (" + back + "). No quits Beatcast and the overlay stops.",
	})
	if err != nil || answer == "No" {
		return false
	}
	if a.hasTray {
		runtime.WindowHide(ctx)
		a.fwd.SetVisible(false)
	} else {
		runtime.WindowMinimise(ctx) // nowhere to hide: it stays in the taskbar, visible
	}
	return true
}

// secondInstance brings the window back when Beatcast is launched again.
func (a *App) secondInstance(options.SecondInstanceData) {
	a.cfg.Log.Info("Beatcast was launched again: showing the window")
	a.show()
}

// show brings the window back (the tray's Show, a second launch); false
// when there is no window.
func (a *App) show() bool {
	if !a.started.Load() {
		return false
	}
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
	a.fwd.SetVisible(true)
	return true
}

// WindowVisible is the window's word on whether anybody can see it
// (document.visibilityState: hidden when minimised or in the tray): while
// not, Beatcast sends it nothing and it draws nothing.
func (a *App) WindowVisible(visible bool) {
	if a.fwd != nil {
		a.fwd.SetVisible(visible)
	}
}

// quit quits the window without asking; false when there is no window.
func (a *App) quit() bool {
	if !a.started.Load() {
		return false
	}
	a.quitting.Store(true)
	runtime.Quit(a.ctx)
	return true
}

func (a *App) shutdown(context.Context) {
	a.cfg.Service.Notices.Listen(nil)
	if h := a.cfg.Service.History; h != nil {
		h.OnSessionEnd(nil)
	}
	a.cancel()
	<-a.done
}

// ExportSession asks where to save session id as CSV and saves it there.
// It returns where, or "" when the streamer cancels.
func (a *App) ExportSession(id string) (string, error) {
	h, err := a.history()
	if err != nil {
		return "", err
	}
	dest, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title: "Save this stream's heart rate", DefaultFilename: exportName(id, ".csv"),
		Filters: []runtime.FileFilter{{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}},
	})
	if err != nil || dest == "" {
		return "", err
	}
	return dest, h.ExportCSV(id, dest)
}

// SaveSessionChart asks where to save the picture of session id's chart,
// which the window drew (a PNG, base64), and saves it there. It returns
// where, or "" when the streamer cancels.
func (a *App) SaveSessionChart(id, pngBase64 string) (string, error) {
	h, err := a.history()
	if err != nil {
		return "", err
	}
	png, err := base64.StdEncoding.DecodeString(pngBase64)
	if err != nil {
		return "", problem.Wrap("export", "The chart picture came out wrong; try again.", err)
	}
	dest, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title: "Save the chart of this stream", DefaultFilename: exportName(id, ".png"),
		Filters: []runtime.FileFilter{{DisplayName: "PNG picture (*.png)", Pattern: "*.png"}},
	})
	if err != nil || dest == "" {
		return "", err
	}
	return dest, h.SaveChartPNG(dest, png)
}

// exportName is what an export is called by default: the stream's start
// in local time, e.g. "Beatcast 2026-11-23 20.05.csv".
func exportName(id, ext string) string {
	if start, err := time.Parse("20060102T150405Z", id[:min(len(id), 16)]); err == nil {
		return "Beatcast " + start.Local().Format("2006-01-02 15.04") + ext
	}
	return "Beatcast" + ext
}

// addNotice adds to the start-up notice, and shows it if the window is up.
func (a *App) addNotice(n string) {
	a.noticeMu.Lock()
	if a.notice != "" {
		a.notice += " "
	}
	a.notice += n
	a.noticeMu.Unlock()
	if a.started.Load() {
		a.emit(service.EventNotice, a.Notice())
	}
}

// Snapshot is the current status, last beat and session statistics.
func (a *App) Snapshot() heartrate.Snapshot { return a.cfg.Service.Hub.Snapshot() }

// History is the recent beats, oldest first, for the dashboard's chart.
func (a *App) History() []heartrate.Arrival { return a.cfg.Service.Hub.History() }

// OverlayURL is the address to paste into an OBS Browser Source.
func (a *App) OverlayURL() string { return a.cfg.Service.OverlayURL() }

// LocalOverlayPath is the default look's file for OBS's "Local file"
// option, which works even when OBS starts before Beatcast.
func (a *App) LocalOverlayPath() string { return a.cfg.Service.LocalOverlayPath("") }

// Notice is a message for the user from start-up (e.g. a settings or
// token file that was set aside), or "".
func (a *App) Notice() string {
	a.noticeMu.Lock()
	defer a.noticeMu.Unlock()
	return a.notice
}

// Version is the build's version, for the window's footer.
func (a *App) Version() cli.Build { return a.cfg.Build }

// Account says who is signed in (never the token).
func (a *App) Account() session.Account { return a.cfg.Session.Account() }

// SignInState is the device sign-in's progress.
func (a *App) SignInState() session.SignIn { return a.cfg.Session.SignInState() }

// SignIn starts the device sign-in and opens the browser.
func (a *App) SignIn() (session.SignIn, error) { return a.cfg.Session.SignIn(a.ctx) }

// CancelSignIn stops waiting for approval.
func (a *App) CancelSignIn() { a.cfg.Session.CancelSignIn(a.ctx) }

// UseToken validates and keeps a token pasted from pulsoid.net/ui/keys.
func (a *App) UseToken(token string) error { return a.cfg.Session.UseToken(a.ctx, token) }

// RetryNow skips the wait before the next attempt to reach Pulsoid.
func (a *App) RetryNow() { a.cfg.Session.RetryNow() }

// StartDemo switches to the synthetic heart rate.
func (a *App) StartDemo() { a.cfg.Session.UseDemo(a.ctx) }

// SignOut revokes and forgets the token.
func (a *App) SignOut() error { return a.cfg.Session.SignOut(a.ctx) }

// Overlays are the looks saved in the overlay builder.
func (a *App) Overlays() []service.SavedOverlay { return a.cfg.Service.Overlays.List() }

// SaveOverlay keeps a named look, served at once at its fixed URL.
func (a *App) SaveOverlay(name string, options map[string]string) (service.SavedOverlay, error) {
	return a.cfg.Service.Overlays.Save(name, options)
}

// DeleteOverlay forgets a saved look.
func (a *App) DeleteOverlay(name string) error { return a.cfg.Service.Overlays.Delete(name) }

// ParseOverlayURL reads an overlay URL pasted from OBS, to edit it.
func (a *App) ParseOverlayURL(url string) (overlay.ParsedURL, error) { return overlay.ParseURL(url) }
