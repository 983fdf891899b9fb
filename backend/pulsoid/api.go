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

	"github.com/beatcast/beatcast/backend/heartrate"
)

// ScopeReadHeartRate is the one scope Beatcast needs.
const ScopeReadHeartRate = "data:heart_rate:read"

// Client calls Pulsoid's REST API. Create it with NewClient.
type Client struct {
	apiURL string
	http   *http.Client
}

// requestTimeout bounds every request to Pulsoid that has no deadline of
// its own; the caller's context still ends it sooner.
const requestTimeout = 15 * time.Second

// NewClient returns a client for the API at apiURL (e.g.
// https://dev.pulsoid.net). A nil hc means http.DefaultClient; every
// request ends with its context, or after requestTimeout.
func NewClient(apiURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{apiURL: strings.TrimRight(apiURL, "/"), http: hc}
}

// TokenInfo is what Pulsoid says about a token.
type TokenInfo struct {
	ClientID  string   `json:"client_id"`
	ExpiresIn int64    `json:"expires_in"` // seconds
	ProfileID string   `json:"profile_id"`
	Scopes    []string `json:"scopes"`
}

// CanReadHeartRate reports whether the token carries the scope Beatcast needs.
func (t TokenInfo) CanReadHeartRate() bool {
	for _, s := range t.Scopes {
		if s == ScopeReadHeartRate {
			return true
		}
	}
	return false
}

// Validate asks Pulsoid about tok. Its answer is the one Beatcast trusts
// to say that a token is dead, as Pulsoid's official client
// (@pulsoid/socket) does: see Classify.
func (c *Client) Validate(ctx context.Context, tok Token) (TokenInfo, error) {
	var info TokenInfo
	err := c.do(ctx, http.MethodGet, "/api/v1/token/validate", tok, nil, &info)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.verdict = true
	}
	return info, err
}

// Revoke tells Pulsoid to forget tok (sign out).
func (c *Client) Revoke(ctx context.Context, tok Token) error {
	form := url.Values{"token": {tok.Reveal()}}
	return c.do(ctx, http.MethodPost, "/oauth2/revoke", "", form, nil)
}

// ErrNoData is Latest's answer when the user has never sent a heart rate (412).
var ErrNoData = errors.New("Pulsoid has no heart rate for this account yet")

// Latest returns the user's most recent heart rate over REST.
func (c *Client) Latest(ctx context.Context, tok Token) (heartrate.Beat, error) {
	var m message
	err := c.do(ctx, http.MethodGet, "/api/v1/data/heart_rate/latest", tok, nil, &m)
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusPreconditionFailed {
		return heartrate.Beat{}, ErrNoData
	}
	if err != nil {
		return heartrate.Beat{}, err
	}
	return m.beat()
}

func (c *Client) do(ctx context.Context, method, path string, tok Token, form url.Values, out any) error {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.apiURL+path, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok.Reveal())
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		// The URL never holds the token, so the error can be shown as is.
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return parseAPIError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: Pulsoid's answer is not the expected JSON: %w", method, path, err)
	}
	return nil
}
