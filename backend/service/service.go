// Package service runs Beatcast's backend the same way with or without a
// window: the hub, the monitor over the current heart-rate source, and the
// overlay server. main wires it; app.go bridges it to the window.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/monitor"
	"github.com/beatcast/beatcast/backend/osc"
	"github.com/beatcast/beatcast/backend/overlay"
	"github.com/beatcast/beatcast/backend/textfile"
)

// Config is what the service needs from main.
type Config struct {
	// OverlayAddr is where to serve the overlay, as config.OverlayAddr
	// decided it.
	OverlayAddr string
	// Listener, if set, is where the overlay is served instead of opening
	// OverlayAddr (tests serve it on an in-memory network).
	Listener      net.Listener
	SignalTimeout time.Duration // zero: monitor.DefaultSignalTimeout
	Version       string
	Log           *slog.Logger
	// LocalFileDir, if set, receives the local-file overlay, which gets
	// into the websocket with LocalFileKey.
	LocalFileDir string
	LocalFileKey string
	// Store holds the settings, where the saved overlays are kept; nil: no
	// saved overlays (tests).
	Store *config.Store
	// KeepGoingWithoutOverlay: when the overlay port cannot be opened, run
	// anyway and report it through OverlayError (the window shows it and
	// lets the user pick another port) instead of failing New.
	KeepGoingWithoutOverlay bool
	// HistoryDir, if set, is where streams are recorded; NoHistory
	// (--no-history) records nothing this run, whatever the settings say.
	HistoryDir string
	NoHistory  bool
	// TextFile (--text-file), if set, wins over the settings' text file.
	TextFile string
	// OSC (--osc HOST:PORT), if set, sends to VRChat there whatever the
	// settings say; Alerts (--alert-high, --alert-low) win over the
	// settings' thresholds, each that is not 0.
	OSC    string
	Alerts alert.Thresholds
}

// Service is created with New, which already holds the overlay port, and
// then Run.
type Service struct {
	Hub      *hub.Hub
	Monitor  *monitor.Monitor
	Overlays *Overlays // nil without a Store
	History  *History  // nil without a HistoryDir
	Text     *textfile.Writer
	OSC      *osc.Sender
	Alerts   *alert.Watch
	Notices  notices
	cfg      Config
	log      *slog.Logger
	overlay  *overlay.Server
	ln       net.Listener // nil when the overlay port could not be opened
	lnErr    error
	local    localFiles
	use      chan switchRequest
}

// switchRequest asks Run to replace the source; done closes once the old
// one has stopped.
type switchRequest struct {
	src  heartrate.Source
	done chan struct{}
}

// New opens the overlay port, so that a port already in use is reported
// before anything else starts.
func New(cfg Config) (*Service, error) {
	ln, err := cfg.Listener, error(nil)
	if ln == nil {
		ln, err = overlay.Listen(cfg.OverlayAddr)
	}
	if err != nil && !cfg.KeepGoingWithoutOverlay {
		return nil, err
	}
	h := hub.New()
	s := &Service{
		Hub:   h,
		cfg:   cfg,
		log:   cfg.Log,
		ln:    ln,
		lnErr: err,
		use:   make(chan switchRequest),
	}
	s.Text = textfile.New(textfile.Target{Path: cfg.TextFile}, cfg.Log, s.Notices.Add)
	s.OSC = osc.NewSender(osc.Target{Addr: cfg.OSC}, cfg.Log)
	s.Alerts = &alert.Watch{}
	if cfg.HistoryDir != "" {
		s.History = newHistory(cfg.HistoryDir, cfg.Log, &s.Notices)
	}
	s.Monitor = monitor.New(fanout{s}, cfg.Log, cfg.SignalTimeout)
	if cfg.Store != nil {
		s.Overlays = &Overlays{svc: s, store: cfg.Store}
	}
	s.ApplySettings(s.settings())
	if ln == nil {
		cfg.Log.Error("running without the overlay", "err", err)
		return s, nil
	}
	bound, _ := ln.Addr().(*net.TCPAddr)
	if bound == nil {
		bound = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}
	}
	s.overlay = overlay.New(h, cfg.Log, overlay.Config{Version: cfg.Version, Bind: bound.IP, LocalFileKey: cfg.LocalFileKey})
	s.local = localFiles{dir: cfg.LocalFileDir, ws: "ws://" + reachable(bound) + "/ws", key: cfg.LocalFileKey, log: cfg.Log}
	s.local.write("")
	if s.Overlays != nil {
		s.Overlays.publish()
	}
	return s, nil
}

