package pulsoid

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// APIError is an error answer from Pulsoid: the HTTP status and Pulsoid's
// error_code / error_message body, when there is one.
type APIError struct {
	Status  int
	Code    int    // Pulsoid's error_code (7005 token_not_found, …), 0 if none
	Message string // Pulsoid's error_message, e.g. "token_expired"
}

func (e *APIError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("Pulsoid answered %d (%d %s)", e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("Pulsoid answered %d %s", e.Status, http.StatusText(e.Status))
}

// parseAPIError reads Pulsoid's error body. error_code arrives both as a
// string ("7010") and as a number (7010); both are accepted.
func parseAPIError(status int, body []byte) *APIError {
	e := &APIError{Status: status}
	var raw struct {
		Code    json.RawMessage `json:"error_code"`
		Message string          `json:"error_message"`
	}
	if json.Unmarshal(body, &raw) == nil {
		e.Message = raw.Message
		var s string
		if json.Unmarshal(raw.Code, &s) == nil {
			e.Code, _ = strconv.Atoi(s)
		} else {
			_ = json.Unmarshal(raw.Code, &e.Code)
		}
	}
	return e
}

// Kind sorts every failure into what the app should do about it.
type Kind int

const (
	// Retryable: 5xx, network trouble, timeouts. Keep the token, try again.
	Retryable Kind = iota
	// SignedOut: 401/403. The token is dead; stop using it and sign in.
	SignedOut
	// PremiumRequired: 402 / 7007. The account needs Pulsoid's paid plan.
	PremiumRequired
	// MissingScope: the token cannot read heart rate (7011, 6003).
	MissingScope
)

// Classify tells what kind of failure err is.
func Classify(err error) Kind {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return Retryable
	}
	switch {
	case apiErr.Status == http.StatusPaymentRequired || apiErr.Code == 7007:
		return PremiumRequired
	case apiErr.Code == 7011 || apiErr.Code == 6003:
		return MissingScope
	case apiErr.Status == http.StatusUnauthorized || apiErr.Status == http.StatusForbidden:
		return SignedOut
	default:
		return Retryable
	}
}

// Reason is a short machine-readable cause for a status, and Explain says
// it in plain words with what to do next.
func Reason(err error) string {
	var apiErr *APIError
	errors.As(err, &apiErr)
	switch Classify(err) {
	case PremiumRequired:
		return "premium_required"
	case MissingScope:
		return "missing_scope"
	case SignedOut:
		switch {
		case apiErr.Code == 7006:
			return "token_expired"
		case apiErr.Code == 7005:
			return "token_revoked"
		default:
			return "token_rejected"
		}
	}
	if apiErr != nil {
		return "pulsoid_error"
	}
	return "network"
}

// Explain says what happened in words a streamer understands.
func Explain(err error) string {
	switch Reason(err) {
	case "premium_required":
		return "This Pulsoid account needs Pulsoid's paid plan (BRO) for this. Upgrade at pulsoid.net, or use another account."
	case "missing_scope":
		return "This token cannot read heart rate: create one with the data:heart_rate:read permission."
	case "token_expired":
		return "Your Pulsoid sign-in has expired. Sign in again."
	case "token_revoked":
		return "Pulsoid no longer knows this token (it was revoked or deleted). Sign in again."
	case "token_rejected":
		return "Pulsoid refused the token. Sign in again."
	case "pulsoid_error":
		return "Pulsoid is having trouble (" + err.Error() + "). Beatcast keeps trying."
	default:
		return "Can't reach Pulsoid. Check your internet connection; Beatcast keeps trying."
	}
}
