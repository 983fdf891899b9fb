// Package alert watches the heart rate against a high and a low threshold
// the streamer chose. A crossing is an alert; going back is "normal" only
// once the rate is Hysteresis BPM inside the line again, so a rate that
// hovers at the line does not flap between the two.
package alert

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/problem"
)

// Hysteresis is how far back inside a threshold the heart rate must come
// before an alert ends.
const Hysteresis = 5

// Level is where the heart rate is. The values are a contract with /ws
// clients (bots, overlays): keep them exactly.
type Level string

const (
	Normal Level = "normal"
	High   Level = "high"
	Low    Level = "low"
)

// Alert is a crossing: the level now, the heart rate that crossed and the
// threshold it crossed (for Normal, the one it came back from).
type Alert struct {
	Level     Level `json:"level"`
	BPM       int   `json:"bpm"`
	Threshold int   `json:"threshold"`
	// ID names one alert, from its start to its end: the "normal" that
	// ends it carries it too, and so does the alert under way that a /ws
	// client is given when it connects, so a bot that reconnects can tell
	// a replay from a new alert. Empty while nothing has happened.
	ID string `json:"id,omitempty"`
	// Since is when that alert began, RFC 3339 in UTC with milliseconds.
	Since string `json:"since,omitempty"`
}

// sinceLayout is RFC 3339 with milliseconds, always in UTC.
const sinceLayout = "2006-01-02T15:04:05.000Z07:00"

// Thresholds are the lines; 0 turns one off.
type Thresholds struct {
	High int `json:"high"`
	Low  int `json:"low"`
}

// Bounds of a threshold a person could mean.
const (
	MinThreshold = 30
	MaxThreshold = 250
)

// Check says why t cannot be used, or nil; the codes name the fields.
func (t Thresholds) Check() error {
	var bad problem.List
	for _, f := range []struct {
		code, what string
		v          int
	}{{"alert_high", "high", t.High}, {"alert_low", "low", t.Low}} {
		if f.v != 0 && (f.v < MinThreshold || f.v > MaxThreshold) {
			bad = append(bad, problem.New(f.code, fmt.Sprintf("The %s alert must be between %d and %d BPM (or off), not %d.",
				f.what, MinThreshold, MaxThreshold, f.v)))
		}
	}
	if len(bad) == 0 && t.High != 0 && t.Low != 0 && t.Low >= t.High {
		bad = append(bad, problem.New("alert_low", fmt.Sprintf("The low alert (%d BPM) must be below the high one (%d BPM).", t.Low, t.High)))
	}
	return bad.Err()
}

// Watch follows the heart rate. The zero value watches nothing.
type Watch struct {
	// Clock stamps Since (nil: time.Now).
	Clock func() time.Time

	mu    sync.Mutex
	th    Thresholds
	now   Alert // the level and what made it so
	armed bool  // a beat has been seen since the last reset
}

// Set changes the thresholds; an alert whose threshold is gone or no
// longer crossed ends at once (changed is then true).
func (w *Watch) Set(th Thresholds) (Alert, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.th = th
	if !w.armed {
		return w.now, false
	}
	return w.judge(w.now.BPM)
}

// Beat judges one heart rate and reports whether the level changed.
func (w *Watch) Beat(bpm int) (Alert, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.armed = true
	return w.judge(bpm)
}

// Reset forgets the level (a new stream); an alert under way ends.
func (w *Watch) Reset() (Alert, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	was := w.now
	w.now, w.armed = Alert{Level: Normal}, false
	if was.Level == High || was.Level == Low {
		return Alert{Level: Normal, BPM: was.BPM, Threshold: was.Threshold, ID: was.ID, Since: was.Since}, true
	}
	return w.now, false
}

// Current is the level now.
func (w *Watch) Current() Alert {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.now.Level == "" {
		return Alert{Level: Normal}
	}
	return w.now
}

// judge moves the level for bpm. w.mu is held.
func (w *Watch) judge(bpm int) (Alert, bool) {
	was := w.now.Level
	if was == "" {
		was = Normal
	}
	next, threshold := was, w.now.Threshold
	high, low := w.th.High, w.th.Low
	switch {
	case high != 0 && bpm >= high:
		next, threshold = High, high
	case low != 0 && bpm <= low:
		next, threshold = Low, low
	case was == High && (high == 0 || bpm <= high-Hysteresis):
		next = Normal
	case was == Low && (low == 0 || bpm >= low+Hysteresis):
		next = Normal
	}
	id, since := w.now.ID, w.now.Since // an alert's end is still that alert
	if next != was && next != Normal {
		id, since = newID(), w.clock().UTC().Format(sinceLayout)
	}
	w.now = Alert{Level: next, BPM: bpm, Threshold: threshold, ID: id, Since: since}
	return w.now, next != was
}

func (w *Watch) clock() time.Time {
	if w.Clock != nil {
		return w.Clock()
	}
	return time.Now()
}

// newID is a short random name, unique across restarts.
func newID() string {
	var b [6]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}
