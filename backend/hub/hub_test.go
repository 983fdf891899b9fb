package hub

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// take returns what waits in s's mailbox, waiting up to 2 s for something.
func take(t *testing.T, s *Subscription) []*Message {
	t.Helper()
	select {
	case <-s.Ready():
	case <-time.After(2 * time.Second):
		t.Fatal("nothing within 2s")
	}
	msgs, open := s.Take()
	if !open {
		t.Fatal("subscription closed unexpectedly")
	}
	return msgs
}

// waiting reports whether anything waits in s's mailbox now.
func waiting(s *Subscription) bool {
	select {
	case <-s.Ready():
		msgs, _ := s.Take()
		return len(msgs) > 0
	default:
		return false
	}
}

func TestNewSubscriberGetsStatusHistoryThenLastBeat(t *testing.T) {
	h := New()
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	h.PublishBeat(heartrate.Beat{BPM: 70, MeasuredAt: 1})
	h.PublishBeat(heartrate.Beat{BPM: 72, MeasuredAt: 1625310655000})

	s := h.Subscribe()
	defer s.Close()
	replay := take(t, s)
	if len(replay) != 3 {
		t.Fatalf("replayed %d messages, want status, history and the last beat", len(replay))
	}
	if m := replay[0]; m.Topic != TopicStatus || m.Status.State != heartrate.StateLive {
		t.Fatalf("first replayed message = %+v, want status live", m)
	}
	if m := replay[1]; m.Topic != TopicRecent || len(m.Recent) != 1 || m.Recent[0].BPM != 70 ||
		string(m.JSON) != `{"type":"history","beats":[{"bpm":70,"measured_at":1,"arrived_at":`+itoa(m.Recent[0].ArrivedAt)+`}]}` {
		t.Fatalf("second replayed message = %+v (%s), want the history before the last beat", m, m.JSON)
	}
	m := replay[2]
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
	if waiting(s) {
		t.Error("replay sent more than status, history and last beat")
	}
}

func TestResetStartsANewStreamForEveryone(t *testing.T) {
	h := New()
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	h.PublishBeat(heartrate.Beat{BPM: 150})
	h.PublishBeat(heartrate.Beat{BPM: 160})
	s := h.Subscribe()
	defer s.Close()
	take(t, s)
	h.PublishBeat(heartrate.Beat{BPM: 170}) // not yet taken when the source changes

	h.Reset()
	msgs := take(t, s)
	if len(msgs) != 1 || msgs[0].Topic != TopicRecent || string(msgs[0].JSON) != `{"type":"history","beats":[]}` {
		t.Fatalf("after Reset the subscriber got %+v, want only an empty history (start over)", msgs)
	}
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	h.PublishBeat(heartrate.Beat{BPM: 60})
	snap := h.Snapshot()
	if snap.Stats.Count != 1 || snap.Stats.Max != 60 || len(h.Recent()) != 1 {
		t.Errorf("the new stream mixes in the old one: %+v, history %v", snap.Stats, h.Recent())
	}
	late := h.Subscribe()
	defer late.Close()
	for _, m := range take(t, late) {
		if m.Topic == TopicBeat && m.Beat.BPM != 60 {
			t.Errorf("a new subscriber got the old stream's beat %d", m.Beat.BPM)
		}
	}
}

func TestContinueTakesUpAStreamRecordedBeforeARestart(t *testing.T) {
	h := New()
	s := h.Subscribe()
	defer s.Close()
	take(t, s)
	now := time.Now().UnixMilli()
	earlier := []heartrate.Arrival{
		{BPM: 150, ArrivedAt: now - 45*60_000}, // beyond the recent window: in the stats only
		{BPM: 90, ArrivedAt: now - 3*60_000},
		{BPM: 100, ArrivedAt: now - 2*60_000},
	}
	h.Continue(earlier)
	msgs := take(t, s)
	if len(msgs) != 1 || msgs[0].Topic != TopicRecent || len(msgs[0].Recent) != 2 || msgs[0].Recent[0].BPM != 90 {
		t.Fatalf("a client got %+v, want the recent beats of the continued stream", msgs)
	}
	h.PublishBeat(heartrate.Beat{BPM: 110})
	st := h.Snapshot().Stats
	if st.Count != 4 || st.Max != 150 || st.Min != 90 || st.StartedAt != earlier[0].ArrivedAt {
		t.Errorf("stats %+v: want the whole stream's, from its first beat", st)
	}
	if r := h.Recent(); len(r) != 3 || r[2].BPM != 110 {
		t.Errorf("recent %+v", r)
	}
}

