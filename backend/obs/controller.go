// Package obs drives OBS Studio through its own websocket server
// (obs-websocket 5, in OBS 28 and later): a native Text source kept at the
// current heart rate, and rules that switch scenes, show or hide sources
// and turn filters on or off while an alert, a colour zone or a lost
// signal lasts. The protocol is small JSON over a websocket (protocol.go,
// client.go). Nothing in Beatcast waits on OBS: the hub is followed
// without blocking, every request has a deadline, and a hung or absent OBS
// only delays this package's own worker.
package obs

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/hub"
)

// Target is what the controller keeps OBS doing.
type Target struct {
	URL        string // OBS's websocket; "" turns OBS off
	Password   Password
	TextSource string // a Text source kept at the heart rate; "" for none
	Offline    string // its text without a heart rate ("" for "--")
	Rules      []Rule
	MaxBPM     int // the colour zones' maximum (0: history.DefaultMaxBPM)
}

func (t Target) offline() string {
	if t.Offline == "" {
		return "--"
	}
	return t.Offline
}

func (t Target) maxBPM() int {
	if t.MaxBPM == 0 {
		return history.DefaultMaxBPM
	}
	return t.MaxBPM
}

// Controller keeps one OBS doing what its Target says. Create it with New,
// then Follow the hub.
type Controller struct {
	log     *slog.Logger
	dial    func(ctx context.Context, url, password string) (*Conn, error)
	running func() (found, known bool)

	redial chan struct{} // the link drops its session and connects again
	wake   chan struct{} // the worker looks at the text again
	look   chan struct{} // the follower judges the stream again
	told   chan struct{} // the status changed: tell the listener
	jobs   chan job      // rules starting and ending, in order

	mu       sync.Mutex
	target   Target
	status   Status
	conn     *Conn
	text     string          // what the text source should hold; "" before the first look
	sentText string          // what it holds, as far as Beatcast knows
	active   []bool          // per target.Rules: its condition holds
	moment   moment          // the stream as last judged
	back     map[Rule]string // per scene rule under way: the scene to go back to
	kicked   bool            // OBS ended the session: wait for Reconnect
	onStatus func(Status)
}

// New returns a controller with nothing to do yet.
func New(log *slog.Logger) *Controller {
	return &Controller{log: log, dial: Dial, running: obsRunning,
		redial: make(chan struct{}, 1), wake: make(chan struct{}, 1), look: make(chan struct{}, 1), told: make(chan struct{}, 1),
		jobs: make(chan job, jobQueue), back: map[Rule]string{}, moment: moment{zone: -1}}
}

// jobQueue bounds the rule starts and ends waiting for a slow OBS; a
// stream cannot cross thresholds faster than hysteresis lets it, so a full
// queue means OBS is hung, and more would only replay stale moments.
const jobQueue = 32

// SetTarget changes what OBS should do, from now on. A new address or
// password connects again; new rules are judged at once.
func (c *Controller) SetTarget(t Target) {
	c.mu.Lock()
	old := c.target
	c.target = t
	c.sentText = "" // the text source may have changed: write it again
	if !slices.Equal(old.Rules, t.Rules) || old.MaxBPM != t.MaxBPM {
		c.active = make([]bool, len(t.Rules))
	}
	// A rule taken away while under way is left as it is in OBS.
	reconnect := old.URL != t.URL || old.Password != t.Password
	if reconnect {
		c.kicked = false
	}
	if t.URL == "" {
		c.setStatusLocked(Status{})
	}
	c.mu.Unlock()
	if reconnect {
		poke(c.redial)
	}
	poke(c.look)
	poke(c.wake)
}

// Reconnect connects again after OBS ended the session (or at once).
func (c *Controller) Reconnect() {
	c.mu.Lock()
	c.kicked = false
	c.mu.Unlock()
	poke(c.redial)
}

// Status is the connection to OBS now.
func (c *Controller) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// OnStatus sets the listener for changes of Status.
func (c *Controller) OnStatus(listen func(Status)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onStatus = listen
}

func (c *Controller) setStatusLocked(st Status) {
	if same(st, c.status) {
		return
	}
	c.status = st
	poke(c.told) // the listener hears it from tell, never under the lock
}

// tell passes each change of the status to the listener, in order, the
// newest when several came at once, until ctx ends.
func (c *Controller) tell(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.told:
		}
		c.mu.Lock()
		st, listen := c.status, c.onStatus
		c.mu.Unlock()
		if listen != nil {
			listen(st)
		}
	}
}

func (c *Controller) setProblem(problem string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.status
	st.Problem = problem
	c.setStatusLocked(st)
}

func same(a, b Status) bool {
	return a.State == b.State && a.Message == b.Message && a.URL == b.URL && a.Problem == b.Problem &&
		(a.Version == nil) == (b.Version == nil)
}

// session is the identified connection now, or nil.
func (c *Controller) session() *Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// Follow runs the controller until ctx ends: the link to OBS, the worker
// that makes requests, and the watch on the stream.
func (c *Controller) Follow(ctx context.Context, h *hub.Hub) {
	var wg sync.WaitGroup
	wg.Go(func() { c.link(ctx) })
	wg.Go(func() { c.work(ctx) })
	wg.Go(func() { c.tell(ctx) })
	c.follow(ctx, h)
	wg.Wait()
}

// poke wakes whoever waits on ch, once.
func poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// requestTimeout bounds every request: a hung OBS costs the worker this
// long at most, and nothing else anything.
const requestTimeout = 2 * time.Second
