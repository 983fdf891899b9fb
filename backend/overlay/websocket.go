package overlay

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// pingInterval finds clients that vanished without closing (a crashed OBS,
// a sleeping laptop) so their subscriptions are released. Every write is
// bounded by writeTimeout: a client stuck that long is dropped; one that is
// merely slow skips to the newest message (see hub).
const pingInterval = 30 * time.Second

// serveWS streams the hub to one client (an overlay, a bot). The client
// first gets hello, its saved overlay's look (with ?overlay=<name>), the
// current status, the recent history, the last beat and the alert under
// way, then every message as it is published, and the look again whenever
// it changes. What the client sends is read by readClient.
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
	if opts == nil && !sameOrigin(r) {
		s.refused.add("overlay connections from other websites", r.Header.Get("Origin"))
	}
	c, err := websocket.Accept(w, r, opts)
	if err != nil {
		return // Accept answered the client; a refusal was noted above
	}
	s.conns.Add(1)
	defer s.conns.Done()
	s.clients.Add(1)
	defer s.clients.Add(-1)

	// readClient handles control frames and the client's own frames, and
	// cancels ctx when the client goes away. A shutdown is watched apart
	// from ctx: a write under way when it comes must finish, not be cut
	// mid-frame, so that the goodbye below still reaches the client.
	ctx, gone := context.WithCancel(r.Context())
	pongs := make(chan []byte, 1)
	reading := make(chan struct{})
	go func() { defer close(reading); readClient(ctx, c, pongs, gone) }()
	defer func() { c.CloseNow(); <-reading }()
	if err := write(ctx, c, s.hello); err != nil {
		return
	}
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
		case <-sub.Ready():
			msgs, _ := sub.Take()
			for _, msg := range msgs {
				if err := write(ctx, c, msg.JSON); err != nil {
					return // stuck for writeTimeout, gone, or shutting down
				}
			}
		case <-lookChanged:
			if err := sendLook(); err != nil {
				return
			}
		case b := <-pongs:
			if err := write(ctx, c, b); err != nil {
				return
			}
		case <-ping.C:
			pctx, cancel := context.WithTimeout(ctx, writeTimeout)
			err := c.Ping(pctx)
			cancel()
			if err != nil {
				return
			}
		case <-s.stopping.Done():
			// Bounded by closeConns, which cuts a client that never answers.
			c.Close(websocket.StatusGoingAway, "Beatcast is shutting down")
			return
		case <-ctx.Done():
			return
		}
	}
}

// sameOrigin reports what coder/websocket's Accept checks by default: no
// Origin (not a browser), or one whose host is the request's.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

func write(ctx context.Context, c *websocket.Conn, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	return c.Write(ctx, websocket.MessageText, b)
}
