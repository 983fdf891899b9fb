package pulsoidtest

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync"
)

// StallSockets makes the network path of every open real-time socket go
// dead, as when Wi-Fi drops or a NAT forgets the connection: nothing
// arrives from either side any more (no beats, no pongs), and nothing
// closes the socket. The API notes: "An open socket does not mean the
// monitor is sending"; the docs promise no pings or close. New sockets are
// healthy.
func (s *Server) StallSockets() {
	s.rt.mu.Lock()
	defer s.rt.mu.Unlock()
	for _, sock := range s.rt.conns {
		if sock.net != nil {
			sock.net.stall()
		}
	}
}

// stallable is the server's side of one socket's connection, which
// StallSockets can silence.
type stallable struct {
	net.Conn
	once    sync.Once
	stalled chan struct{}
	closed  chan struct{}
	shut    sync.Once
}

func (c *stallable) stall() { c.once.Do(func() { close(c.stalled) }) }

func (c *stallable) isStalled() bool {
	select {
	case <-c.stalled:
		return true
	default:
		return false
	}
}

// Read hears nothing once stalled (the client's pings are lost on the way).
func (c *stallable) Read(p []byte) (int, error) {
	if c.isStalled() {
		<-c.closed
		return 0, net.ErrClosed
	}
	return c.Conn.Read(p)
}

// Write sends into the void once stalled.
func (c *stallable) Write(p []byte) (int, error) {
	if c.isStalled() {
		return len(p), nil
	}
	return c.Conn.Write(p)
}

func (c *stallable) Close() error {
	c.shut.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// hijackable hands the websocket library a connection StallSockets can
// silence in place of the server's own.
type hijackable struct {
	http.ResponseWriter
	conn *stallable
}

func (w *hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("pulsoidtest: the server cannot hijack")
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	if brw.Reader.Buffered() > 0 {
		return conn, brw, nil // bytes already read past the request: keep them (never seen: a client waits for 101)
	}
	w.conn = &stallable{Conn: conn, stalled: make(chan struct{}), closed: make(chan struct{})}
	return w.conn, bufio.NewReadWriter(bufio.NewReader(w.conn), bufio.NewWriter(w.conn)), nil
}
