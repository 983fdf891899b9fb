package hub

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

func recv(t *testing.T, s *Subscription) *Message {
	t.Helper()
	select {
	case m, ok := <-s.C():
		if !ok {
			t.Fatal("subscription closed unexpectedly")
		}
		return m
	case <-time.After(2 * time.Second):
		t.Fatal("no message within 2s")
	}
	panic("unreachable")
}

func TestNewSubscriberGetsStatusHistoryThenLastBeat(t *testing.T) {
	h := New()
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	h.PublishBeat(heartrate.Beat{BPM: 70, MeasuredAt: 1})
	h.PublishBeat(heartrate.Beat{BPM: 72, MeasuredAt: 1625310655000})

	s := h.Subscribe()
	defer s.Close()
	if m := recv(t, s); m.Topic != TopicStatus || m.Status.State != heartrate.StateLive {
		t.Fatalf("first replayed message = %+v, want status live", m)
	}
	if m := recv(t, s); m.Topic != TopicHistory || len(m.History) != 1 || m.History[0].BPM != 70 ||
		string(m.JSON) != `{"type":"history","beats":[{"bpm":70,"measured_at":1,"arrived_at":`+itoa(m.History[0].ArrivedAt)+`}]}` {
		t.Fatalf("second replayed message = %+v (%s), want the history before the last beat", m, m.JSON)
	}
	m := recv(t, s)
	if m.Topic != TopicBeat || m.Beat.BPM != 72 {
		t.Fatalf("third replayed message = %+v, want the last beat (72)", m)
	}
	var wire map[string]any
	if err := json.Unmarshal(m.JSON, &wire); err != nil {
		t.Fatal(err)
	}
	if wire["type"] != "heart_rate" || wire["bpm"] != 72.0 || wire["measured_at"] != 1625310655000.0 {
		t.Errorf("wire form = %s, want type heart_rate, bpm 72, measured_at 1625310655000", m.JSON)
	}
	select {
	case extra := <-s.C():
		t.Errorf("replay sent more than status, history and last beat: %+v", extra)
	default:
	}
}

func TestFreshHubReplaysOnlyStatus(t *testing.T) {
	s := New().Subscribe()
	defer s.Close()
	if m := recv(t, s); m.Status.State != heartrate.StateConnecting {
		t.Fatalf("got %+v, want status connecting", m)
	}
	select {
	case m := <-s.C():
		t.Fatalf("a hub without beats replayed %+v", m)
	default:
	}
}

func TestEverySubscriberGetsEveryMessageInOrder(t *testing.T) {
	h := New()
	subs := make([]*Subscription, 16)
	for i := range subs {
		subs[i] = h.Subscribe()
		recv(t, subs[i]) // the replayed status
	}
	for bpm := 60; bpm < 60+32; bpm++ {
		h.PublishBeat(heartrate.Beat{BPM: bpm, MeasuredAt: int64(bpm)})
	}
	for i, s := range subs {
		for bpm := 60; bpm < 60+32; bpm++ {
			if m := recv(t, s); m.Beat.BPM != bpm {
				t.Fatalf("subscriber %d got %d, want %d", i, m.Beat.BPM, bpm)
			}
		}
		s.Close()
	}
}

func TestStuckSubscriberIsDroppedWithoutDelayingOthers(t *testing.T) {
	h := New()
	stuck := h.Subscribe() // never reads
	reader := h.Subscribe()
	recv(t, reader) // the replayed status

	// Each beat is published only after the reader has taken the previous
	// one, so any delay comes from the stuck subscriber, not the reader.
	const beats = 3 * DefaultBuffer
	deadline := time.After(2 * time.Second)
	for i := 0; i < beats; i++ {
		h.PublishBeat(heartrate.Beat{BPM: 80, MeasuredAt: int64(i)})
		select {
		case m := <-reader.C():
			if m.Beat.MeasuredAt != int64(i) {
				t.Fatalf("reader got beat %d, want %d", m.Beat.MeasuredAt, i)
			}
		case <-deadline:
			t.Fatalf("reader got only %d of %d beats in 2s: a stuck subscriber delayed it", i, beats)
		}
	}
	if !stuck.Dropped() {
		t.Error("the stuck subscriber was not dropped")
	}
	// Its channel holds what fitted in the buffer, then is closed.
	n := 0
	for range stuck.C() {
		n++
	}
	if n != DefaultBuffer {
		t.Errorf("stuck subscriber buffered %d messages, want %d", n, DefaultBuffer)
	}
	if h.Subscribers() != 1 {
		t.Errorf("hub has %d subscribers, want 1", h.Subscribers())
	}
	reader.Close()
}

func TestCloseTwiceIsSafeAndUnregisters(t *testing.T) {
	h := New()
	s := h.Subscribe()
	s.Close()
	s.Close()
	if h.Subscribers() != 0 {
		t.Fatalf("subscribers = %d after Close, want 0", h.Subscribers())
	}
	if s.Dropped() {
		t.Error("a closed subscription reports being dropped for slowness")
	}
	h.PublishBeat(heartrate.Beat{BPM: 90}) // must not panic on a closed channel
}

func TestSnapshotHasStatusLastBeatAndStats(t *testing.T) {
	h := New()
	now := time.UnixMilli(5000)
	h.now = func() time.Time { return now }
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive})
	for _, bpm := range []int{60, 90, 75} {
		h.PublishBeat(heartrate.Beat{BPM: bpm, MeasuredAt: 42})
	}
	snap := h.Snapshot()
	if snap.Status.State != heartrate.StateLive || snap.Beat == nil || snap.Beat.BPM != 75 {
		t.Fatalf("snapshot = %+v, want live with last beat 75", snap)
	}
	if snap.Status.LastBeatAt != 5000 {
		t.Errorf("LastBeatAt = %d, want the arrival time 5000", snap.Status.LastBeatAt)
	}
	if st := snap.Stats; st.Min != 60 || st.Max != 90 || st.Average != 75 || st.Count != 3 {
		t.Errorf("stats = %+v, want min 60 max 90 avg 75 count 3", st)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestHistoryKeepsThirtyMinutesAndABoundedCount(t *testing.T) {
	h := New()
	clock := time.UnixMilli(1_800_000_000_000)
	h.now = func() time.Time { return clock }
	for range 40 * 60 { // forty minutes at one beat a second
		h.PublishBeat(heartrate.Beat{BPM: 80})
		clock = clock.Add(time.Second)
	}
	hist := h.History()
	if n := len(hist); n < 30*60-1 || n > 30*60+1 {
		t.Errorf("%d beats in the history, want 30 minutes' worth", n)
	}
	if oldest := clock.Sub(time.UnixMilli(hist[0].ArrivedAt)); oldest > HistoryWindow+time.Second {
		t.Errorf("the oldest beat is %v old, want at most 30 minutes", oldest)
	}
	for range 3 * historyCap { // a source far faster than any strap
		h.PublishBeat(heartrate.Beat{BPM: 90})
		clock = clock.Add(time.Millisecond)
	}
	if n := len(h.History()); n != historyCap {
		t.Errorf("%d beats kept from a flood, want the cap %d", n, historyCap)
	}
	if c := cap(h.history); c > 3*historyCap {
		t.Errorf("the history's array grew to %d, want it reused", c)
	}
}
