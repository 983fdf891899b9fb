// Package hub fans the latest heart-rate status and beats out to any number
// of consumers (the desktop UI bridge, every overlay connection). Each
// message is encoded once; publishing never waits for a consumer. The
// latest value wins: a consumer holds at most the newest message of each
// topic it has not taken yet, so one that falls behind skips to the
// present rather than working through a backlog or being cut off — beats
// are heart rates, not a log. A new subscriber first receives the current
// status, the recent beats and the last beat, so a freshly opened
// overlay never starts blank and its chart is full at once.
package hub

import (
	"cmp"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
)

// RecentWindow is how far back the recent beats a new subscriber receives
// reach, and recentCap bounds them in beats (30 minutes at four readings a second),
// whatever a source sends.
const (
	RecentWindow = 30 * time.Minute
	recentCap    = 7200
)

// Topic says what a message is about. A subscriber holds at most one
// message of each, and takes them in this order: the status before a beat,
// so a consumer never draws a fresh beat under an old "no signal"; the
// recent beats before the last; the alert after the beat, as it is
// published after the beat that crossed, so every client, fast or slow,
// sees heart_rate then alert for one beat.
type Topic uint8

const (
	TopicStatus Topic = iota
	TopicRecent
	TopicBeat
	TopicAlert
	topics // how many there are
)

// Message is one event as every consumer sees it. Subscribers share one
// *Message per event, so it must never be modified after it is published;
// JSON is the wire form sent to overlay clients.
type Message struct {
	Topic  Topic
	Status heartrate.Status // set for TopicStatus
	Alert  alert.Alert      // set for TopicAlert
	Beat   heartrate.Beat   // set for TopicBeat
	Stats  heartrate.Stats  // the statistics of the stream so far, this beat included (TopicBeat)
	// Recent is the recent beats before the last one (TopicRecent).
	Recent []heartrate.Arrival
	JSON   []byte
}

// Hub is safe for concurrent use. The zero value is not usable; call New.
type Hub struct {
	now func() time.Time

	mu        sync.Mutex
	subs      map[*Subscription]struct{}
	status    *Message
	alert     *Message // the alert under way, nil when the level is normal
	lastBeat  *Message
	beatAt    int64 // when lastBeat arrived, Unix ms
	stats     heartrate.Stats
	beats     []heartrate.Arrival // oldest first from beatsFrom; the last is lastBeat
	beatsFrom int                 // beats[:beatsFrom] is expired, awaiting compaction
	replay    *Message            // the encoded recent beats, until the next beat
}

// New returns a hub whose initial status is "connecting".
func New() *Hub {
	h := &Hub{now: time.Now, subs: map[*Subscription]struct{}{}}
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

// PublishAlert sends a crossing of an alert threshold to everyone; an
// alert under way is also sent to each new subscriber, like the status.
func (h *Hub) PublishAlert(a alert.Alert) {
	msg := &Message{Topic: TopicAlert, Alert: a, JSON: mustJSON(wireAlert{Type: "alert", Alert: a})}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.alert = msg
	if a.Level == alert.Normal {
		h.alert = nil
	}
	h.broadcast(msg)
}

// Alert is the alert under way, or nil.
func (h *Hub) Alert() *alert.Alert {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.alert == nil {
		return nil
	}
	a := h.alert.Alert
	return &a
}

// PublishBeat records b as the last beat, adds it to the stream
// statistics and sends it to everyone. Callers publish only valid beats.
func (h *Hub) PublishBeat(b heartrate.Beat) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.beatAt = h.now().UnixMilli()
	h.stats.Add(b.BPM, h.beatAt)
	h.remember(heartrate.Arrival{BPM: b.BPM, MeasuredAt: b.MeasuredAt, ArrivedAt: h.beatAt})
	msg := beatMessage(b, h.stats)
	h.lastBeat = msg
	h.broadcast(msg)
}

// Reset starts a new stream: the statistics, the recent beats and the last
// beat are forgotten (the status stays), and everyone receives an empty
// history, which tells a client to start over. The service calls it when
// the source changes, so demo and Pulsoid beats never mix.
func (h *Hub) Reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stats = heartrate.Stats{}
	h.beats, h.beatsFrom, h.replay = h.beats[:0], 0, nil
	h.lastBeat, h.beatAt = nil, 0
	empty := &Message{Topic: TopicRecent, Recent: []heartrate.Arrival{},
		JSON: mustJSON(wireRecent{Type: wireRecentType, Beats: []heartrate.Arrival{}})}
	for s := range h.subs {
		s.forget(TopicBeat) // a beat of the old stream, not yet taken
		s.put(empty)
	}
}

// Continue takes up a stream recorded before Beatcast started again, whose
// file the recorder continues: its statistics and recent beats (oldest
// first), so the dashboard's Session and every chart go on where they
// were. Everyone receives the recent beats in place of what they had. The
// service calls it just before the beat that continues the stream.
func (h *Hub) Continue(beats []heartrate.Arrival) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stats = heartrate.Stats{}
	h.beats, h.beatsFrom, h.replay = h.beats[:0], 0, nil
	h.lastBeat, h.beatAt = nil, 0
	for _, a := range beats {
		h.stats.Add(a.BPM, a.ArrivedAt)
		h.remember(a)
	}
	recent := slices.Clone(h.recent())
	msg := &Message{Topic: TopicRecent, Recent: recent, JSON: mustJSON(wireRecent{Type: wireRecentType, Beats: recent})}
	for s := range h.subs {
		s.forget(TopicBeat)
		s.put(msg)
	}
}

