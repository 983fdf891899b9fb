// Package pulsoid talks to Pulsoid: the device sign-in (on
// golang.org/x/oauth2), token validation and revocation, the REST "latest"
// endpoint, and the real-time websocket as a heartrate.Source that
// reconnects forever and tells an auth failure from a network fault.
package pulsoid
