package obs

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// dialTimeout bounds one attempt to connect, handshake included.
const dialTimeout = 5 * time.Second

// retryAfter is the wait before connecting again: soon while OBS is
// starting (it comes back within seconds of a restart), slowly after a
// refused password, which only the streamer can mend.
func retryAfter(st Status, attempt int) time.Duration {
	if st.State == Refused {
		return 15 * time.Second
	}
	return min(time.Second<<min(attempt, 3), 5*time.Second)
}

// link keeps a session with OBS while the target has an address, until
// ctx ends.
func (c *Controller) link(ctx context.Context) {
	attempt := 0
	for ctx.Err() == nil {
		c.mu.Lock()
		t, kicked := c.target, c.kicked
		c.mu.Unlock()
		if t.URL == "" || kicked {
			c.wait(ctx, 0)
			continue
		}
		drain(c.redial) // this dial is with the newest target already
		dialCtx, cancel := context.WithTimeout(ctx, dialTimeout)
		conn, err := c.dial(dialCtx, t.URL, t.Password.Reveal())
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			st := trouble(t.URL, err, c.running)
			c.report(st, err)
			c.wait(ctx, retryAfter(st, attempt))
			attempt++
			continue
		}
		attempt = 0
		c.mu.Lock()
		c.conn = conn
		c.setStatusLocked(connected(t.URL, conn.Version()))
		c.mu.Unlock()
		c.log.Info("OBS: connected", "obs", conn.Version().OBS, "obs_websocket", conn.Version().WebSocket)
		select {
		case c.jobs <- job{sync: true}: // the text and the rules under way, again
		default:
		}
		err = c.hold(ctx, conn)
		kicked = errors.Is(err, ErrKicked)
		c.mu.Lock()
		c.conn, c.kicked = nil, kicked
		c.mu.Unlock()
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, errRedial):
		case kicked, errors.Is(err, ErrNoAnswer):
			c.report(trouble(t.URL, err, c.running), err)
		default:
			c.report(Status{State: Connecting, URL: t.URL, Message: "OBS closed the connection. Trying again."}, err)
		}
	}
}

// errRedial ends a session to connect again with a new target.
var errRedial = errors.New("obs: connecting again")

// pingEvery is how often an idle session is checked: an OBS that froze or
// a network that went away answers no ping.
const pingEvery = 10 * time.Second

// hold keeps the session until it ends, the target changes or ctx ends,
// and returns why it ended.
func (c *Controller) hold(ctx context.Context, conn *Conn) error {
	defer conn.Close()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-ping.C:
			pingCtx, cancel := context.WithTimeout(ctx, requestTimeout)
			err := conn.Ping(pingCtx)
			cancel()
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("%w: no pong: %v", ErrNoAnswer, err)
			}
		case <-conn.Done():
			return conn.Err()
		case <-c.redial:
			return errRedial
		case <-ctx.Done():
			return ctx.Err()
		case e := <-conn.Events():
			if e.Type == "ExitStarted" { // OBS is closing: say so before the socket drops
				c.log.Info("OBS: closing")
			}
		}
	}
}

// report shows st and logs its change.
func (c *Controller) report(st Status, err error) {
	c.mu.Lock()
	changed := st.State != c.status.State || st.Message != c.status.Message
	c.setStatusLocked(st)
	c.mu.Unlock()
	if changed {
		c.log.Warn("OBS: "+st.Message, "state", st.State, "err", err)
	}
}

// drain takes a poke that is already answered.
func drain(ch chan struct{}) {
	select {
	case <-ch:
	default:
	}
}

// wait returns after d (0: only when told), a new target, or ctx's end.
func (c *Controller) wait(ctx context.Context, d time.Duration) {
	var after <-chan time.Time
	if d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		after = timer.C
	}
	select {
	case <-ctx.Done():
	case <-c.redial:
	case <-after:
	}
}
