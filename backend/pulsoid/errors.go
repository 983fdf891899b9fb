package pulsoid

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// APIError is an error answer from Pulsoid, or from whatever answered in
// its place (a CDN edge, a proxy).
type APIError struct {
	Status  int
	Code    int    // Pulsoid's error_code (7005 token_not_found, …), 0 if none
	Message string // Pulsoid's error_message, e.g. "token_expired"
	// Foreign: the body was not Pulsoid's error JSON but an HTML page or
	// nothing at all: someone else answered, and it says nothing about the
	// token.
	Foreign bool
	// verdict: the answer came from GET /api/v1/token/validate, the one
	// endpoint whose refusal Beatcast believes (see Classify).
	verdict bool
}

func (e *APIError) Error() string {
	switch {
	case e.Code != 0:
		return fmt.Sprintf("Pulsoid answered %d (%d %s)", e.Status, e.Code, e.Message)
	case e.Foreign:
		return fmt.Sprintf("Pulsoid's address answered %d %s with a page, not Pulsoid's JSON", e.Status, http.StatusText(e.Status))
	default:
		return fmt.Sprintf("Pulsoid answered %d %s", e.Status, http.StatusText(e.Status))
	}
}

// parseAPIError reads an error answer. Pulsoid's error_code arrives both as
// a string ("7010") and as a number (7010); both are accepted. Anything
// that is not a JSON object with error_code or error_message is Foreign.
func parseAPIError(status int, body []byte) *APIError {
	e := &APIError{Status: status, Foreign: true}
	var raw struct {
		Code    json.RawMessage `json:"error_code"`
		Message string          `json:"error_message"`
	}
	if json.Unmarshal(body, &raw) != nil || (raw.Code == nil && raw.Message == "") {
		return e
	}
	e.Foreign = false
	e.Message = clip(raw.Message)
	var s string
	if json.Unmarshal(raw.Code, &s) == nil {
		e.Code, _ = strconv.Atoi(s)
	} else {
		_ = json.Unmarshal(raw.Code, &e.Code)
	}
	return e
}

// clip keeps text from the network fit for a log line: at most 120
// characters, printable ones only.
func clip(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i >= 120 {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Pulsoid's error codes that Beatcast acts on (seeds, "Errors").
const (
	codeTokenNotFound      = 7005 // 403
	codeTokenExpired       = 7006 // 403
	codePremiumRequired    = 7007 // 402
	codeInvalidScope       = 7011 // 400
	codeValidateTrouble    = 6001 // 403 error_while_validating_token: trouble at Pulsoid
	codeLatestTrouble      = 6002 // 403 error_retrieving_latest_heart_rate: trouble at Pulsoid
	codeInvalidScopeLatest = 6003 // 400
)

// troubleAtPulsoid reports codes that describe a failure on Pulsoid's side
// rather than anything wrong with the token: 7001–7004 (500) and the 403s
// 6001 and 6002. Retrying is right; signing out would lose a good token.
func troubleAtPulsoid(code int) bool {
	return (code >= 7001 && code <= 7004) || code == codeValidateTrouble || code == codeLatestTrouble
}

// Failure sorts every failure into what Beatcast does about it.
type Failure int

const (
	// Retryable: network trouble, 5xx, edge pages, Pulsoid's own trouble
	// codes. Keep the token and try again.
	Retryable Failure = iota
	// Refused: a 401/403 from the websocket upgrade or /latest. Pulsoid
	// documents nothing about those refusals, so, as its official client
	// does, Beatcast asks validate before believing them.
	Refused
	// SignedOut: validate says the token is dead (401, or 403 with
	// Pulsoid's JSON). Forget it; sign in again.
	SignedOut
	// PremiumRequired: 402 / 7007. The account needs Pulsoid's paid plan.
	PremiumRequired
	// MissingScope: the token cannot read heart rate.
	MissingScope
)

// ErrMissingScope is the answer for a token that validates but lacks
// data:heart_rate:read.
var ErrMissingScope = errors.New("the token lacks the " + ScopeReadHeartRate + " permission")

// Classify tells what kind of failure err is.
func Classify(err error) Failure {
	if errors.Is(err, ErrMissingScope) {
		return MissingScope
	}
	var e *APIError
	if !errors.As(err, &e) {
		return Retryable
	}
	authRefusal := e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	scope := e.Code == codeInvalidScope || e.Code == codeInvalidScopeLatest
	switch {
	case e.Status == http.StatusPaymentRequired || e.Code == codePremiumRequired:
		return PremiumRequired
	case troubleAtPulsoid(e.Code):
		return Retryable
	case !e.verdict && (authRefusal || scope):
		return Refused
	case scope:
		return MissingScope
	case !authRefusal:
		return Retryable
	case e.Status == http.StatusUnauthorized || !e.Foreign:
		// Pulsoid answers 401 for the tokens of an app the user
		// disconnected (seeds, "Refreshing access tokens").
		return SignedOut
	default:
		// An edge's 403 page in front of validate says nothing about the
		// token: never lose a sign-in over it.
		return Retryable
	}
}

// Reason is a short machine-readable cause for a status (the overlay API's
// `reason` field).
func Reason(err error) heartrate.Reason {
	var e *APIError
	errors.As(err, &e)
	switch Classify(err) {
	case PremiumRequired:
		return heartrate.ReasonPremiumRequired
	case MissingScope:
		return heartrate.ReasonMissingScope
	case SignedOut:
		switch e.Code {
		case codeTokenExpired:
			return heartrate.ReasonTokenExpired
		case codeTokenNotFound:
			return heartrate.ReasonTokenRevoked
		default:
			return heartrate.ReasonTokenRejected
		}
	case Refused:
		return heartrate.ReasonRefused
	}
	if e != nil {
		return heartrate.ReasonPulsoidError
	}
	return heartrate.ReasonNetwork
}

// Explain says in words a streamer understands why Beatcast stopped using
// Pulsoid, and what to do next.
func Explain(err error) string {
	switch Reason(err) {
	case heartrate.ReasonPremiumRequired:
		return "This Pulsoid account needs Pulsoid's paid plan (BRO) for this. Upgrade at pulsoid.net, or use another account."
	case heartrate.ReasonMissingScope:
		return "This token cannot read heart rate: create one with the data:heart_rate:read permission."
	case heartrate.ReasonTokenExpired:
		return "Your Pulsoid sign-in has expired. Sign in again."
	case heartrate.ReasonTokenRevoked:
		return "Pulsoid no longer knows this sign-in (it was revoked, or Beatcast was removed from your Pulsoid account). Sign in again."
	case heartrate.ReasonTokenRejected:
		return "Pulsoid refused the sign-in. Sign in again."
	case heartrate.ReasonRefused:
		return "Pulsoid refused the live connection."
	case heartrate.ReasonPulsoidError:
		return "Pulsoid is having trouble right now."
	default:
		return "Can't reach Pulsoid. Check your internet connection."
	}
}

// Trouble says in a sentence what keeps Beatcast from the live feed while
// it retries: the status's message. When the next try comes is data beside
// it (attempt, retry_at); the window writes the countdown itself.
func Trouble(err error) string {
	if errors.Is(err, errConnectionLost) {
		return "The live connection to Pulsoid dropped."
	}
	return Explain(err)
}

// Retrying is Trouble with the wait, for the log, which has no clock
// ticking down: "Can't reach Pulsoid. Check your internet connection.
// Retrying in 3 s."
func Retrying(err error, wait time.Duration) string {
	return fmt.Sprintf("%s Retrying in %d s.", Trouble(err), int(math.Ceil(wait.Seconds())))
}
