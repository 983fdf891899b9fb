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

// ProbeSample is the page's text at a moment.
type ProbeSample struct {
	At   int64  `json:"at"` // Unix ms
	Text string `json:"text"`
}

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

// Run samples the page until it has enough, then writes them and quits.
// execJS runs JavaScript in the page; quit ends the app.
func (p *Probe) Run(ctx context.Context, execJS func(string), quit func(), logError func(string)) {
	tick := time.NewTicker(p.every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			execJS(`window.go.probe.Probe.Report(document.body.innerText)`)
			if p.count() < p.want {
				continue
			}
			p.mu.Lock()
			data, _ := json.Marshal(p.samples)
			p.mu.Unlock()
			if err := os.WriteFile(p.path, data, 0o644); err != nil {
				logError("probe: " + err.Error())
			}
			quit()
			return
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
