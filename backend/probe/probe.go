// Package probe lets e2e tests and benchmarks read the real window's text
// (only when BEATCAST_E2E_PROBE is set). It knows nothing of Wails: app.go
// binds it and hands it the two window functions it needs.
package probe

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"sync"
	"time"
)

// Probe lets tests and benchmarks read the real window: when
// BEATCAST_E2E_PROBE names a file, the app samples the page's text through
// the webview (BEATCAST_E2E_PROBE_SAMPLES times, default 8, every
// BEATCAST_E2E_PROBE_EVERY, default 700ms), writes the samples with their
// Unix-ms times there as JSON and quits. It is bound only then. It touches
// the window only through the two functions app.go gives it, so that only
// main.go and app.go import Wails. Bound, the page reaches it as
// window.go.probe.Probe.
type Probe struct {
	path    string
	every   time.Duration
	want    int
	mu      sync.Mutex
	samples []ProbeSample
}

// ProbeSample is the page's text at a moment, and where its controls are.
type ProbeSample struct {
	At       int64     `json:"at"` // Unix ms
	Text     string    `json:"text"`
	Controls []Control `json:"controls,omitempty"`
}

// Control is a button, field or link of the page, by the name a person
// reads on it, and its centre in the page (CSS pixels): where a test that
// drives the window with real input (xdotool) clicks.
type Control struct {
	Name string `json:"name"`
	X    int    `json:"x"`
	Y    int    `json:"y"`
}

// reportJS sends the page's text and its visible controls to Report.
const reportJS = `window.go.probe.Probe.Report(document.body.innerText, [...document.querySelectorAll('button, input, select, textarea')]
  .filter((e) => e.getClientRects().length && !e.disabled)
  .map((e) => { const r = e.getBoundingClientRect(); const l = e.labels && e.labels[0]
    return { name: (e.getAttribute('aria-label') || (l && l.textContent) || e.textContent || '').trim(),
      x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) } }))`

// FromEnv returns the probe that the environment asks for, or nil.
func FromEnv() *Probe {
	path := os.Getenv("BEATCAST_E2E_PROBE")
	if path == "" {
		return nil
	}
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

// Run samples the page until it has enough, then quits; the samples so
// far are in the file after each one, for a test that drives the window
// meanwhile. execJS runs JavaScript in the page; quit ends the app.
func (p *Probe) Run(ctx context.Context, execJS func(string), quit func(), logError func(string)) {
	tick := time.NewTicker(p.every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			execJS(reportJS)
			if err := p.write(); err != nil {
				logError("probe: " + err.Error())
			}
			if p.count() >= p.want {
				quit()
				return
			}
		}
	}
}

// Report records one sample of the page; the page calls it.
func (p *Probe) Report(text string, controls []Control) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.samples = append(p.samples, ProbeSample{At: time.Now().UnixMilli(), Text: text, Controls: controls})
}

// write replaces the file with the samples so far, never half of them.
func (p *Probe) write() error {
	p.mu.Lock()
	data, err := json.Marshal(p.samples)
	p.mu.Unlock()
	if err != nil {
		return err
	}
	tmp := p.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p.path)
}

func (p *Probe) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.samples)
}
