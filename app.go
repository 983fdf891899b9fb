package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/feed"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/probe"
	"github.com/beatcast/beatcast/backend/screens"
	"github.com/beatcast/beatcast/backend/service"
)

// AppConfig is everything the window adapts; main builds it.
type AppConfig struct {
	Service *service.Service
	Feed    *feed.Feed
	Screens *screens.Screens
	Exports screens.Exports
	Log     *slog.Logger
	Probe   *probe.Probe // nil unless BEATCAST_E2E_PROBE is set
}

// App is the only Wails-aware type: it follows the window's lifecycle,
// bridges the hub, the sign-in and the notices to runtime events, and asks
// the questions only a dialog can. The screens' methods are bound beside it
// (package screens), so nothing here decides what a screen shows.
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
}

// NewApp returns the app for cfg.
func NewApp(cfg AppConfig) *App { return &App{cfg: cfg, done: make(chan struct{})} }

// bindings are what the window may call: the app, the screens, and the
// probe when a test asks for it.
func (a *App) bindings() []any {
	bound := []any{a, a.cfg.Screens}
	if a.cfg.Probe != nil {
		bound = append(bound, a.cfg.Probe)
	}
	return bound
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
	a.cfg.Feed.OnSignIn(func(si feed.SignIn) { a.emit(service.EventSignIn, si) })
	a.cfg.Feed.OnAccount(func(acct feed.Account) { a.emit(service.EventAccount, acct) })
	if h := a.cfg.Service.History; h != nil {
		h.OnStreamEnd(func(s history.Summary) { a.emit(service.EventStreamEnded, s) })
	}
	a.cfg.Service.Notices.Listen(func(text string) { a.emit(service.EventNotice, text) })
	a.cfg.Service.OBS.OnStatus(func(st obs.Status) { a.emit(service.EventOBS, st) })
	a.started.Store(true)
}

func (a *App) emit(name service.Event, payload any) { runtime.EventsEmit(a.ctx, string(name), payload) }

// strapFound shows the straps a scan heard so far.
func (a *App) strapFound(found []ble.Found) {
	if a.started.Load() {
		a.emit(service.EventStrapFound, found)
	}
}

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
		go p.Run(ctx, func(js string) { runtime.WindowExecJS(ctx, js) }, func() { runtime.Quit(ctx) },
			func(msg string) { runtime.LogError(ctx, msg) })
	}
}

// beforeClose keeps OBS's overlay from dying mid-stream without the
// streamer knowing (see askBeforeClose). It returns true to keep running.
func (a *App) beforeClose(ctx context.Context) bool {
	if !askBeforeClose(a.quitting.Load(), a.cfg.Probe != nil, a.cfg.Service.OverlayClients()) {
		return false
	}
	a.emit(service.EventCloseAsked, closeQuestion(a.hasTray)) // answered by KeepRunning or QuitBeatcast
	return true
}

// KeepRunning answers the close question: Beatcast stays on stream, its
// window in the tray, or minimised where there is none.
func (a *App) KeepRunning() {
	if a.hasTray {
		runtime.WindowHide(a.ctx)
		a.fwd.SetVisible(false)
	} else {
		runtime.WindowMinimise(a.ctx) // nowhere to hide: it stays in the taskbar, visible
	}
}

// QuitBeatcast answers the close question the other way: the overlay stops.
func (a *App) QuitBeatcast() {
	a.quitting.Store(true)
	runtime.Quit(a.ctx)
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
	a.cfg.Service.OBS.OnStatus(nil)
	if h := a.cfg.Service.History; h != nil {
		h.OnStreamEnd(nil)
	}
	a.cancel()
	<-a.done
}

// ExportStream asks where to save recorded stream id as CSV and saves it
// there. It returns where, or "" when the streamer cancels.
func (a *App) ExportStream(id string) (string, error) {
	if err := a.cfg.Exports.Check(); err != nil {
		return "", err
	}
	dest, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title: "Save this stream's heart rate", DefaultFilename: screens.FileName(id, ".csv"),
		Filters: []runtime.FileFilter{{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}},
	})
	if err != nil || dest == "" {
		return "", err
	}
	return dest, a.cfg.Exports.CSV(id, dest)
}

// SaveStreamChart asks where to save the picture of stream id's chart,
// which the window drew (a PNG, base64), and saves it there. It returns
// where, or "" when the streamer cancels.
func (a *App) SaveStreamChart(id, pngBase64 string) (string, error) {
	if err := a.cfg.Exports.Check(); err != nil {
		return "", err
	}
	png, err := a.cfg.Exports.DecodeChart(pngBase64)
	if err != nil {
		return "", err
	}
	dest, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title: "Save the chart of this stream", DefaultFilename: screens.FileName(id, ".png"),
		Filters: []runtime.FileFilter{{DisplayName: "PNG picture (*.png)", Pattern: "*.png"}},
	})
	if err != nil || dest == "" {
		return "", err
	}
	return dest, a.cfg.Exports.Chart(dest, png)
}
