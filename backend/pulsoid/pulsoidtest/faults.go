package pulsoidtest

import (
	"fmt"
	"net/http"
	"time"
)

// A Fault is one answer that Pulsoid, or something between it and
// Beatcast (a CDN edge, a proxy, the network), gives on a bad day. The
// catalogue below names where each comes from; a test schedules faults on
// a route with Fail or FailFor, and the fake answers with them instead of
// its good-day handler.
//
// The bad days of issue #11, and how a test plays each:
//
//	HTML 5xx on a device-code poll    Fail("POST /oauth2/token", n, EdgePage(503))
//	authorization_pending as text/plain  Fail("POST /oauth2/token", n, OAuthError(400, "authorization_pending", "text/plain"))
//	HTML 403 at the upgrade, token fine  Fail(RouteRealtime, n, EdgePage(403))
//	Pulsoid's own trouble (6001/6002)    Fail(RouteLatest, n, PulsoidError(403, 6002, "error_retrieving_latest_heart_rate"))
//	unreachable at start, then up        FailFor(AnyRoute, d, HangUp)
//	long outage                          FailFor(AnyRoute, 10*time.Minute, EdgePage(503))
//	a request that hangs                 Fail(route, n, Stall)
//
// The real verification_uri_complete form and the 3 s interval are the
// fake's good-day answers (device.go).
type Fault func(s *Server, w http.ResponseWriter, r *http.Request)

// Routes, as Calls counts them. AnyRoute matches every request.
const (
	AnyRoute      = "*"
	RouteDevice   = "POST /oauth2/device_authorization"
	RouteToken    = "POST /oauth2/token"
	RouteValidate = "GET /api/v1/token/validate"
	RouteLatest   = "GET /api/v1/data/heart_rate/latest"
	RouteRealtime = "GET /api/v1/data/real_time"
)

// EdgePage answers an HTML error page, as a CDN edge or proxy in front of
// Pulsoid does (API notes: "Edges and proxies answer HTML"; issue #11: an
// HTML 5xx on a poll, an HTML 403 at the websocket upgrade).
func EdgePage(status int) Fault {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"+
			"<body><h1>%s</h1><p>The edge could not serve this request.</p></body></html>\n",
			status, http.StatusText(status), http.StatusText(status))
	}
}

// PulsoidError answers Pulsoid's own error JSON (seeds, "Errors": e.g. 403
// 6001 error_while_validating_token, 403 6002
// error_retrieving_latest_heart_rate, 500 7001–7004), error_code as a
// string as in Pulsoid's example.
func PulsoidError(status, code int, message string) Fault {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request) { writeError(w, status, code, message) }
}

// OAuthError answers an RFC 6749 §5.2 error ({"error": code}) with the
// given Content-Type. Pulsoid's Content-Type for error bodies is not
// documented (API notes), so a client must parse the body whatever it says.
func OAuthError(status int, code, contentType string) Fault {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":%q}`, code)
	}
}

// HangUp closes the connection without an answer, as a dropped network or
// an unreachable host looks to the client (API notes: "Network errors
// while polling: keep polling").
func HangUp(_ *Server, w http.ResponseWriter, _ *http.Request) { hangUp(w) }

// Stall never answers: the request hangs until the client gives up or the
// fake closes (issue #11: shutdown while a request hangs).
func Stall(s *Server, _ http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.stalled:
	}
}

type scheduledFault struct {
	route string
	left  int       // requests still to answer; -1: until `until`
	until time.Time // for FailFor
	fault Fault
}

// Fail answers the next n requests to route with f.
func (s *Server) Fail(route string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &scheduledFault{route: route, left: n, fault: f})
}

// FailFor answers every request to route with f for d, on the fake's
// clock (inside a synctest bubble, the bubble's).
func (s *Server) FailFor(route string, d time.Duration, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &scheduledFault{route: route, left: -1, until: now().Add(d), fault: f})
}

// Heal clears every scheduled fault: Pulsoid answers again.
func (s *Server) Heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// withFaults counts every request and answers it with the first fault
// scheduled for its route, if any.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + r.URL.Path
		s.mu.Lock()
		s.calls[route]++
		f := s.takeFault(route)
		s.mu.Unlock()
		if f != nil {
			f(s, w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// takeFault returns the fault to answer route with, or nil. s.mu is held.
func (s *Server) takeFault(route string) Fault {
	t := now()
	kept := s.faults[:0]
	var found Fault
	for _, f := range s.faults {
		expired := (f.left == 0) || (f.left < 0 && !t.Before(f.until))
		if expired {
			continue
		}
		if found == nil && (f.route == route || f.route == AnyRoute) {
			found = f.fault
			if f.left > 0 {
				f.left--
			}
		}
		if f.left != 0 {
			kept = append(kept, f)
		}
	}
	s.faults = kept
	return found
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("pulsoidtest: cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}
