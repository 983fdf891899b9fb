// Package service runs Beatcast's backend the same way with or without a
// window: the hub, the monitor over the current heart-rate source, and the
// overlay server. main wires it; app.go bridges it to the window.
package service

import (
	"cmp"
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
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/monitor"
	"github.com/beatcast/beatcast/backend/obs"
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
	Listener net.Listener
	Version  string
	Log      *slog.Logger
	// LocalFileDir, if set, receives the local-file overlay, which gets
	// into the websocket with LocalFileKey.
	LocalFileDir string
	LocalFileKey string
	// Store holds the settings, where the saved overlays are kept; nil: no
	// saved overlays (tests).
	Store *config.Store
	// Flags win over the settings this run (config.Flags.InUse).
	Flags config.Flags
	// KeepGoingWithoutOverlay: when the overlay port cannot be opened, run
	// anyway and report it through OverlayError (the window shows it and
	// lets the user pick another port) instead of failing New.
	KeepGoingWithoutOverlay bool
	// HistoryDir, if set, is where streams are recorded.
	HistoryDir string
	// Outputs follow the hub from Run's start to its end, beside the text
	// file and OSC (the tray, for one).
	Outputs []Output
	// OBSPassword is the password of OBS's websocket server as kept
	// (config.LoadOBSPassword); BEATCAST_OBS_PASSWORD (Flags) wins over it.
	OBSPassword obs.Password
}

