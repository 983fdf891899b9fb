package pulsoid

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// DeviceAuth runs Pulsoid's OAuth2 device authorization flow (RFC 8628).
//
// The device-authorization request goes through golang.org/x/oauth2, which
// does it right. The token polling does not: x/oauth2's DeviceAccessToken
// adds `scope` to every poll (no real Pulsoid client sends it) and gives up
// on the first answer without an OAuth error code — a 503, an edge's HTML
// page, an error body labelled text/plain — which would end a ten-minute
// sign-in over one hiccup. So the polling loop is Beatcast's own (Wait).
//
// Pulsoid differs from the RFC in ways this type absorbs: user codes are
// UUIDs (nobody types them, so the complete URI is what we show), no
// refresh token is issued, and denial arrives as invalid_grant "user
// didn't grant access" rather than access_denied.
type DeviceAuth struct {
	AuthURL  string       // e.g. https://pulsoid.net
	ClientID string       // the app's Pulsoid OAuth client id
	HTTP     *http.Client // its Transport is used; nil: http.DefaultTransport
	// OnPoll, if set, hears how each poll went: nil when Pulsoid answered,
	// else the trouble (network, 5xx, a page that is not JSON), which
	// polling goes on through.
	OnPoll func(error)
}

// DeviceCode is a started sign-in: what to show the user.
type DeviceCode struct {
	// URL is the page that approves this code (verification_uri_complete),
	// to open in the browser or scan as a QR code.
	URL      string
	Expires  time.Time
	Interval time.Duration // between polls; slow_down adds 5 s
	code     string        // device_code
}

// SignInFailure names why a sign-in ended without a token. The values are
// sent to the window (SignIn.error): keep them.
type SignInFailure string

const (
	SignInDenied        SignInFailure = "denied"         // the user said no
	SignInExpired       SignInFailure = "expired"        // the code ran out before approval
	SignInAlreadyIssued SignInFailure = "already_issued" // the code was used already
	SignInInvalidClient SignInFailure = "invalid_client" // Pulsoid does not know the client id
	SignInRefused       SignInFailure = "refused"        // Pulsoid refused to start, for another reason
)

// Reason is the status's reason for a sign-in that ended this way.
func (w SignInFailure) Reason() heartrate.Reason {
	switch w {
	case SignInDenied:
		return heartrate.ReasonSignInDenied
	case SignInExpired:
		return heartrate.ReasonSignInExpired
	case SignInAlreadyIssued:
		return heartrate.ReasonSignInAlreadyIssued
	case SignInInvalidClient:
		return heartrate.ReasonSignInInvalidClient
	default:
		return heartrate.ReasonSignInRefused
	}
}

// SignInError says why a sign-in ended without a token.
type SignInError struct {
	Why    SignInFailure
	Status int    // the HTTP status, when Pulsoid refused
	Code   string // the OAuth error code, when there was one
	Err    error
}

func (e *SignInError) Error() string { return e.Message() }
func (e *SignInError) Unwrap() error { return e.Err }

// Message says what happened and what to do next.
func (e *SignInError) Message() string {
	switch e.Why {
	case SignInDenied:
		return "You didn't allow Beatcast on Pulsoid. Start again if that was a mistake."
	case SignInExpired:
		return "The sign-in link expired before it was approved. Start again for a new one."
	case SignInAlreadyIssued:
		return "Pulsoid already gave out a token for this sign-in (perhaps to another Beatcast). Start again."
	case SignInInvalidClient:
		return "Pulsoid does not accept this client id. Check it at pulsoid.net/ui/api-clients, or use a token instead."
	default:
		what := fmt.Sprintf("it answered %d %s", e.Status, http.StatusText(e.Status))
		if e.Code != "" {
			what += " (" + e.Code + ")"
		}
		return "Pulsoid refused to start signing in: " + what + ". Check the client id at pulsoid.net/ui/api-clients, or use a token instead."
	}
}