// remember adds a to the recent beats, expiring what is older than the window
// or beyond the cap. Expired beats are dropped from the front in bulk once
// they are half the slice, so each beat costs O(1) on average and the
// array is reused, never regrown. h.mu is held.
func (h *Hub) remember(a heartrate.Arrival) {
	h.replay = nil
	h.beats = append(h.beats, a)
	from := a.ArrivedAt - RecentWindow.Milliseconds()
	for h.beatsFrom < len(h.beats) && (h.beats[h.beatsFrom].ArrivedAt < from || len(h.beats)-h.beatsFrom > recentCap) {
		h.beatsFrom++
	}
	if h.beatsFrom > len(h.beats)/2 {
		h.beats = h.beats[:copy(h.beats, h.beats[h.beatsFrom:])]
		h.beatsFrom = 0
	}
}

// recent is the live beats from the window's start on. h.mu is held.
func (h *Hub) recent() []heartrate.Arrival {
	from := h.now().Add(-RecentWindow).UnixMilli()
	live := h.beats[h.beatsFrom:]
	i, _ := slices.BinarySearchFunc(live, from, func(a heartrate.Arrival, t int64) int { return cmp.Compare(a.ArrivedAt, t) })
	return live[i:]
}

// recentMessage is the beats before the last beat within the window
// (none after the first beat), or nil before any beat. It is encoded once per beat at most. h.mu is held.
func (h *Hub) recentMessage() *Message {
	if h.replay != nil {
		return h.replay
	}
	recent := h.recent()
	if len(recent) == 0 {
		return nil // no beat yet
	}
	recent = slices.Clone(recent[:len(recent)-1])
	h.replay = &Message{Topic: TopicRecent, Recent: recent,
		JSON: mustJSON(wireRecent{Type: wireRecentType, Beats: recent})}
	return h.replay
}

// Recent returns the recent beats, oldest first, the last beat included.
func (h *Hub) Recent() []heartrate.Arrival {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.recent())
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

// Subscribe registers a consumer. Its first messages are the current
// status, then, once there is a beat, the recent beats before it (perhaps
// none) and the last beat, and the alert under way if there is one.
func (h *Hub) Subscribe() *Subscription {
	s := &Subscription{hub: h, ready: make(chan struct{}, 1)}
	h.mu.Lock()
	defer h.mu.Unlock()
	s.put(h.status)
	if h.alert != nil {
		s.put(h.alert)
	}
	if hist := h.recentMessage(); hist != nil {
		s.put(hist)
	}
	if h.lastBeat != nil {
		s.put(h.lastBeat)
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
// view in publish order.
func (h *Hub) broadcast(msg *Message) {
	for s := range h.subs {
		s.put(msg)
	}
}

// Subscription is one consumer's mailbox of the newest message of each
// topic it has not taken yet.
type Subscription struct {
	hub   *Hub
	ready chan struct{} // holds a token while messages wait; closed by Close

	mu      sync.Mutex
	pending [topics]*Message
	closed  bool
}

// put replaces the waiting message of msg's topic and wakes the consumer.
func (s *Subscription) put(msg *Message) {
	s.mu.Lock()
	defer s.mu.Unlock() // held across the send: Close closes ready under it
	if s.closed {
		return
	}
	s.pending[msg.Topic] = msg
	select {
	case s.ready <- struct{}{}:
	default: // already woken
	}
}

// forget drops the waiting message of topic, if any.
func (s *Subscription) forget(topic Topic) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[topic] = nil
}

// Ready receives when messages wait; it is closed when the subscription
// is. Select on it, then Take.
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Take returns the waiting messages, status first, and empties the
// mailbox; open is false once the subscription is closed.
func (s *Subscription) Take() (msgs []*Message, open bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, m := range s.pending {
		if m != nil {
			msgs = append(msgs, m)
			s.pending[i] = nil
		}
	}
	return msgs, !s.closed
}

// Close unregisters the consumer. It is safe to call more than once.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ready)
	}
}

type wireStatus struct {
	Type string `json:"type"`
	heartrate.Status
}

type wireAlert struct {
	Type string `json:"type"`
	alert.Alert
}

type wireBeat struct {
	Type string `json:"type"`
	heartrate.Beat
	Stats wireStats `json:"stats"`
}

// wireRecentType names the recent beats on /ws: "history" is what overlay
// clients and bots read (README), so the wire keeps it.
const wireRecentType = "history"

type wireRecent struct {
	Type  string              `json:"type"`
	Beats []heartrate.Arrival `json:"beats"`
}

type wireStats struct {
	Min     int     `json:"min"`
	Max     int     `json:"max"`
	Average float64 `json:"average"`
	Count   int     `json:"count"`
}

func statusMessage(s heartrate.Status) *Message {
	return &Message{Topic: TopicStatus, Status: s, JSON: mustJSON(wireStatus{Type: "status", Status: s})}
}

func beatMessage(b heartrate.Beat, st heartrate.Stats) *Message {
	ws := wireStats{Min: st.Min, Max: st.Max, Average: roundTenth(st.Average), Count: st.Count}
	return &Message{Topic: TopicBeat, Beat: b, Stats: st, JSON: mustJSON(wireBeat{Type: "heart_rate", Beat: b, Stats: ws})}
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
