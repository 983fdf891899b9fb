package obs

import (
	"context"
	"strconv"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// follow judges the stream on every change until ctx ends: the text the
// source should hold, and which rules start or end. It never waits on
// OBS: it only leaves work for the worker.
func (c *Controller) follow(ctx context.Context, h *hub.Hub) {
	h.FollowFunc(ctx, c.look, func(snap heartrate.Snapshot) { c.observe(snap, h.Alert()) })
}

// observe takes in the stream as it is now.
func (c *Controller) observe(snap heartrate.Snapshot, a *alert.Alert) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.target
	text := t.offline()
	if snap.Status.State == heartrate.StateLive && snap.Beat != nil {
		text = strconv.Itoa(snap.Beat.BPM)
	}
	if text != c.text {
		c.text = text
		poke(c.wake)
	}
	c.moment = judge(c.moment, snap, a, t.maxBPM())
	for i, r := range t.Rules {
		holds := c.moment.holds(r.When)
		if holds == c.active[i] {
			continue
		}
		c.active[i] = holds
		select {
		case c.jobs <- job{rule: r, start: holds}:
		default:
			c.log.Warn("OBS is not keeping up: an action was dropped", "action", r.Describe(), "start", holds)
		}
	}
}
