// Package textfile keeps the heart rate in a plain text file for OBS's
// Text source ("Read from file"), Streamer.bot and other tools that read a
// file: the digits of the current BPM, rewritten in place on every new
// value so that file watchers see the file change (inotify, .NET's
// FileSystemWatcher), and a placeholder ("--" unless the streamer sets
// another) while there is no signal and once Beatcast stops. A reader
// opening it at any moment finds a whole value, never an empty or
// half-written file (rewrite says how).
package textfile

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/problem"
)

// DefaultOffline is written while there is no heart rate to show.
const DefaultOffline = "--"

// Target is where the text goes: the file's path ("" for none) and the
// placeholder while there is no signal ("" for DefaultOffline).
type Target struct {
	Path    string `json:"path"`
	Offline string `json:"offline"`
}

func (t Target) offline() string {
	if t.Offline == "" {
		return DefaultOffline
	}
	return t.Offline
}

// Writer follows the hub into the target file.
type Writer struct {
	log       *slog.Logger
	onProblem func(string)

	mu      sync.Mutex
	target  Target
	written string // what the file holds now
	failing bool   // the last write failed (logged once until one succeeds)
	changed chan struct{}
}

// New returns a writer to target (which may have no path yet).
// onProblem (may be nil) hears, in plain words, when the file cannot be
// written; it is told once until a write succeeds again.
func New(target Target, log *slog.Logger, onProblem func(string)) *Writer {
	return &Writer{target: target, log: log, onProblem: onProblem, changed: make(chan struct{}, 1)}
}

// Target is where the text goes now.
func (w *Writer) Target() Target {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.target
}

// SetTarget moves the text to another file (the old one is left with the
// placeholder) or changes the placeholder, from the next update on.
func (w *Writer) SetTarget(t Target) {
	w.mu.Lock()
	old := w.target
	w.target, w.written = t, ""
	w.mu.Unlock()
	if old.Path != "" && old.Path != t.Path {
		w.writeTo(old.Path, old.offline())
	}
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// Follow writes the current heart rate until ctx ends, then the
// placeholder.
func (w *Writer) Follow(ctx context.Context, h *hub.Hub) {
	h.FollowFunc(ctx, w.changed, w.show)
	if t := w.Target(); t.Path != "" {
		w.writeTo(t.Path, t.offline())
	}
}

// show writes what snap says: the BPM while live, else the placeholder.
func (w *Writer) show(snap heartrate.Snapshot) {
	t := w.Target()
	if t.Path == "" {
		return
	}
	text := t.offline()
	if snap.Status.State == heartrate.StateLive && snap.Beat != nil {
		text = strconv.Itoa(snap.Beat.BPM)
	}
	w.mu.Lock()
	same := text == w.written && t == w.target
	w.mu.Unlock()
	if same {
		return
	}
	if w.writeTo(t.Path, text) {
		w.mu.Lock()
		if t == w.target {
			w.written = text
		}
		w.mu.Unlock()
	}
}

// writeTo puts text in the file at path; a failure is logged once
// until a write succeeds again.
func (w *Writer) writeTo(path, text string) bool {
	err := rewrite(path, []byte(text))
	w.mu.Lock()
	first := err != nil && !w.failing
	w.failing = err != nil
	w.mu.Unlock()
	if first {
		w.log.Warn("cannot write the heart-rate text file", "file", path, "err", err)
		if w.onProblem != nil {
			w.onProblem(fmt.Sprintf("Beatcast cannot write your heart rate to the text file %s (%v). "+
				"Pick a file in a folder you can write to: on the Overlay screen under \"Text file for OBS and bots\", "+
				"or with --text-file.", path, problem.RootCause(err)))
		}
	}
	return err == nil
}
