package service

import (
	"bytes"
	"fmt"
	"log/slog"
	"sync"

	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/safefile"
)

// History is the recorded streams as the window and the service use them:
// the recorder that writes them and the folder that lists them.
type History struct {
	recorder *history.Recorder
	store    *history.Store

	mu    sync.Mutex
	onEnd func(history.Summary)
}

func newHistory(dir string, log *slog.Logger, n *Notices) *History {
	h := &History{}
	h.recorder = history.NewRecorder(history.RecorderConfig{Dir: dir, Log: log, OnEnd: h.ended, OnProblem: n.Add})
	h.store = h.recorder.Store()
	return h
}

// OnStreamEnd sends the summary of each stream that ends to f (the
// window's recap).
func (h *History) OnStreamEnd(f func(history.Summary)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.onEnd = f
}

func (h *History) ended(s history.Summary) {
	h.mu.Lock()
	f := h.onEnd
	h.mu.Unlock()
	if f != nil {
		f(s)
	}
}

// Dir is the folder of recorded streams.
func (h *History) Dir() string { return h.store.Dir }

// Recording reports whether streams are being recorded now.
func (h *History) Recording() bool { return h.recorder.Enabled() }

// Streams lists the recorded streams, newest first.
func (h *History) Streams() ([]history.Summary, error) { return h.store.List(h.recorder.MaxBPM()) }

// Stream is one recorded stream for its full-size chart.
func (h *History) Stream(id string) (history.Detail, error) {
	return h.store.Detail(id, h.recorder.MaxBPM())
}

// Delete deletes a recorded stream.
func (h *History) Delete(id string) error { return h.store.Delete(id) }

// ExportCSV copies the CSV file of stream id to dest.
func (h *History) ExportCSV(id, dest string) error {
	src, err := h.store.CSVPath(id)
	if err != nil {
		return err
	}
	data, err := safefile.Read(src, 1<<30)
	if err != nil {
		return problem.Wrap("stream", "This stream's file cannot be read any more.", err)
	}
	return writeExport(dest, data)
}

// SaveChartPNG writes a picture of a stream's chart, drawn by the window,
// to dest.
func (h *History) SaveChartPNG(dest string, png []byte) error {
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		return problem.New("export", "The chart picture came out wrong; try again.")
	}
	return writeExport(dest, png)
}

func writeExport(dest string, data []byte) error {
	if err := safefile.Write(dest, data, 0o600); err != nil {
		return problem.Wrap("export", fmt.Sprintf("Beatcast could not save %s (%v). Pick another folder.", dest, problem.RootCause(err)), err)
	}
	return nil
}
