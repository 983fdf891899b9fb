package pulsoidtest

import (
	"html"
	"net/http"
	"net/url"
	"time"
)

// Device is one device-authorization request and where the user is with it.
type Device struct {
	Code     string // device_code
	UserCode string // a UUID, as Pulsoid's are (API notes)
	Expires  time.Time
	Polls    []time.Time  // when the app polled /oauth2/token
	Forms    []url.Values // what each poll sent
	state    deviceState
	slowDown int // answer slow_down to this many polls
}

type deviceState int

const (
	pending deviceState = iota
	approved
	denied
	issued
)

// consentPath is where Pulsoid's verification_uri_complete points:
// /oauth2/device_authorization_consent?user_code=<uuid> (issue #11, the
// form seen from the real service).
const consentPath = "/oauth2/device_authorization_consent"

func (s *Server) deviceAuthorization(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("client_id") != s.ClientID {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_client"})
		return
	}
	// Pulsoid separates scopes with commas; Beatcast sends its one scope.
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
		"verification_uri":          s.URL + consentPath,
		"verification_uri_complete": s.URL + consentPath + "?user_code=" + d.UserCode,
		"expires_in":                expiresIn,
		"interval":                  interval,
	})
}

// consentPage is Pulsoid's approval page, reduced to two buttons, so that
// a person trying Beatcast against the fake can approve in a browser.
func (s *Server) consentPage(w http.ResponseWriter, r *http.Request) {
	code := html.EscapeString(r.URL.Query().Get("user_code"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(`<!doctype html><title>Fake Pulsoid</title><h1>Allow Beatcast to read your heart rate?</h1>
<form method="post"><input type="hidden" name="user_code" value="` + code + `">
<button name="answer" value="allow">Allow</button> <button name="answer" value="deny">Deny</button></form>`))
}

func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue("user_code")
	s.mu.Lock()
	var found *Device
	for _, d := range s.order {
		if d.UserCode == code {
			found = d
		}
	}
	if found != nil && found.state == pending {
		found.state = approved
		if r.PostFormValue("answer") == "deny" {
			found.state = denied
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if found == nil {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<p>This sign-in link is not known.</p>"))
		return
	}
	_, _ = w.Write([]byte("<p>Done: you can close this page.</p>"))
}

// token answers a device-code poll as ../shared/docs/pulsoid-api-notes.md
// ("Device authorization", step 2) says Pulsoid does: the form carries
// grant_type, device_code and client_id and no secret; 200 with no
// refresh_token; 400 authorization_pending, slow_down (RFC 8628), Pulsoid's
// invalid_grant for a refusal or a code already used, expired_token.
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
	d.Forms = append(d.Forms, r.PostForm)
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

// LastDevice is a copy of the most recent device authorization, or nil.
func (s *Server) LastDevice() *Device {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	d := *s.order[len(s.order)-1]
	d.Polls = append([]time.Time(nil), d.Polls...)
	d.Forms = append([]url.Values(nil), d.Forms...)
	return &d
}

// Approve, Deny, SlowDown, MarkIssued and ExpireDevice act on the most
// recent device code as the user (or time) would.
func (s *Server) Approve()       { s.editDevice(func(d *Device) { d.state = approved }) }
func (s *Server) Deny()          { s.editDevice(func(d *Device) { d.state = denied }) }
func (s *Server) SlowDown(n int) { s.editDevice(func(d *Device) { d.slowDown = n }) }
func (s *Server) MarkIssued()    { s.editDevice(func(d *Device) { d.state = issued }) }
func (s *Server) ExpireDevice() {
	s.editDevice(func(d *Device) { d.Expires = now().Add(-time.Second) })
}

// PollTimes is when the most recent device code was polled.
func (s *Server) PollTimes() []time.Time {
	if d := s.LastDevice(); d != nil {
		return d.Polls
	}
	return nil
}

func (s *Server) editDevice(f func(*Device)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) > 0 {
		f(s.order[len(s.order)-1])
	}
}
