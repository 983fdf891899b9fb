package pulsoid

import "log/slog"

// Token is a Pulsoid access token. Its printed, logged and JSON forms are
// redacted, so a token that slips into a log line or a UI payload shows as
// "[redacted]". Use Reveal only where the token must go on the wire or to
// the token file.
type Token string

const redacted = "[redacted]"

// Reveal returns the token itself.
func (t Token) Reveal() string { return string(t) }

func (t Token) String() string               { return redacted }
func (t Token) GoString() string             { return redacted }
func (t Token) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (t Token) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
