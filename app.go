package main

import (
	"context"
	"encoding/json"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/service"
)

// App is the only Wails-aware type: it starts and stops the service with
// the window's lifecycle, forwards the hub to runtime events and exposes
// the bound methods the Svelte UI calls. Each method delegates.
type App struct {
	svc     *service.Service
	first   heartrate.Source
	notice  string
	version string

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	probe  *Probe
}

// NewApp returns the app; first is the source to start with (nil for none).
func NewApp(svc *service.Service, first heartrate.Source, notice, version string) *App {
	a := &App{svc: svc, first: first, notice: notice, version: version, done: make(chan struct{})}
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
		if err := a.svc.Run(runCtx, a.first); err != nil {
			runtime.LogError(ctx, err.Error())
		}
	}()
	go service.ForwardToUI(runCtx, a.svc.Hub, func(name string, payload any) {
		runtime.EventsEmit(ctx, name, payload)
	})
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

// Snapshot is the current status, last beat and session statistics.
func (a *App) Snapshot() heartrate.Snapshot { return a.svc.Hub.Snapshot() }

// OverlayURL is the address to paste into an OBS Browser Source.
func (a *App) OverlayURL() string { return a.svc.OverlayURL() }

// Notice is a one-time message for the user from start-up (e.g. settings
// that were set aside), or "".
func (a *App) Notice() string { return a.notice }

// Version is the build's version string.
func (a *App) Version() string { return a.version }

// StartDemo switches to the synthetic heart rate.
func (a *App) StartDemo() { a.svc.Use(a.ctx, &demo.Source{}) }

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
