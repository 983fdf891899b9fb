package overlay

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

const (
	// writeTimeout bounds every write, so a client that stopped reading
	// costs at most this long before it is dropped.
	writeTimeout = 5 * time.Second
	// pingInterval finds clients that vanished without closing (a crashed
	// OBS, a sleeping laptop) so their subscriptions are released.
	pingInterval = 30 * time.Second
)

// serveWS streams the hub to one overlay client. The client first gets
// its saved overlay's look (with ?overlay=<name>), the current status, the
// recent history and the last beat, then every message as it is
// published, and the look again whenever it changes.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	// By default coder/websocket refuses a browser whose Origin is not this
	// host, so another website open in the same browser cannot read the
	// heart rate. A local-file overlay has no such origin — Chromium says
	// "null" for file://, and OBS's Local file mode serves the file as
	// http://absolute/<path> (obs-browser-source.cpp) — so it gets in with
	// the per-install key instead, whatever its Origin says.
	var opts *websocket.AcceptOptions
	if s.guard.keyMatches(r) {
		opts = &websocket.AcceptOptions{InsecureSkipVerify: true}
	}
	c, err := websocket.Accept(w, r, opts)
	if err != nil {
		s.log.Warn("refused an overlay connection", "remote", r.RemoteAddr, "origin", r.Header.Get("Origin"), "err", err)
		return
	}
	s.conns.Add(1)
	defer s.conns.Done()
	s.clients.Add(1)
	defer s.clients.Add(-1)
	defer c.CloseNow()

	// The overlay only listens; CloseRead handles control frames and
	// cancels ctx when the client goes away.
	ctx := c.CloseRead(r.Context())
	name := r.URL.Query().Get("overlay")
	var lookChanged <-chan struct{} // nil (never ready) without a saved overlay
	var lastLook []byte
	sendLook := func() error {
		msg, changed := s.looks.message(name)
		lookChanged = changed
		if bytes.Equal(msg, lastLook) {
			return nil
		}
		lastLook = msg
		return write(ctx, c, msg)
	}
	if name != "" {
		if err := sendLook(); err != nil {
			return
		}
	}
	sub := s.hub.Subscribe()
	defer sub.Close()

	ping := time.NewTicker(pingInterval)
	defer ping.Stop()
	for {
		select {
		case msg, ok := <-sub.C():
			if !ok {
				closeWithin(c, websocket.StatusPolicyViolation, "too slow: reconnect to catch up", time.Second)
				return
			}
			if err := write(ctx, c, msg.JSON); err != nil {
				return
			}
		case <-lookChanged:
			if err := sendLook(); err != nil {
				return
			}
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, writeTimeout)
			err := c.Ping(pctx)
			cancel()
			if err != nil {
				return
			}
		case <-s.done:
			closeWithin(c, websocket.StatusGoingAway, "Beatcast is shutting down", time.Second)
			return
		case <-ctx.Done():
			return
		}
	}
}

func write(ctx context.Context, c *websocket.Conn, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	return c.Write(ctx, websocket.MessageText, b)
}

// closeWithin starts the close handshake but gives up after d: a client
// that stopped reading must not hold up a shutdown.
func closeWithin(c *websocket.Conn, code websocket.StatusCode, reason string, d time.Duration) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Close(code, reason)
	}()
	select {
	case <-done:
	case <-time.After(d):
		c.CloseNow()
		<-done
	}
}
