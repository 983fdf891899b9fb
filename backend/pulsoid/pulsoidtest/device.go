package pulsoidtest

import (
	"net/http"
	"time"
)

// Device is one device-authorization request and where the user is with it.
type Device struct {
	Code     string // device_code
	UserCode string // a UUID, as Pulsoid's are
	Expires  time.Time
	Polls    []time.Time // when the app polled /oauth2/token
	state    deviceState
	slowDown int // answer slow_down to this many polls
	cutOff   int // hang up on this many polls (a network error)
}

type deviceState int

const (
	pending deviceState = iota
	approved
	denied
	issued
)

func (s *Server) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("client_id") != s.ClientID {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client"})
		return
	}
	if r.PostFormValue("scope") != "data:heart_rate:read" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_scope"})
		return
	}
	s.mu.Lock()
	d := &Device{Code: randomUUID(), UserCode: randomUUID(), Expires: now().Add(time.Duration(s.DeviceExpiresIn) * time.Second)}
	s.devices[d.Code] = d
	s.order = append(s.order, d)
	expiresIn, interval := s.DeviceExpiresIn, s.DeviceInterval
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code":               d.Code,
		"user_code":                 d.UserCode,
		"verification_uri":          s.URL + "/activate",
		"verification_uri_complete": s.URL + "/activate?code=" + d.UserCode,
		"expires_in":                expiresIn,
		"interval":                  interval,
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if r.PostFormValue("client_secret") != "" {
		// Pulsoid's device flow has no secret; an app that sends one is wrong.
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client"})
		return
	}
	s.mu.Lock()
	d, ok := s.devices[r.PostFormValue("device_code")]
	if !ok || r.PostFormValue("client_id") != s.ClientID {
		s.mu.Unlock()
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "unknown device code"})
		return
	}
	d.Polls = append(d.Polls, now())
	if d.cutOff > 0 {
		d.cutOff--
		s.mu.Unlock()
		hangUp(w)
		return
	}
	var status int
	var body map[string]any
	switch {
	case d.slowDown > 0:
		d.slowDown--
		status, body = 400, map[string]any{"error": "slow_down"}
	case d.state == issued:
		status, body = 400, map[string]any{"error": "invalid_grant", "error_description": "access token already issued"}
	case d.state == denied:
		status, body = 400, map[string]any{"error": "invalid_grant", "error_description": "user didn't grant access"}
	case now().After(d.Expires):
		status, body = 400, map[string]any{"error": "expired_token"}
	case d.state == approved:
		d.state = issued
		tok := randomUUID()
		s.tokens[tok] = &Account{Token: tok, ProfileID: "profile-device", Scopes: []string{"data:heart_rate:read"},
			ExpiresIn: 365 * 24 * 3600, Premium: true, RESTAllowed: true}
		// No refresh_token: Pulsoid's device flow does not issue one.
		status, body = 200, map[string]any{"access_token": tok, "expires_in": 365 * 24 * 3600, "token_type": "bearer"}
	default:
		status, body = 400, map[string]any{"error": "authorization_pending"}
	}
	s.mu.Unlock()
	writeJSON(w, status, body)
}

// hangUp closes the connection without an answer, as a dropped network does.
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

// LastDevice is the most recent device authorization, or nil.
func (s *Server) LastDevice() *Device {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	return s.order[len(s.order)-1]
}

// Approve, Deny, SlowDown and CutOff act on the most recent device code
// as the user (or the network) would.
func (s *Server) Approve()       { s.editDevice(func(d *Device) { d.state = approved }) }
func (s *Server) Deny()          { s.editDevice(func(d *Device) { d.state = denied }) }
func (s *Server) SlowDown(n int) { s.editDevice(func(d *Device) { d.slowDown = n }) }
func (s *Server) CutOff(n int)   { s.editDevice(func(d *Device) { d.cutOff = n }) }
func (s *Server) MarkIssued()    { s.editDevice(func(d *Device) { d.state = issued }) }
func (s *Server) ExpireDevice() {
	s.editDevice(func(d *Device) { d.Expires = now().Add(-time.Second) })
}
func (s *Server) PollTimes() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	return append([]time.Time(nil), s.order[len(s.order)-1].Polls...)
}

func (s *Server) editDevice(f func(*Device)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) > 0 {
		f(s.order[len(s.order)-1])
	}
}
