package pulsoidtest

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

type realtime struct {
	mu    sync.Mutex
	conns map[*websocket.Conn]*socket
	deaf  bool // accept, but never read: pings go unanswered
}

// socket is one open real-time connection; done closes when its handler
// has returned.
type socket struct {
	cancel context.CancelFunc
	done   chan struct{}
	net    *stallable // nil if the connection could not be wrapped
}

func (rt *realtime) init() { rt.conns = map[*websocket.Conn]*socket{} }

// Deaf makes new connections stop answering pings, like a half-open socket.
func (s *Server) Deaf(on bool) {
	s.rt.mu.Lock()
	defer s.rt.mu.Unlock()
	s.rt.deaf = on
}

// Connections is how many real-time sockets are open.
func (s *Server) Connections() int {
	s.rt.mu.Lock()
	defer s.rt.mu.Unlock()
	return len(s.rt.conns)
}

// Send sends one heart-rate reading to every open socket, in the real-time
// message's shape: {"measured_at": <unix ms>, "data": {"heart_rate": <n>}}
// (seeds, pulsoid-api.md, "Read Heart Rate via WebSocket"; API notes).
func (s *Server) Send(bpm int, measuredAt int64) {
	var r Reading
	r.MeasuredAt = measuredAt
	r.Data.HeartRate = bpm
	data, _ := json.Marshal(r)
	s.SendRaw(websocket.MessageText, data)
}

// SendRaw sends a frame as is, for malformed-input tests.
func (s *Server) SendRaw(typ websocket.MessageType, data []byte) {
	s.rt.mu.Lock()
	conns := make([]*websocket.Conn, 0, len(s.rt.conns))
	for c := range s.rt.conns {
		conns = append(conns, c)
	}
	s.rt.mu.Unlock()
	for _, c := range conns {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = c.Write(ctx, typ, data)
		cancel()
	}
}

// DropAll cuts every socket without a close frame, as a network drop does.
func (s *Server) DropAll() {
	s.rt.mu.Lock()
	var dropped []*socket
	for c, sock := range s.rt.conns {
		sock.cancel()
		c.CloseNow()
		dropped = append(dropped, sock)
	}
	s.rt.mu.Unlock()
	for _, sock := range dropped {
		<-sock.done
	}
}

func (s *Server) realtimeHandler(w http.ResponseWriter, r *http.Request) {
	// Pulsoid also takes ?access_token=; this fake insists on the header
	// so that a client putting the token in the URL fails its tests.
	if r.URL.Query().Has("access_token") {
		writeError(w, http.StatusBadRequest, 0, "token_in_url_refused_by_fake")
		return
	}
	s.rt.mu.Lock()
	deaf := s.rt.deaf
	s.rt.mu.Unlock()
	a := s.authorize(w, r)
	if a == nil {
		return
	}
	if !a.Premium {
		writeError(w, http.StatusPaymentRequired, 7007, "premium_required")
		return
	}
	hw := &hijackable{ResponseWriter: w}
	c, err := websocket.Accept(hw, r, nil)
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	sock := &socket{cancel: cancel, done: make(chan struct{}), net: hw.conn}
	s.rt.mu.Lock()
	s.rt.conns[c] = sock
	s.rt.mu.Unlock()
	defer func() {
		s.rt.mu.Lock()
		delete(s.rt.conns, c)
		s.rt.mu.Unlock()
		close(sock.done)
	}()
	if deaf {
		<-ctx.Done() // never read, so pings are never answered
		return
	}
	for {
		if _, _, err := c.Read(ctx); err != nil {
			cancel()
			return
		}
	}
}

// AwaitConnections waits until at least n real-time sockets are open: a
// client may see its handshake succeed a moment before the fake has
// registered the socket.
func (s *Server) AwaitConnections(n int, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for s.Connections() < n {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}
