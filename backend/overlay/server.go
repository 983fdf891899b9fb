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

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

//go:embed web
var webFS embed.FS

// Hub is the part of *hub.Hub the server uses.
type Hub interface {
	Subscribe() *hub.Subscription
	Snapshot() heartrate.Snapshot
}

// Server serves the overlay. Create it with New.
type Server struct {
	hub     Hub
	log     *slog.Logger
	version string
	guard   guard
	mux     *http.ServeMux
	looks   *looks
	// done is closed by Shutdown so that websocket handlers, which
	// http.Server.Shutdown does not wait for, end promptly.
	done     chan struct{}
	doneOnce sync.Once
	conns    sync.WaitGroup
	clients  atomic.Int32
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
}

// New returns a server that reads from h.
func New(h Hub, log *slog.Logger, cfg Config) *Server {
	s := &Server{hub: h, log: log, version: cfg.Version, guard: guard{bind: cfg.Bind, key: cfg.LocalFileKey},
		mux: http.NewServeMux(), looks: newLooks(), done: make(chan struct{})}
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

// Serve serves on ln until ctx is cancelled, then shuts down gracefully,
// closing every websocket. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.closeConns()
		return err
	case <-ctx.Done():
	}
	s.closeConns()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	<-errc
	return err
}

func (s *Server) closeConns() {
	s.doneOnce.Do(func() { close(s.done) })
	s.conns.Wait()
}

func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	body := struct {
		heartrate.Snapshot
		Version string `json:"version"`
	}{s.hub.Snapshot(), s.version}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(body)
}

func servePage(w http.ResponseWriter, cfg pageConfig) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page(cfg))
}
