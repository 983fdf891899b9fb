package overlay

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// guard keeps the heart rate, which is health data, on this machine.
type guard struct {
	// bind is the IP the server listens on; a non-loopback bind is the
	// user's explicit choice, and its address is then accepted as Host.
	bind net.IP
	// key admits the local-file overlays, whatever their Origin.
	key string
	// refused logs what the guard turns away, without letting it flood.
	refused *refusals
}

// hostAllowed rejects requests whose Host is not this machine's loopback
// address or localhost: a page on evil.example that rebinds its DNS name to
// 127.0.0.1 still sends Host: evil.example.
func (g guard) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	if g.bind == nil || g.bind.IsLoopback() {
		return false
	}
	// Listening beyond loopback was asked for: accept addresses, never names.
	return g.bind.IsUnspecified() || ip.Equal(g.bind)
}

// keyMatches reports whether the request carries the local-file key.
func (g guard) keyMatches(r *http.Request) bool {
	got := r.URL.Query().Get("key")
	return g.key != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(g.key)) == 1
}

// wrap refuses requests for other hosts before any handler runs.
func (g guard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.hostAllowed(r.Host) {
			g.refused.add("requests for other host names (a website trying DNS rebinding, or a mistyped address)", r.Host)
			http.Error(w, "Beatcast serves its overlay to this computer only: open it as http://127.0.0.1:<port>/", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}
