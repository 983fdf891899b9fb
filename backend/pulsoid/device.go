package pulsoid

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DeviceAuth runs Pulsoid's OAuth2 device authorization flow (RFC 8628)
// with golang.org/x/oauth2. Pulsoid differs from the RFC in ways this type
// absorbs: user codes are UUIDs (nobody types them, so the complete URI is
// what we show), no refresh token is issued, denial arrives as
// invalid_grant "user didn't grant access" rather than access_denied, and
// a network error while polling must not end the sign-in (x/oauth2 gives up
// on it, so Wait polls again until the code expires).
type DeviceAuth struct {
	AuthURL  string       // e.g. https://pulsoid.net
	ClientID string       // the app's Pulsoid OAuth client id
	HTTP     *http.Client // nil: a client with a 15 s timeout
	// OnNetworkError, if set, hears about each failed poll, so the UI can
	// say "can't reach Pulsoid, still trying".
	OnNetworkError func(error)
}

// DeviceCode is a started sign-in: what to show the user.
type DeviceCode struct {
	// URL is the page that approves this code (verification_uri_complete),
	// to open in the browser or scan as a QR code.
	URL     string
	Expires time.Time
	raw     *oauth2.DeviceAuthResponse
}

// SignInError says why a sign-in ended without a token.
type SignInError struct {
	Kind string // "denied", "expired", "already_issued", "invalid_client", "failed"
	Err  error
}

func (e *SignInError) Error() string { return e.Message() }
func (e *SignInError) Unwrap() error { return e.Err }

// Message says what happened and what to do next.
func (e *SignInError) Message() string {
	switch e.Kind {
	case "denied":
		return "You didn't allow Beatcast on Pulsoid. Start again if that was a mistake."
	case "expired":
		return "The sign-in link expired before it was approved. Start again for a new one."
	case "already_issued":
		return "Pulsoid already gave out a token for this sign-in (perhaps to another Beatcast). Start again."
	case "invalid_client":
		return "Pulsoid does not accept this client id. Check it at pulsoid.net/ui/api-clients, or use a token instead."
	default:
		return fmt.Sprintf("Signing in failed (%v). Start again.", e.Err)
	}
}

func (d *DeviceAuth) config() *oauth2.Config {
	base := strings.TrimRight(d.AuthURL, "/")
	return &oauth2.Config{
		ClientID: d.ClientID,
		Endpoint: oauth2.Endpoint{
			DeviceAuthURL: base + "/oauth2/device_authorization",
			TokenURL:      base + "/oauth2/token",
			// No client secret exists in this flow; send the id in the form.
			AuthStyle: oauth2.AuthStyleInParams,
		},
		Scopes: []string{ScopeReadHeartRate},
	}
}

func (d *DeviceAuth) context(ctx context.Context) context.Context {
	hc := d.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// Start asks Pulsoid for a device code.
func (d *DeviceAuth) Start(ctx context.Context) (*DeviceCode, error) {
	da, err := d.config().DeviceAuth(d.context(ctx))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client") {
			return nil, &SignInError{Kind: "invalid_client", Err: err}
		}
		return nil, fmt.Errorf("asking Pulsoid for a sign-in code: %w", err)
	}
	url := da.VerificationURIComplete
	if url == "" {
		url = da.VerificationURI
	}
	return &DeviceCode{URL: url, Expires: da.Expiry, raw: da}, nil
}

// Wait polls until the user approves (the token), declines, the code
// expires (a *SignInError), or ctx is cancelled (ctx.Err()).
func (d *DeviceAuth) Wait(ctx context.Context, code *DeviceCode) (Token, error) {
	cfg := d.config()
	for {
		tok, err := cfg.DeviceAccessToken(d.context(ctx), code.raw)
		if err == nil {
			return Token(tok.AccessToken), nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return "", deviceError(re)
		}
		if !code.Expires.IsZero() && !time.Now().Before(code.Expires) {
			return "", &SignInError{Kind: "expired", Err: err}
		}
		// A network error: x/oauth2 stopped polling; we keep going. The
		// next call waits one interval before polling again. (If Pulsoid
		// had said slow_down before, that extra 5 s is forgotten here;
		// Pulsoid is not known to send slow_down at all.)
		if d.OnNetworkError != nil {
			d.OnNetworkError(err)
		}
	}
}

func deviceError(re *oauth2.RetrieveError) *SignInError {
	desc := strings.ToLower(re.ErrorDescription)
	switch {
	case re.ErrorCode == "access_denied",
		re.ErrorCode == "invalid_grant" && strings.Contains(desc, "grant access"):
		return &SignInError{Kind: "denied", Err: re}
	case re.ErrorCode == "expired_token":
		return &SignInError{Kind: "expired", Err: re}
	case re.ErrorCode == "invalid_grant" && strings.Contains(desc, "already issued"):
		return &SignInError{Kind: "already_issued", Err: re}
	case re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client":
		return &SignInError{Kind: "invalid_client", Err: re}
	default:
		return &SignInError{Kind: "failed", Err: re}
	}
}
