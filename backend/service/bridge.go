package service

import (
	"context"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// Names of the events the desktop UI listens for.
const (
	EventStatus = "beatcast:status" // payload: heartrate.Status
	EventBeat   = "beatcast:beat"   // payload: UIBeat
)

// UIBeat is the payload of EventBeat.
type UIBeat struct {
	heartrate.Beat
	Stats heartrate.Stats `json:"stats"`
}

// Emitter sends one event to the window; app.go passes Wails's
// runtime.EventsEmit bound to its context.
type Emitter func(name string, payload any)

// ForwardToUI sends every status and beat from h to emit until ctx is
// cancelled. If the window ever falls a whole buffer behind, it
// resubscribes: the replay brings it back to the current picture.
func ForwardToUI(ctx context.Context, h *hub.Hub, emit Emitter) {
	for ctx.Err() == nil {
		sub := h.Subscribe()
		forward(ctx, sub, emit)
		sub.Close()
	}
}

func forward(ctx context.Context, sub *hub.Subscription, emit Emitter) {
	for {
		select {
		case <-ctx.Done():
			return
		case msg, ok := <-sub.C():
			if !ok {
				return
			}
			switch msg.Kind {
			case hub.KindStatus:
				emit(EventStatus, msg.Status)
			case hub.KindBeat:
				emit(EventBeat, UIBeat{Beat: msg.Beat, Stats: msg.Stats})
			}
			// The window asks for the history when it needs it (History).
		}
	}
}