// OAuth error codes (RFC 6749 §5.2, RFC 8628 §3.5).
const (
	errAuthorizationPending = "authorization_pending" // RFC 8628 §3.5: keep polling
	errSlowDown             = "slow_down"             // RFC 8628 §3.5: add 5 s, for good
	errAccessDenied         = "access_denied"         // RFC 8628 §3.5
	errExpiredToken         = "expired_token"         // RFC 8628 §3.5
	errInvalidGrant         = "invalid_grant"         // RFC 6749 §5.2; Pulsoid's denial and "already issued"
	errInvalidClient        = "invalid_client"        // RFC 6749 §5.2
	errUnauthorizedClient   = "unauthorized_client"   // RFC 6749 §5.2
)

// oauthError reads an RFC 6749 error body. Pulsoid's Content-Type for error
// bodies is not documented, so the body is parsed as JSON whatever the
// header says; ok is false when it is not such a body.
func oauthError(body []byte) (code, description string, ok bool) {
	var e struct {
		Code        string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &e) != nil || e.Code == "" {
		return "", "", false
	}
	return clip(e.Code), clip(e.Description), true
}

func (d *DeviceAuth) endpoint(path string) string { return strings.TrimRight(d.AuthURL, "/") + path }

func (d *DeviceAuth) transport() http.RoundTripper {
	if d.HTTP != nil && d.HTTP.Transport != nil {
		return d.HTTP.Transport
	}
	return http.DefaultTransport
}

// Start asks Pulsoid for a device code. A *SignInError means Pulsoid
// refused and asking again will not help; any other error (network, 5xx,
// an edge's page) is worth retrying.
func (d *DeviceAuth) Start(ctx context.Context) (*DeviceCode, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	cfg := &oauth2.Config{
		ClientID: d.ClientID,
		Endpoint: oauth2.Endpoint{DeviceAuthURL: d.endpoint("/oauth2/device_authorization")},
		Scopes:   []string{ScopeReadHeartRate},
	}
	// x/oauth2 builds this request without a context; binding the transport
	// to ctx makes a hung request end with a shutdown.
	hc := &http.Client{Transport: boundTransport{ctx: ctx, base: d.transport()}}
	da, err := cfg.DeviceAuth(context.WithValue(ctx, oauth2.HTTPClient, hc))
	if err != nil {
		return nil, startError(err)
	}
	link := da.VerificationURIComplete
	if link == "" {
		link = da.VerificationURI
	}
	interval := time.Duration(da.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second // RFC 8628 §3.2: "clients MUST use 5 as the default"
	}
	return &DeviceCode{URL: link, Expires: da.Expiry, Interval: interval, code: da.DeviceCode}, nil
}

// startError sorts a failed device-authorization request: a refusal that
// asking again will not mend, or trouble worth retrying.
func startError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return fmt.Errorf("asking Pulsoid for a sign-in code: %w", err)
	}
	status := re.Response.StatusCode
	code, _, isOAuth := oauthError(re.Body)
	switch {
	case code == errInvalidClient || code == errUnauthorizedClient:
		return &SignInError{Why: SignInInvalidClient, Status: status, Code: code, Err: err}
	case status >= 500, status == http.StatusTooManyRequests, !isOAuth && status != http.StatusNotFound && status != http.StatusUnauthorized:
		// Pulsoid's trouble, or a page from something in front of it.
		return fmt.Errorf("asking Pulsoid for a sign-in code: it answered %d %s: %w", status, http.StatusText(status), err)
	default:
		return &SignInError{Why: SignInRefused, Status: status, Code: code, Err: err}
	}
}