func TestFreshHubReplaysOnlyStatus(t *testing.T) {
	s := New().Subscribe()
	defer s.Close()
	if msgs := take(t, s); len(msgs) != 1 || msgs[0].Status.State != heartrate.StateConnecting {
		t.Fatalf("got %+v, want only status connecting", msgs)
	}
}

func TestAReaderThatKeepsUpGetsEveryBeatInOrder(t *testing.T) {
	h := New()
	subs := make([]*Subscription, 16)
	for i := range subs {
		subs[i] = h.Subscribe()
		take(t, subs[i]) // the replayed status
	}
	for bpm := 60; bpm < 60+32; bpm++ {
		h.PublishBeat(heartrate.Beat{BPM: bpm, MeasuredAt: int64(bpm)})
		for i, s := range subs {
			if msgs := take(t, s); len(msgs) != 1 || msgs[0].Beat.BPM != bpm {
				t.Fatalf("subscriber %d got %+v, want beat %d", i, msgs, bpm)
			}
		}
	}
	for _, s := range subs {
		s.Close()
	}
}

// Issue #14: a burst beside stuck readers used to cut off a reader that
// kept up. Now nobody is cut off; a reader that falls behind gets the
// newest status and beat, never a backlog.
func TestTheLatestValueWinsForAReaderThatFallsBehind(t *testing.T) {
	h := New()
	stuck := make([]*Subscription, 5)
	for i := range stuck {
		stuck[i] = h.Subscribe() // never read
	}
	slow := h.Subscribe()
	take(t, slow)
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive})
	for i := range 1000 { // a second of a source a thousand times faster than a strap
		h.PublishBeat(heartrate.Beat{BPM: 60 + i%100, MeasuredAt: int64(i)})
	}
	msgs := take(t, slow)
	if len(msgs) != 2 || msgs[0].Topic != TopicStatus || msgs[1].Beat.MeasuredAt != 999 {
		t.Fatalf("a slow reader got %d messages (%+v), want the newest status then the newest beat", len(msgs), msgs)
	}
	if h.Subscribers() != 6 {
		t.Errorf("%d subscribers left, want all 6: nobody is cut off", h.Subscribers())
	}
	for _, s := range stuck {
		msgs, _ := s.Take()
		if len(msgs) != 2 {
			t.Errorf("a stuck subscriber holds %d messages, want 2 (status and the newest beat)", len(msgs))
		}
		s.Close()
	}
	slow.Close()
}

func TestCloseTwiceIsSafeAndUnregisters(t *testing.T) {
	h := New()
	s := h.Subscribe()
	s.Close()
	s.Close()
	if h.Subscribers() != 0 {
		t.Fatalf("subscribers = %d after Close, want 0", h.Subscribers())
	}
	h.PublishBeat(heartrate.Beat{BPM: 90}) // must not panic on a closed channel
	if _, open := s.Take(); open {
		t.Error("a closed subscription says it is open")
	}
	for range 2 { // a token may wait from before the Close; then it is closed
		select {
		case _, ok := <-s.Ready():
			if !ok {
				return
			}
		default:
			t.Fatal("Ready of a closed subscription blocks: a consumer would hang")
		}
	}
	t.Error("Ready of a closed subscription never reports it closed")
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

func TestRecentKeepsThirtyMinutesAndABoundedCount(t *testing.T) {
	h := New()
	clock := time.UnixMilli(1_800_000_000_000)
	h.now = func() time.Time { return clock }
	for range 40 * 60 { // forty minutes at one beat a second
		h.PublishBeat(heartrate.Beat{BPM: 80})
		clock = clock.Add(time.Second)
	}
	hist := h.Recent()
	if n := len(hist); n < 30*60-1 || n > 30*60+1 {
		t.Errorf("%d beats in the history, want 30 minutes' worth", n)
	}
	if oldest := clock.Sub(time.UnixMilli(hist[0].ArrivedAt)); oldest > RecentWindow+time.Second {
		t.Errorf("the oldest beat is %v old, want at most 30 minutes", oldest)
	}
	for range 3 * recentCap { // a source far faster than any strap
		h.PublishBeat(heartrate.Beat{BPM: 90})
		clock = clock.Add(time.Millisecond)
	}
	if n := len(h.Recent()); n != recentCap {
		t.Errorf("%d beats kept from a flood, want the cap %d", n, recentCap)
	}
	if c := cap(h.beats); c > 3*recentCap {
		t.Errorf("the history's array grew to %d, want it reused", c)
	}
}
