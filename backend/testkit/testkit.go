// Package testkit holds the helpers Beatcast's Go tests share: a sink that
// records what a heart-rate source reports, a log buffer that goroutines
// can write to at once, a wait for conditions that real time (not a
// synctest bubble) must bring about, and (Linux) a D-Bus session bus of a
// test's own. Production code never imports it.
package testkit

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// T is what the helpers that run real programs for tests (obstest,
// blueztest) need of a test: *testing.T, or a benchmark's own, which
// cannot be a testing.TB.
type T interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}

// Quiet is a logger that discards everything.
var Quiet = slog.New(slog.DiscardHandler)

// LogBuffer collects log output from several goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Logger returns a debug-level text logger writing to a new LogBuffer.
func Logger() (*slog.Logger, *LogBuffer) {
	b := &LogBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Sink records what a heartrate.Source reports. The zero value is ready.
type Sink struct {
	mu    sync.Mutex
	beats []heartrate.Beat
	links []heartrate.Link
}

func (s *Sink) Beat(b heartrate.Beat) { s.mu.Lock(); s.beats = append(s.beats, b); s.mu.Unlock() }
func (s *Sink) Link(l heartrate.Link) { s.mu.Lock(); s.links = append(s.links, l); s.mu.Unlock() }

// Beats returns a copy of the beats so far.
func (s *Sink) Beats() []heartrate.Beat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]heartrate.Beat(nil), s.beats...)
}

// Links returns a copy of the link reports so far.
func (s *Sink) Links() []heartrate.Link {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]heartrate.Link(nil), s.links...)
}

// Last is the latest link report (State -1 if none).
func (s *Sink) Last() heartrate.Link {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.links) == 0 {
		return heartrate.Link{State: -1}
	}
	return s.links[len(s.links)-1]
}

// Count is how many link reports had state st.
func (s *Sink) Count(st heartrate.LinkState) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, l := range s.links {
		if l.State == st {
			n++
		}
	}
	return n
}

// Eventually waits up to 10 s of real time for cond, polling every 10 ms.
// Inside a synctest bubble use synctest.Wait instead.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