// Wait polls until the user approves (the token), declines, the code
// expires or is refused (a *SignInError), or ctx is cancelled
// (ctx.Err()). Network errors, 5xx, pages that are not JSON and unknown
// answers are reported to OnPoll and polled through.
func (d *DeviceAuth) Wait(ctx context.Context, code *DeviceCode) (Token, error) {
	pollCtx := ctx
	if !code.Expires.IsZero() {
		var cancel context.CancelFunc
		pollCtx, cancel = context.WithDeadline(ctx, code.Expires)
		defer cancel()
	}
	interval := code.Interval
	for {
		wait := interval
		if !code.Expires.IsZero() && !time.Now().Add(wait).Before(code.Expires) {
			wait = time.Until(code.Expires) + time.Second // a poll at expiry is pointless: let the deadline end it
		}
		if !sleep(pollCtx, wait, nil) {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			return "", &SignInError{Why: SignInExpired, Err: pollCtx.Err()}
		}
		tok, oauthCode, err := d.poll(pollCtx, code)
		switch {
		case err == nil:
			return tok, nil
		case oauthCode == errSlowDown:
			interval += 5 * time.Second // RFC 8628 §3.5: for this and all later polls
			d.heard(nil)
		case oauthCode == errAuthorizationPending:
			d.heard(nil)
		default:
			var se *SignInError
			if errors.As(err, &se) {
				return "", se
			}
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			if pollCtx.Err() == nil {
				d.heard(err)
			}
		}
	}
}

func (d *DeviceAuth) heard(err error) {
	if d.OnPoll != nil {
		d.OnPoll(err)
	}
}

// poll asks once for the token, sending exactly what every known Pulsoid
// client sends (grant_type, device_code, client_id: no scope, no secret).
// It returns the token, or the OAuth error code with an error: a
// *SignInError for answers that end the sign-in.
func (d *DeviceAuth) poll(ctx context.Context, code *DeviceCode) (Token, string, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	form := url.Values{
		"grant_type":  {"urn:ietf:params:oauth:grant-type:device_code"},
		"device_code": {code.code},
		"client_id":   {d.ClientID},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.endpoint("/oauth2/token"), strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := (&http.Client{Transport: d.transport()}).Do(req)
	if err != nil {
		return "", "", fmt.Errorf("polling Pulsoid for the sign-in: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", "", fmt.Errorf("polling Pulsoid for the sign-in: %w", err)
	}
	if resp.StatusCode == http.StatusOK {
		var ok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(body, &ok) == nil && ok.AccessToken != "" {
			return Token(ok.AccessToken), "", nil
		}
	}
	oauthCode, desc, isOAuth := oauthError(body)
	if !isOAuth {
		return "", "", fmt.Errorf("polling Pulsoid for the sign-in: it answered %d %s without an OAuth answer",
			resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if kind, final := pollFailure(oauthCode, desc); final {
		return "", oauthCode, &SignInError{Why: kind, Status: resp.StatusCode, Code: oauthCode,
			Err: fmt.Errorf("%s: %s", oauthCode, desc)}
	}
	return "", oauthCode, fmt.Errorf("polling Pulsoid for the sign-in: %s %s", oauthCode, desc)
}

// pollFailure says whether an OAuth error answer to a poll ends the
// sign-in, and why. Only denial, expiry, "already issued" and a client-id
// error do; anything else is polled through until the code expires.
func pollFailure(code, description string) (SignInFailure, bool) {
	desc := strings.ToLower(description)
	switch {
	case code == errAccessDenied,
		code == errInvalidGrant && strings.Contains(desc, "grant access"): // Pulsoid: "user didn't grant access"
		return SignInDenied, true
	case code == errExpiredToken:
		return SignInExpired, true
	case code == errInvalidGrant && strings.Contains(desc, "already issued"):
		return SignInAlreadyIssued, true
	case code == errInvalidClient || code == errUnauthorizedClient:
		return SignInInvalidClient, true
	}
	return "", false
}

// boundTransport sends every request with ctx, for code that builds its
// requests without one.
type boundTransport struct {
	ctx  context.Context
	base http.RoundTripper
}

func (t boundTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(r.WithContext(t.ctx))
}
