// Package overlay serves what OBS Studio shows: a transparent page on the
// loopback interface (GET /), the live feed it draws from (GET /ws, a
// websocket of JSON messages) and the current snapshot (GET /api/state).
// It is the only package that serves HTTP.
package overlay

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/obs"
)

//go:embed web
var webFS embed.FS

// Hub is the part of *hub.Hub the server uses.
type Hub interface {
	Subscribe() *hub.Subscription
	Snapshot() heartrate.Snapshot
	Alert() *alert.Alert
}

// Server serves the overlay. Create it with New.
type Server struct {
	hub     Hub
	log     *slog.Logger
	version string
	peers   func() Peers
	hello   []byte // the first message of every /ws connection
	guard   guard
	mux     *http.ServeMux
	looks   *looks
	refused *refusals
	// stopping is cancelled when the server shuts down, so that websocket
	// handlers, which http.Server.Shutdown does not wait for, end at once,
	// even in the middle of a write to a client that stopped reading.
	stopping context.Context
	stop     context.CancelFunc
	conns    sync.WaitGroup
	clients  atomic.Int32

	mu      sync.Mutex
	limited *limitListener // set by Serve
}

// served is how many connections are open now (for tests).
func (s *Server) served() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limited == nil {
		return 0
	}
	return s.limited.served()
}

// Clients is how many websocket clients are connected now.
func (s *Server) Clients() int { return int(s.clients.Load()) }

// Config tunes a Server.
type Config struct {
	Version string // reported by /api/state
	// Bind is the IP the server listens on (nil: loopback).
	Bind net.IP
	// LocalFileKey admits the local-file overlays' websockets.
	LocalFileKey string
	// Peers says what /api/state reports beside the stream: the OBS
	// connection, the strap in use (nil: nothing).
	Peers func() Peers
}

// Peers are the programs and devices Beatcast talks to, as /api/state
// reports them; each is left out while not in use.
type Peers struct {
	// Device is the Bluetooth strap in use (its battery when it reports it).
	Device *heartrate.Device `json:"device,omitempty"`
	OBS    *obs.Status       `json:"obs,omitempty"`
}

// New returns a server that reads from h.
func New(h Hub, log *slog.Logger, cfg Config) *Server {
	refused := newRefusals(log)
	s := &Server{hub: h, log: log, version: cfg.Version, peers: cfg.Peers, hello: newHello(cfg.Version), guard: guard{bind: cfg.Bind, key: cfg.LocalFileKey, refused: refused},
		mux: http.NewServeMux(), looks: newLooks(), refused: refused}
	s.stopping, s.stop = context.WithCancel(context.Background())
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { servePage(w, pageConfig{}) })
	s.mux.HandleFunc("GET /o/{name}", func(w http.ResponseWriter, r *http.Request) {
		servePage(w, pageConfig{Overlay: r.PathValue("name")})
	})
	s.mux.HandleFunc("GET /ws", s.serveWS)
	s.mux.HandleFunc("GET /api/state", s.serveState)
	return s
}

// SetLooks replaces the saved overlays; every page showing one restyles at
// once.
func (s *Server) SetLooks(saved map[string]Look) { s.looks.set(saved) }

// Handler returns the HTTP handler, for tests and for Serve.
func (s *Server) Handler() http.Handler { return s.guard.wrap(s.mux) }

// Listen opens addr, turning "address in use" into advice a person can act on.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if isAddrInUse(err) {
		return nil, fmt.Errorf("the overlay port %s is already in use (is Beatcast already running?); "+
			"close the other program or start Beatcast with --overlay-addr 127.0.0.1:<another port>", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot serve the overlay on %s: %w; choose another with --overlay-addr HOST:PORT", addr, err)
	}
	return ln, nil
}

// Timeouts that keep idle or slow clients from holding the server. A
// websocket is not bound by them: net/http clears its deadlines when the
// connection is handed over, and it has its own write timeout and pings.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 5 * time.Second
	idleTimeout       = 30 * time.Second
	// shutdownGrace bounds a shutdown, whatever the clients do: stuck,
	// silent, half-open or in the middle of a request.
	shutdownGrace = 500 * time.Millisecond
)

// Serve serves on ln until ctx is cancelled, then shuts down within a
// second, closing every websocket. It returns nil after a shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug), // TLS probes and the like: not news
	}
	errc := make(chan error, 1)
	s.mu.Lock()
	s.limited = limit(ln, MaxConnections, s.refused)
	s.mu.Unlock()
	go func() { errc <- srv.Serve(s.limited) }()
	select {
	case err := <-errc:
		s.closeConns()
		return err
	case <-ctx.Done():
	}
	s.stop() // websockets say goodbye while the rest shuts down
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// A connection that never sent a request counts as busy for 5 s in
		// net/http's Shutdown: close what is left rather than wait for it.
		srv.Close()
	}
	<-errc
	s.closeConns()
	return nil
}

// closeConns ends the websocket handlers: each says goodbye, and whatever
// still hangs on a client that answers nothing after shutdownGrace is cut.
// (coder/websocket waits up to 5 s for a close handshake the client never
// answers, and CloseNow waits for that Close.)
func (s *Server) closeConns() {
	s.stop()
	ended := make(chan struct{})
	go func() { s.conns.Wait(); close(ended) }()
	select {
	case <-ended:
		return
	case <-time.After(shutdownGrace):
	}
	s.mu.Lock()
	limited := s.limited
	s.mu.Unlock()
	if limited != nil {
		limited.cut()
	}
	<-ended
}

func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	body := struct {
		heartrate.Snapshot
		Alert   *alert.Alert `json:"alert,omitempty"` // an alert under way
		Version string       `json:"version"`
		Peers
	}{Snapshot: s.hub.Snapshot(), Alert: s.hub.Alert(), Version: s.version}
	if s.peers != nil {
		body.Peers = s.peers()
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(body)
}

func servePage(w http.ResponseWriter, cfg pageConfig) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page(cfg))
}
