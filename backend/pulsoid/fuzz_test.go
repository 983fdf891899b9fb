package pulsoid

import (
	"testing"
	"unicode/utf8"
)

// Every parser of what arrives from the network: never a panic, and what
// it keeps is fit for the monitor, the window and the log.

func FuzzParseMessage(f *testing.F) {
	for _, seed := range []string{
		`{"measured_at": 1625310655000, "data": {"heart_rate": 72}}`,
		`{"measured_at": "x", "data": {"heart_rate": 1e308}}`,
		`{"data": {"heart_rate": -5}}`, `[]`, `null`, `{"data": {"heart_rate": "NaN"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseMessage(data)
		if err == nil && (b.BPM < 0 || b.BPM > notANumberOfBeats) {
			t.Errorf("a heart rate of %d got through", b.BPM)
		}
	})
}

func FuzzErrorBodies(f *testing.F) {
	for _, seed := range []string{
		`{"error_code": "7010", "error_message": "error_authorization_header_has_wrong_format"}`,
		`{"error_code": 7005, "error_message": "token_not_found"}`,
		`{"error": "authorization_pending"}`, `{"error": "invalid_grant", "error_description": "user didn't grant access"}`,
		`<html><body>502 Bad Gateway</body></html>`, `{"error_code": [1]}`,
	} {
		f.Add(403, []byte(seed))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := parseAPIError(status, body)
		_ = Classify(e)
		_ = Explain(e)
		code, desc, _ := oauthError(body)
		for _, s := range []string{e.Message, code, desc} {
			if !utf8.ValidString(s) || len([]rune(s)) > 121 {
				t.Errorf("%q from the network would reach the log as is", s)
			}
		}
	})
}
