// Package pulsoidtest is a fake Pulsoid for tests, started in-process on
// httptest. Its good-day behaviour follows Pulsoid's documents (the seeds)
// and the team's API notes: the device flow with UUID user codes, interval
// 3 s, no refresh token and denial as invalid_grant; token validate and
// revoke; Pulsoid's {"error_code","error_message"} errors with codes as
// strings; the REST latest endpoint (412 before any data); and the
// real-time websocket, which refuses bad tokens at the handshake. Its bad
// days are a catalogue of faults (faults.go), each naming its source.
//
// One server plays both the auth host (pulsoid.net) and the API host
// (dev.pulsoid.net). New listens on loopback, for real processes and
// browsers; NewInMemory listens on a memnet pipe, so that a test can run
// it inside a testing/synctest bubble and make minutes pass in no time.
package pulsoidtest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/testkit/memnet"
)

// Server is the fake. Create it with New or NewInMemory; it is closed with
// the test.
type Server struct {
	*httptest.Server
	ClientID string

	mem     *memnet.Listener // nil when listening on loopback
	stalled chan struct{}    // closed by Close: releases stalled requests

	mu      sync.Mutex
	tokens  map[string]*Account
	devices map[string]*Device // by device_code
	order   []*Device
	latest  *Reading
	calls   map[string]int
	faults  []*scheduledFault
	rt      realtime

	// DeviceExpiresIn and DeviceInterval are what the device authorization
	// answers (seconds). Pulsoid's docs say 600 and 3.
	DeviceExpiresIn int
	DeviceInterval  int
}

// Account is what the fake knows about a token.
type Account struct {
	Token     string
	ProfileID string
	Scopes    []string
	ExpiresIn int64
	// Premium: without it the real-time socket answers 402 / 7007.
	Premium bool
	// RESTAllowed lets a non-premium account read /latest (the fallback).
	RESTAllowed bool
	Revoked     bool
	Expired     bool
}

// Reading is a heart-rate message as Pulsoid sends it.
type Reading struct {
	MeasuredAt int64 `json:"measured_at"`
	Data       struct {
		HeartRate int `json:"heart_rate"`
	} `json:"data"`
}

// Cleaner is the part of testing.TB that New needs.
type Cleaner interface{ Cleanup(func()) }

// New starts a fake on a loopback port that accepts the client id
// "beatcast-test".
func New(t Cleaner) *Server {
	s := newServer()
	s.Server = httptest.NewServer(s.handler())
	t.Cleanup(s.Close)
	return s
}

// NewInMemory starts a fake on an in-memory network: reach it only through
// Client. Inside a synctest bubble its clock is the bubble's.
func NewInMemory(t Cleaner) *Server {
	s := newServer()
	s.mem = memnet.Listen("pulsoid.test:80")
	s.Server = &httptest.Server{Listener: s.mem, Config: &http.Server{Handler: s.handler()}}
	s.Server.Start()
	t.Cleanup(s.Close)
	return s
}

func newServer() *Server {
	s := &Server{
		ClientID:        "beatcast-test",
		stalled:         make(chan struct{}),
		tokens:          map[string]*Account{},
		devices:         map[string]*Device{},
		calls:           map[string]int{},
		DeviceExpiresIn: 600,
		DeviceInterval:  3,
	}
	s.rt.init()
	return s
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/device_authorization", s.deviceAuthorization)
	mux.HandleFunc("GET /oauth2/device_authorization_consent", s.consentPage)
	mux.HandleFunc("POST /oauth2/device_authorization_consent", s.consent)
	mux.HandleFunc("POST /oauth2/token", s.token)
	mux.HandleFunc("POST /oauth2/revoke", s.revoke)
	mux.HandleFunc("GET /api/v1/token/validate", s.validate)
	mux.HandleFunc("GET /api/v1/data/heart_rate/latest", s.latestHandler)
	mux.HandleFunc("GET /api/v1/data/real_time", s.realtimeHandler)
	return s.withFaults(mux)
}

// Client is an HTTP client (websockets included) that reaches this fake,
// whichever network it listens on.
func (s *Server) Client() *http.Client {
	if s.mem != nil {
		return s.mem.Client()
	}
	return &http.Client{}
}

// Close releases stalled requests, drops every websocket and stops the
// server. It is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.stalled:
	default:
		close(s.stalled)
	}
	s.mu.Unlock()
	s.DropAll()
	s.Server.Close()
}

// AddToken registers a premium token that can read heart rate. Change the
// returned account only before the token is used, or through Edit.
func (s *Server) AddToken(token string) *Account {
	a := &Account{Token: token, ProfileID: randomUUID(), Scopes: []string{"data:heart_rate:read"},
		ExpiresIn: 30 * 24 * 3600, Premium: true, RESTAllowed: true}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = a
	return a
}

// Edit changes a token's account under the lock.
func (s *Server) Edit(token string, f func(*Account)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.tokens[token])
}

// SetLatest sets what /latest answers (bpm 0: no data, 412).
func (s *Server) SetLatest(bpm int, measuredAt int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bpm == 0 {
		s.latest = nil
		return
	}
	r := &Reading{MeasuredAt: measuredAt}
	r.Data.HeartRate = bpm
	s.latest = r
}

// Calls reports how many requests a route received, e.g.
// Calls("GET /api/v1/data/real_time"), faults included.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// authorize checks the Bearer token as Pulsoid does, answering the error
// itself and returning nil when the token is not usable.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) *Account {
	h := r.Header.Get("Authorization")
	if h == "" {
		writeError(w, http.StatusForbidden, 7009, "error_authorization_header_is_not_present")
		return nil
	}
	const prefix = "Bearer "
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		writeError(w, http.StatusForbidden, 7010, "error_authorization_header_has_wrong_format")
		return nil
	}
	s.mu.Lock()
	a, ok := s.tokens[h[len(prefix):]]
	var acct Account
	if ok {
		acct = *a
	}
	s.mu.Unlock()
	switch {
	case !ok || acct.Revoked:
		writeError(w, http.StatusForbidden, 7005, "token_not_found")
		return nil
	case acct.Expired:
		writeError(w, http.StatusForbidden, 7006, "token_expired")
		return nil
	}
	return &acct
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	a := s.authorize(w, r)
	if a == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"client_id": s.ClientID, "expires_in": a.ExpiresIn, "profile_id": a.ProfileID, "scopes": a.Scopes,
	})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	tok := r.PostFormValue("token")
	s.mu.Lock()
	if a, ok := s.tokens[tok]; ok {
		a.Revoked = true
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (s *Server) latestHandler(w http.ResponseWriter, r *http.Request) {
	a := s.authorize(w, r)
	if a == nil {
		return
	}
	if !a.Premium && !a.RESTAllowed {
		writeError(w, http.StatusPaymentRequired, 7007, "premium_required")
		return
	}
	s.mu.Lock()
	latest := s.latest
	s.mu.Unlock()
	if latest == nil {
		writeError(w, http.StatusPreconditionFailed, 0, "no_heart_rate_data")
		return
	}
	writeJSON(w, http.StatusOK, latest)
}

// writeError answers in Pulsoid's error format, error_code as a string as
// in Pulsoid's own example (seeds, "Errors").
func writeError(w http.ResponseWriter, status, code int, message string) {
	body := map[string]any{"error_message": message}
	if code != 0 {
		body["error_code"] = fmt.Sprint(code)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// now is the fake's clock: inside a synctest bubble, the bubble's.
var now = time.Now
