package obs

import "log/slog"

// Password is the password of OBS's websocket server. Like the Pulsoid
// token it is redacted when printed, logged or encoded, so it never reaches
// a log line or the window by accident; Reveal it only for the handshake
// and the file it is kept in.
type Password string

const redacted = "[redacted]"

// Reveal returns the password itself.
func (p Password) Reveal() string { return string(p) }

func (p Password) String() string               { return redacted }
func (p Password) GoString() string             { return redacted }
func (p Password) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (p Password) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
