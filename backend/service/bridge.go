package service

import (
	"context"
	"sync/atomic"

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
	EventSignIn  Event = "beatcast:signin"  // payload: feed.SignIn
	EventNotice  Event = "beatcast:notice"  // payload: string
	EventAccount Event = "beatcast:account" // payload: feed.Account
	// EventRecent replaces the window's recent beats: the replay when it
	// starts following, none when the source changes (start over).
	EventRecent Event = "beatcast:recent" // payload: []heartrate.Arrival
	// EventStreamEnded: a recorded stream ended (the recap).
	EventStreamEnded Event = "beatcast:stream-ended" // payload: history.Summary
	// EventAlert: the heart rate crossed an alert threshold, or came back.
	EventAlert Event = "beatcast:alert" // payload: alert.Alert
	// EventCloseAsked: the streamer closed the window while OBS shows the
	// overlay; the window asks whether to keep running.
	EventCloseAsked Event = "beatcast:close-asked" // payload: main.CloseQuestion
	// EventOBS: the connection to OBS changed.
	EventOBS Event = "beatcast:obs" // payload: obs.Status
	// EventStrapFound: a scan heard another strap (every one so far).
	EventStrapFound Event = "beatcast:strap-found" // payload: []ble.Found
)

// AllEvents lists the events for Wails' EnumBind.
var AllEvents = []struct {
	Value  Event
	TSName string
}{
	{EventStatus, "Status"}, {EventBeat, "Beat"}, {EventSignIn, "SignIn"}, {EventNotice, "Notice"}, {EventAccount, "Account"},
	{EventRecent, "Recent"}, {EventStreamEnded, "StreamEnded"}, {EventAlert, "Alert"}, {EventCloseAsked, "CloseAsked"},
	{EventOBS, "OBS"}, {EventStrapFound, "StrapFound"},
}

// UIBeat is the payload of EventBeat.
type UIBeat struct {
	heartrate.Beat
	Stats heartrate.Stats `json:"stats"`
}

// Emitter sends one event to the window; app.go passes Wails's
// runtime.EventsEmit bound to its context.
type Emitter func(name Event, payload any)

// ForwardToUI sends the status, alerts, history and beats from h to emit
// until ctx is cancelled. If the window falls behind, it gets the newest of
// each.
func ForwardToUI(ctx context.Context, h *hub.Hub, emit Emitter) { NewForwarder(h, emit).Run(ctx) }

// Forwarder is ForwardToUI for a window that can be hidden: while nobody
// can see it, nothing is sent (sending wakes its web view); the hub keeps
// the newest of each, which is sent the moment it shows again.
type Forwarder struct {
	hub     *hub.Hub
	emit    Emitter
	visible atomic.Bool
	changed chan struct{}
}

// NewForwarder returns a forwarder to a visible window.
func NewForwarder(h *hub.Hub, emit Emitter) *Forwarder {
	f := &Forwarder{hub: h, emit: emit, changed: make(chan struct{}, 1)}
	f.visible.Store(true)
	return f
}

// SetVisible says whether anybody can see the window.
func (f *Forwarder) SetVisible(v bool) {
	if f.visible.Swap(v) != v {
		select {
		case f.changed <- struct{}{}:
		default:
		}
	}
}

// Run forwards until ctx is cancelled.
func (f *Forwarder) Run(ctx context.Context) {
	sub := f.hub.Subscribe()
	defer sub.Close()
	for {
		var ready <-chan struct{}
		if f.visible.Load() {
			ready = sub.Ready()
		}
		select {
		case <-ctx.Done():
			return
		case <-f.changed:
			continue
		case <-ready:
		}
		msgs, open := sub.Take()
		for _, msg := range msgs {
			switch msg.Topic {
			case hub.TopicStatus:
				f.emit(EventStatus, msg.Status)
			case hub.TopicAlert:
				f.emit(EventAlert, msg.Alert)
			case hub.TopicRecent:
				f.emit(EventRecent, msg.Recent)
			case hub.TopicBeat:
				f.emit(EventBeat, UIBeat{Beat: msg.Beat, Stats: msg.Stats})
			}
		}
		if !open {
			return
		}
	}
}