// reachable is how this machine reaches a server bound to addr: the
// address itself, or 127.0.0.1 when it listens on every interface (Go
// listens dual-stack on a wildcard address, 0.0.0.0 or [::] alike).
func reachable(addr *net.TCPAddr) string {
	ip := addr.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(addr.Port))
}

// LocalOverlayPath is the local-file overlay of the saved overlay name (""
// for the default look) for OBS's "Local file" option, or "" if it could
// not be written.
func (s *Service) LocalOverlayPath(name string) string { return s.local.path(name) }

// SetOverlays serves the saved overlays at /o/<name>, restyles every page
// showing one, and writes their local files.
func (s *Service) SetOverlays(saved map[string]overlay.Look) {
	if s.overlay == nil {
		return
	}
	s.overlay.SetLooks(saved)
	s.local.sync(saved)
}

// OverlayError says why the overlay is not served, or is nil.
func (s *Service) OverlayError() error { return s.lnErr }

// OverlayClients is how many overlays (OBS sources, previews) are connected.
func (s *Service) OverlayClients() int {
	if s.overlay == nil {
		return 0
	}
	return s.overlay.Clients()
}

// settings are the saved settings, or the defaults without a Store.
func (s *Service) settings() config.Settings {
	if s.cfg.Store == nil {
		return config.Settings{}
	}
	return s.cfg.Store.Get()
}

// ApplySettings puts saved settings to work at once: the no-signal
// timeout, recording, the text file, the alert thresholds, OSC (where
// flags do not win over them).
func (s *Service) ApplySettings(set config.Settings) {
	s.Monitor.SetTimeout(time.Duration(set.SignalTimeoutSeconds) * time.Second)
	if s.History != nil {
		s.History.recorder.SetEnabled(!set.HistoryOff && !s.cfg.NoHistory)
		s.History.recorder.SetKeepDays(set.HistoryDays)
		s.History.recorder.SetMaxBPM(set.MaxHeartRate)
	}
	text := textfile.Target{Path: set.TextFile, Offline: set.TextFileOffline}
	if s.cfg.TextFile != "" {
		text.Path = s.cfg.TextFile
	}
	s.Text.SetTarget(text)
	if a, changed := s.Alerts.Set(s.Thresholds(set)); changed {
		s.Hub.PublishAlert(a)
	}
	s.OSC.SetTarget(s.OSCTarget(set))
}

// Thresholds are the alert thresholds in use with set: a flag wins.
func (s *Service) Thresholds(set config.Settings) alert.Thresholds {
	th := alert.Thresholds{High: set.AlertHigh, Low: set.AlertLow}
	if s.cfg.Alerts.High != 0 {
		th.High = s.cfg.Alerts.High
	}
	if s.cfg.Alerts.Low != 0 {
		th.Low = s.cfg.Alerts.Low
	}
	return th
}

// AlertFlags are --alert-high and --alert-low (0: not given).
func (s *Service) AlertFlags() alert.Thresholds { return s.cfg.Alerts }

// OSCTarget is where OSC goes with set: --osc wins.
func (s *Service) OSCTarget(set config.Settings) osc.Target {
	t := osc.Target{MaxBPM: set.MaxHeartRate, Chatbox: set.OSCChatbox, ChatboxTemplate: set.OSCChatboxTemplate}
	switch {
	case s.cfg.OSC != "":
		t.Addr = s.cfg.OSC
	case set.OSC && set.OSCAddr != "":
		t.Addr = set.OSCAddr
	case set.OSC:
		t.Addr = osc.DefaultAddr
	}
	return t
}

// OSCFlag is the --osc that wins over the settings, or "".
func (s *Service) OSCFlag() string { return s.cfg.OSC }

// SuggestedTextFile is a good place for the text file: beside the local
// overlay files ("" when Beatcast keeps no files).
func (s *Service) SuggestedTextFile() string {
	if s.cfg.LocalFileDir == "" {
		return ""
	}
	return filepath.Join(s.cfg.LocalFileDir, "heart-rate.txt")
}

// TextFileFlag is the --text-file that wins over the settings, or "".
func (s *Service) TextFileFlag() string { return s.cfg.TextFile }

// RecordingOffByFlag reports whether --no-history turned recording off.
func (s *Service) RecordingOffByFlag() bool { return s.cfg.NoHistory }

// fanout is the monitor's output: the hub (which may skip beats for a slow
// consumer), the recorder (which queues every one) and the alert watch.
type fanout struct{ s *Service }

func (f fanout) PublishStatus(st heartrate.Status) {
	f.s.Hub.PublishStatus(st)
	if f.s.History != nil {
		f.s.History.recorder.PublishStatus(st)
	}
}

