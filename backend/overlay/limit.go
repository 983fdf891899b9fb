package overlay

import (
	"fmt"
	"net"
	"sync"
)

// MaxConnections bounds the connections served at once. A streamer's OBS
// opens a handful; the cap keeps a program that opens thousands from
// growing Beatcast's memory without bound.
const MaxConnections = 512

// limitListener serves at most max connections at once. Past that, a new
// connection is closed at once — a client retries, as the overlay page
// does within 5 s — rather than left queueing, and the refusal is counted.
// It knows every connection it handed out, websockets included (which
// http.Server forgets once they are hijacked), so a shutdown can cut them.
type limitListener struct {
	net.Listener
	slots   chan struct{}
	refused *refusals

	mu   sync.Mutex
	open map[*slotConn]struct{}
}

func limit(ln net.Listener, max int, refused *refusals) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), refused: refused, open: map[*slotConn]struct{}{}}
}

// cut closes every connection still open.
func (l *limitListener) cut() {
	l.mu.Lock()
	conns := make([]*slotConn, 0, len(l.open))
	for c := range l.open {
		conns = append(conns, c)
	}
	l.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// served is how many connections are open.
func (l *limitListener) served() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.open)
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			sc := &slotConn{Conn: c}
			sc.free = func() {
				l.mu.Lock()
				delete(l.open, sc)
				l.mu.Unlock()
				<-l.slots
			}
			l.mu.Lock()
			l.open[sc] = struct{}{}
			l.mu.Unlock()
			return sc, nil
		default:
			c.Close()
			l.refused.add(fmt.Sprintf("connections beyond the limit of %d at once", cap(l.slots)), c.RemoteAddr().String())
		}
	}
}

// slotConn gives its slot back when closed.
type slotConn struct {
	net.Conn
	once sync.Once
	free func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.free)
	return err
}
