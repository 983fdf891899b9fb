// Package hub fans the latest heart-rate status and beats out to any number
// of consumers (the desktop UI bridge, every overlay connection). Each
// message is encoded once; publishing never waits for a consumer, and a
// consumer that falls a whole buffer behind is dropped rather than allowed
// to delay anyone else. A new subscriber first receives the current status
// and the last beat, so a freshly opened overlay never starts blank.
package hub

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// DefaultBuffer is how many messages a subscriber may fall behind before it
// is dropped: at one beat a second that is over a minute of slack.
const DefaultBuffer = 64

// Kind tells a status message from a beat.
type Kind uint8

const (
	KindStatus Kind = iota + 1
	KindBeat
)

// Message is one event as every consumer sees it. Subscribers share one
// *Message per event, so it must never be modified after it is published;
// JSON is the wire form sent to overlay clients.
type Message struct {
	Kind   Kind
	Status heartrate.Status // set for KindStatus
	Beat   heartrate.Beat   // set for KindBeat
	Stats  heartrate.Stats  // session statistics including this beat (KindBeat)
	JSON   []byte
}

// Hub is safe for concurrent use. The zero value is not usable; call New.
type Hub struct {
	now    func() time.Time
	buffer int

	mu       sync.Mutex
	subs     map[*Subscription]struct{}
	status   *Message
	lastBeat *Message
	beatAt   int64 // when lastBeat arrived, Unix ms
	stats    heartrate.Stats
}

// New returns a hub whose initial status is "connecting".
func New() *Hub {
	h := &Hub{now: time.Now, buffer: DefaultBuffer, subs: map[*Subscription]struct{}{}}
	h.status = statusMessage(heartrate.Status{State: heartrate.StateConnecting})
	return h
}

// PublishStatus records s as the current status and sends it to everyone.
func (h *Hub) PublishStatus(s heartrate.Status) {
	msg := statusMessage(s)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status = msg
	h.broadcast(msg)
}

// PublishBeat records b as the last beat, adds it to the session
// statistics and sends it to everyone. Callers publish only valid beats.
func (h *Hub) PublishBeat(b heartrate.Beat) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.beatAt = h.now().UnixMilli()
	h.stats.Add(b.BPM, h.beatAt)
	msg := beatMessage(b, h.stats)
	h.lastBeat = msg
	h.broadcast(msg)
}

// Snapshot returns the current status, last beat and statistics.
func (h *Hub) Snapshot() heartrate.Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	snap := heartrate.Snapshot{Status: h.status.Status, Stats: h.stats}
	if h.lastBeat != nil {
		b := h.lastBeat.Beat
		snap.Beat = &b
		snap.Status.LastBeatAt = h.beatAt
	}
	return snap
}

// Subscribe registers a consumer. Its channel first yields the current
// status and, if there is one, the last beat.
func (h *Hub) Subscribe() *Subscription {
	// Pointers keep each subscriber's buffer small (8 bytes a slot, not a
	// whole Message): that is most of an idle overlay client's memory.
	s := &Subscription{hub: h, c: make(chan *Message, h.buffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	s.c <- h.status
	if h.lastBeat != nil {
		s.c <- h.lastBeat
	}
	h.subs[s] = struct{}{}
	return s
}

// Subscribers reports how many consumers are registered.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// broadcast must be called with h.mu held, which keeps every subscriber's
// messages in publish order.
func (h *Hub) broadcast(msg *Message) {
	for s := range h.subs {
		select {
		case s.c <- msg:
		default:
			s.dropped = true
			h.remove(s)
		}
	}
}

// remove must be called with h.mu held.
func (h *Hub) remove(s *Subscription) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.c)
	}
}

// Subscription is one consumer's view of the hub.
type Subscription struct {
	hub     *Hub
	c       chan *Message
	dropped bool // guarded by hub.mu
}

// C yields messages in publish order. It is closed by Close, or when the
// consumer fell too far behind (see Dropped).
func (s *Subscription) C() <-chan *Message { return s.c }

// Dropped reports whether the hub closed C because the consumer was too slow.
func (s *Subscription) Dropped() bool {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.dropped
}

// Close unregisters the consumer. It is safe to call more than once.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.remove(s)
}

type wireStatus struct {
	Type string `json:"type"`
	heartrate.Status
}

type wireBeat struct {
	Type string `json:"type"`
	heartrate.Beat
	Stats wireStats `json:"stats"`
}

type wireStats struct {
	Min     int     `json:"min"`
	Max     int     `json:"max"`
	Average float64 `json:"average"`
	Count   int     `json:"count"`
}

func statusMessage(s heartrate.Status) *Message {
	return &Message{Kind: KindStatus, Status: s, JSON: mustJSON(wireStatus{Type: "status", Status: s})}
}

func beatMessage(b heartrate.Beat, st heartrate.Stats) *Message {
	ws := wireStats{Min: st.Min, Max: st.Max, Average: roundTenth(st.Average), Count: st.Count}
	return &Message{Kind: KindBeat, Beat: b, Stats: st, JSON: mustJSON(wireBeat{Type: "heart_rate", Beat: b, Stats: ws})}
}

func roundTenth(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// mustJSON encodes types defined in this file, which cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("hub: encoding a wire message: " + err.Error())
	}
	return b
}
