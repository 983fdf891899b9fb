package service

import (
	"context"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// Event names an event the window listens for. Wails binds the names to
// the window as the TypeScript enum service.Event (EnumBind in main.go),
// so Go and TypeScript read this one declaration.
type Event string

const (
	EventStatus  Event = "beatcast:status"  // payload: heartrate.Status
	EventBeat    Event = "beatcast:beat"    // payload: UIBeat
	EventSignIn  Event = "beatcast:signin"  // payload: session.SignIn
	EventNotice  Event = "beatcast:notice"  // payload: string
	EventAccount Event = "beatcast:account" // payload: session.Account
	// EventHistory replaces the window's recent beats: the history when it
	// starts following, an empty one when the source changes (start over).
	EventHistory Event = "beatcast:history" // payload: []heartrate.Arrival
	// EventSessionEnded: a recorded stream ended (the recap).
	EventSessionEnded Event = "beatcast:session-ended" // payload: history.Summary
	// EventAlert: the heart rate crossed an alert threshold, or came back.
	EventAlert Event = "beatcast:alert" // payload: alert.Alert
)

// AllEvents lists the events for Wails' EnumBind.
var AllEvents = []struct {
	Value  Event
	TSName string
}{
	{EventStatus, "Status"}, {EventBeat, "Beat"}, {EventSignIn, "SignIn"}, {EventNotice, "Notice"}, {EventAccount, "Account"},
	{EventHistory, "History"}, {EventSessionEnded, "SessionEnded"}, {EventAlert, "Alert"},
}

// UIBeat is the payload of EventBeat.
type UIBeat struct {
	heartrate.Beat
	Stats heartrate.Stats `json:"stats"`
}

// Emitter sends one event to the window; app.go passes Wails's
// runtime.EventsEmit bound to its context.
type Emitter func(name Event, payload any)

// ForwardToUI sends the status and beats from h to emit until ctx is
// cancelled. If the window falls behind, it gets the newest of each.
func ForwardToUI(ctx context.Context, h *hub.Hub, emit Emitter) {
	sub := h.Subscribe()
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.Ready():
		}
		msgs, open := sub.Take()
		for _, msg := range msgs {
			switch msg.Topic {
			case hub.TopicStatus:
				emit(EventStatus, msg.Status)
			case hub.TopicAlert:
				emit(EventAlert, msg.Alert)
			case hub.TopicHistory:
				emit(EventHistory, msg.History)
			case hub.TopicBeat:
				emit(EventBeat, UIBeat{Beat: msg.Beat, Stats: msg.Stats})
			}
		}
		if !open {
			return
		}
	}
}