func (f fanout) PublishBeat(beat heartrate.Beat) {
	f.s.Hub.PublishBeat(beat)
	if f.s.History != nil {
		f.s.History.recorder.PublishBeat(beat)
	}
	if a, changed := f.s.Alerts.Beat(beat.BPM); changed {
		f.s.Hub.PublishAlert(a) // after the beat that crossed
	}
}

// OverlayURL is the address to paste into an OBS Browser Source, or "" if
// the overlay is not served. When listening on every interface it names
// loopback, which always works here.
func (s *Service) OverlayURL() string {
	if s.ln == nil {
		return ""
	}
	if addr, ok := s.ln.Addr().(*net.TCPAddr); ok {
		return "http://" + reachable(addr) + "/"
	}
	return "http://" + s.ln.Addr().String() + "/"
}

// Use replaces the running source with src (nil: none), e.g. after signing
// in or when the user picks the demo. It returns once the old source has
// stopped, so nothing it reports can overwrite what the caller says next.
// Run must be running.
func (s *Service) Use(ctx context.Context, src heartrate.Source) {
	req := switchRequest{src: src, done: make(chan struct{})}
	select {
	case s.use <- req:
	case <-ctx.Done():
		return
	}
	select {
	case <-req.done:
	case <-ctx.Done():
	}
}

// Report publishes a link state when no source is running (signed out,
// signing in).
func (s *Service) Report(source string, l heartrate.Link) { s.Monitor.Report(source, l) }

// Run serves the overlay and runs sources, starting with first (which may
// be nil: nothing streams until Use), until ctx is cancelled. It returns
// only after every goroutine it started has ended.
func (s *Service) Run(ctx context.Context, first heartrate.Source) error {
	serveErr := make(chan error, 1)
	if s.ln != nil {
		go func() { serveErr <- s.overlay.Serve(ctx, s.ln) }()
		s.log.Info("overlay ready: add it to OBS as a Browser Source", "url", s.OverlayURL())
		if path := s.local.path(""); path != "" {
			s.log.Info("if OBS starts before Beatcast, use a Local file Browser Source instead", "file", path)
		}
	} else {
		// Without an overlay, Run still ends with ctx.
		go func() { <-ctx.Done(); serveErr <- nil }()
	}

	// The text file and the recorder end with Run, whatever ends it.
	helperCtx, stopHelpers := context.WithCancel(ctx)
	var helpers sync.WaitGroup
	defer func() { stopHelpers(); helpers.Wait() }()
	helpers.Go(func() { s.Text.Follow(helperCtx, s.Hub) })
	helpers.Go(func() { s.OSC.Follow(helperCtx, s.Hub) })
	if s.History != nil {
		helpers.Go(func() { s.History.recorder.Run(helperCtx) })
	}

	current := first
	shown := name(first) // whose beats the hub's session holds
	for {
		run := s.start(ctx, current)
		select {
		case req := <-s.use:
			run.stop()
			current = req.src
			if current != nil && current.Name() != shown {
				// A new source is a new session: demo and Pulsoid never mix.
				s.Hub.Reset()
				if a, changed := s.Alerts.Reset(); changed {
					s.Hub.PublishAlert(a)
				}
				shown = current.Name()
			}
			close(req.done)
		case err := <-run.result:
			if err != nil && !errors.Is(err, context.Canceled) {
				s.log.Warn("the heart-rate source stopped", "source", current.Name(), "err", err)
			}
			current = nil // wait for the user to choose what next
		case err := <-serveErr:
			run.stop()
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("overlay server: %w", err)
			}
			return nil
		}
	}
}

func name(src heartrate.Source) string {
	if src == nil {
		return ""
	}
	return src.Name()
}

// running is one source under the monitor.
type running struct {
	cancel   context.CancelFunc
	result   chan error    // receives the source's result once; nil if nothing runs
	finished chan struct{} // closed when the source has returned
}

// start runs src under the monitor; a nil src starts nothing.
func (s *Service) start(ctx context.Context, src heartrate.Source) running {
	if src == nil {
		return running{cancel: func() {}, finished: closed}
	}
	ctx, cancel := context.WithCancel(ctx)
	r := running{cancel: cancel, result: make(chan error, 1), finished: make(chan struct{})}
	go func() {
		defer close(r.finished)
		r.result <- s.Monitor.Run(ctx, src)
	}()
	return r
}

// stop cancels the source and waits until it has returned.
func (r running) stop() {
	r.cancel()
	<-r.finished
}

var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()