// Output is something that shows the stream outside Beatcast: it follows
// the hub (hub.Follower) until ctx ends. Adding one is a type with this
// method and a line in Config.Outputs.
type Output interface {
	Follow(ctx context.Context, h *hub.Hub)
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
	OBS      *obs.Controller
	Alerts   *alert.Watch
	// Notices is what a person must hear while Beatcast runs.
	Notices Notices
	cfg     Config
	log     *slog.Logger
	overlay *overlay.Server
	ln      net.Listener // nil when the overlay port could not be opened
	lnErr   error
	local   localFiles
	use     chan switchRequest
	// Where streams begin; only the fanout uses it, under the monitor's lock.
	continuity *history.Continuity

	mu          sync.Mutex
	obsPassword obs.Password // as kept; the flag's wins (obsTarget)
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
	s.Text = textfile.New(textfile.Target{Path: cfg.Flags.TextFile}, cfg.Log, s.Notices.Add)
	s.OSC = osc.NewSender(osc.Target{Addr: cfg.Flags.OSC}, cfg.Log)
	s.OBS, s.obsPassword = obs.New(cfg.Log), cfg.OBSPassword
	s.Alerts = &alert.Watch{}
	var earlier *history.Earlier
	if cfg.HistoryDir != "" {
		s.History = newHistory(cfg.HistoryDir, cfg.Log, &s.Notices)
		earlier = s.History.store.Latest(time.Now())
	}
	s.continuity = history.NewContinuity(earlier)
	s.Monitor = monitor.New(fanout{s}, cfg.Log, 0)
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
	s.overlay = overlay.New(h, cfg.Log, overlay.Config{Version: cfg.Version, Bind: bound.IP, LocalFileKey: cfg.LocalFileKey,
		Peers: s.peers})
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

// ServedAddr is where the overlay is served ("" if nowhere).
func (s *Service) ServedAddr() string {
	if s.ln == nil {
		return ""
	}
	addr := s.ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	if host, _, err := net.SplitHostPort(s.cfg.OverlayAddr); err == nil {
		return net.JoinHostPort(host, port) // the host as asked: "0.0.0.0", not the "::" Go reports
	}
	return addr
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

// UpdateSettings changes the saved settings (config.Store.Update) and puts
// the result to work at once: the one call every screen saves through. It
// returns the settings as saved.
func (s *Service) UpdateSettings(change func(*config.Settings) error) (config.Settings, error) {
	if s.cfg.Store == nil {
		return config.Settings{}, errors.New("service: no settings store")
	}
	saved, err := s.cfg.Store.Update(change)
	if err != nil {
		return saved, err
	}
	s.ApplySettings(saved)
	return saved, nil
}

// ApplySettings puts saved settings to work at once, as the flags leave
// them (InUse): the no-signal timeout, recording, the text file, the alert
// thresholds, OSC.
func (s *Service) ApplySettings(saved config.Settings) {
	set := s.InUse(saved)
	s.Monitor.SetTimeout(time.Duration(set.SignalTimeoutSeconds) * time.Second)
	if s.History != nil {
		s.History.recorder.SetEnabled(!set.HistoryOff)
		s.History.recorder.SetKeepDays(set.HistoryDays)
		s.History.recorder.SetMaxBPM(set.MaxHeartRate)
	}
	s.Text.SetTarget(textfile.Target{Path: set.TextFile, Offline: set.TextFileOffline})
	if a, changed := s.Alerts.Set(alert.Thresholds{High: set.AlertHigh, Low: set.AlertLow}); changed {
		s.Hub.PublishAlert(a)
	}
	s.OSC.SetTarget(oscTarget(set))
	s.OBS.SetTarget(s.obsTarget(set))
}

// OBSTarget is what OBS is asked to do now.
func (s *Service) OBSTarget() obs.Target { return s.obsTarget(s.InUse(s.settings())) }

// obsTarget is what OBS should do with the settings in use.
func (s *Service) obsTarget(set config.Settings) obs.Target {
	pw := s.cfg.Flags.OBSPassword
	if pw == "" {
		s.mu.Lock()
		pw = s.obsPassword
		s.mu.Unlock()
	}
	url := ""
	if set.OBS.On {
		url = cmp.Or(set.OBS.URL, obs.DefaultURL)
	}
	return obs.Target{URL: url, Password: pw, TextSource: set.OBS.TextSource, Offline: set.TextFileOffline,
		Rules: set.OBS.Rules, MaxBPM: set.MaxHeartRate}
}

// SetOBSPassword keeps pw for OBS's websocket server ("" forgets it) and
// connects with it at once.
func (s *Service) SetOBSPassword(pw obs.Password) error {
	if s.cfg.Store != nil {
		if err := config.SaveOBSPassword(s.cfg.Store.Paths(), pw); err != nil {
			return err
		}
	}
	s.mu.Lock()
	s.obsPassword = pw
	s.mu.Unlock()
	s.ApplySettings(s.settings())
	return nil
}

// HasOBSPassword says whether OBS is connected with a password (the
// flag's or the kept one), which the window never gets to see.
func (s *Service) HasOBSPassword() bool { return s.OBSTarget().Password != "" }

// peers is what /api/state reports beside the stream.
func (s *Service) peers() overlay.Peers {
	var p overlay.Peers
	if st := s.Hub.Snapshot().Status; st.Source == heartrate.SourceBLE {
		p.Device = st.Device
	}
	if st := s.OBS.Status(); st.State != "" {
		p.OBS = &st
	}
	return p
}

// InUse is saved as this run uses it: the flags win.
func (s *Service) InUse(saved config.Settings) config.Settings { return s.cfg.Flags.InUse(saved) }

// Flags are the command line's choices that win over the settings.
func (s *Service) Flags() config.Flags { return s.cfg.Flags }

// oscTarget is where and how OSC goes with the settings in use.
func oscTarget(set config.Settings) osc.Target {
	t := osc.Target{Parameters: set.OSCParameters, Chatbox: set.OSCChatbox, ChatboxTemplate: set.OSCChatboxTemplate}
	switch {
	case set.OSC && set.OSCAddr != "":
		t.Addr = set.OSCAddr
	case set.OSC:
		t.Addr = osc.DefaultAddr
	}
	return t
}

// SuggestedTextFile is a good place for the text file: beside the local
// overlay files ("" when Beatcast keeps no files).
func (s *Service) SuggestedTextFile() string {
	if s.cfg.LocalFileDir == "" {
		return ""
	}
	return filepath.Join(s.cfg.LocalFileDir, "heart-rate.txt")
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
func (s *Service) Report(source heartrate.SourceName, l heartrate.Link) { s.Monitor.Report(source, l) }

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
	for _, out := range append([]Output{s.Text, s.OSC, s.OBS}, s.cfg.Outputs...) {
		helpers.Go(func() { out.Follow(helperCtx, s.Hub) })
	}
	if s.History != nil {
		helpers.Go(func() { s.History.recorder.Run(helperCtx) })
	}

	current := first
	shown := name(first) // whose beats the hub's stream holds
	for {
		run := s.start(ctx, current)
		select {
		case req := <-s.use:
			run.stop()
			current = req.src
			if current != nil && current.Name() != shown {
				// A new source is a new stream: demo and Pulsoid never mix.
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

func name(src heartrate.Source) heartrate.SourceName {
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
