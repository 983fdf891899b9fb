package hub

import (
	"context"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Follower is how an output that shows the stream's current picture (the
// text file, OSC, the tray) follows the hub: it is woken when anything
// changes and reads the newest snapshot, so a busy output skips to the
// present. Outputs that need every message (the window, overlays) use a
// Subscription instead.
type Follower struct {
	hub *Hub
	sub *Subscription
}

// Follow starts following; Changed receives at once. Close it when done.
func (h *Hub) Follow() *Follower { return &Follower{hub: h, sub: h.Subscribe()} }

// Changed receives when the picture may have changed.
func (f *Follower) Changed() <-chan struct{} { return f.sub.Ready() }

// Snapshot is the picture now; open is false once the follower is closed.
func (f *Follower) Snapshot() (snap heartrate.Snapshot, open bool) {
	if _, open = f.sub.Take(); !open {
		return heartrate.Snapshot{}, false
	}
	return f.hub.Snapshot(), true
}

// Close stops following. It is safe to call more than once.
func (f *Follower) Close() { f.sub.Close() }

// FollowFunc is the whole loop for an output without timers of its own:
// show receives the picture at once, after each change and whenever poke
// receives (the output's own reason to redraw, e.g. a new target; nil for
// none), until ctx ends.
func (h *Hub) FollowFunc(ctx context.Context, poke <-chan struct{}, show func(heartrate.Snapshot)) {
	f := h.Follow()
	defer f.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.Changed():
		case <-poke:
		}
		snap, open := f.Snapshot()
		if !open {
			return
		}
		show(snap)
	}
}
