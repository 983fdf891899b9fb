// Package memnet is an in-memory network for tests: a net.Listener whose
// connections are net.Pipe pairs, and an http.Client that dials it. A
// goroutine blocked on a real socket keeps a testing/synctest bubble from
// going idle, so its fake clock never moves; one blocked on a pipe does
// not. With memnet, a fake Pulsoid and Beatcast's overlay server run inside
// a bubble, and a ten-minute outage is tested in milliseconds, exactly.
package memnet

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// Listener accepts the connections that Dial makes. Create it with Listen.
type Listener struct {
	addr   addr
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

// Listen returns a listener that reports host (e.g. "pulsoid.test:80") as
// its address, so URLs built from it read well in test failures.
func Listen(host string) *Listener {
	return &Listener{addr: addr(host), conns: make(chan net.Conn), closed: make(chan struct{})}
}

// ErrClosed is what Dial and Accept return once the listener is closed: a
// connection refused, as far as a client can tell.
var ErrClosed = errors.New("memnet: connection refused (listener closed)")

// Accept waits for the next Dial.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, ErrClosed
	}
}

// Close stops accepting; later Dials are refused. It is idempotent.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

// Addr implements net.Listener.
func (l *Listener) Addr() net.Addr { return l.addr }

// Dial connects to the listener, as a TCP dial to its address would.
func (l *Listener) Dial(ctx context.Context) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Client returns an HTTP client (websockets included) whose every request,
// whatever its URL, reaches this listener. Close its idle connections
// (CloseIdleConnections) before a synctest bubble ends.
func (l *Listener) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) { return l.Dial(ctx) },
		// A pipe has no kernel buffer: a new connection per request keeps
		// tests free of idle-connection goroutines.
		DisableKeepAlives: true,
	}}
}

type addr string

func (a addr) Network() string { return "memnet" }
func (a addr) String() string  { return string(a) }
