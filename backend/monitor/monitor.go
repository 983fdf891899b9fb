// Package monitor supervises a heart-rate source and publishes the truth
// about it: it combines the source's connection reports with the signal
// (are valid beats arriving?) into the one status people see, drops
// readings that are not a heart rate, and declares "no signal" when beats
// stop even though the connection looks fine.
package monitor

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// DefaultSignalTimeout is how long without a valid beat before the status
// becomes no_signal. Most heart-rate tools use 10 s; straps send every
// second, watches about every five.
const DefaultSignalTimeout = 10 * time.Second

// NoSignalAdvice is what to check when no beat arrives from Pulsoid: the
// end of the no-signal status's message, and the window's advice beside
// its count; NoSignalAdviceBLE is the same for a strap read directly.
const (
	NoSignalAdvice    = "Is the strap on and the Pulsoid app sending?"
	NoSignalAdviceBLE = "Is the strap on, touching your skin and near this computer?"
)

// Publisher receives the monitor's output; *hub.Hub implements it.
type Publisher interface {
	PublishStatus(heartrate.Status)
	PublishBeat(heartrate.Beat)
}

// Monitor is created with New and used for one or more Runs, one at a time.
type Monitor struct {
	pub Publisher
	log *slog.Logger
	now func() time.Time

	dropped atomic.Int64

	mu         sync.Mutex
	timeout    time.Duration
	running    heartrate.SourceName // the source Run is running, or ""
	source     heartrate.SourceName
	link       heartrate.Link
	upAt       time.Time // when the link last came up
	lastBeatAt time.Time
	shown      heartrate.Status
	signal     *time.Timer
}

// New returns a monitor publishing to pub. A timeout of zero means
// DefaultSignalTimeout.
func New(pub Publisher, log *slog.Logger, timeout time.Duration) *Monitor {
	if timeout <= 0 {
		timeout = DefaultSignalTimeout
	}
	return &Monitor{pub: pub, log: log, timeout: timeout, now: time.Now}
}

// SetTimeout changes the no-signal timeout from now on (zero: the default).
func (m *Monitor) SetTimeout(d time.Duration) {
	if d <= 0 {
		d = DefaultSignalTimeout
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.timeout = d
	m.publishLocked()
}

// Dropped reports how many readings were discarded as not a heart rate.
func (m *Monitor) Dropped() int64 { return m.dropped.Load() }

// Run runs src until ctx is cancelled or src gives up, and returns src's
// error. The status stays as the source last left it.
func (m *Monitor) Run(ctx context.Context, src heartrate.Source) error {
	m.mu.Lock()
	m.running, m.source = src.Name(), src.Name()
	m.link = heartrate.Link{State: heartrate.LinkConnecting}
	m.lastBeatAt, m.upAt = time.Time{}, time.Time{}
	m.publishLocked()
	m.mu.Unlock()

	err := src.Run(ctx, sink{m})

	m.mu.Lock()
	m.running = ""
	if m.signal != nil {
		m.signal.Stop()
	}
	m.mu.Unlock()
	return err
}

// Report publishes a link state on behalf of something that is not a
// running source, such as the sign-in flow before any source exists. While
// another source runs, its status stands and the report is dropped:
// signing in from the demo must not label the demo's beats as Pulsoid's.
func (m *Monitor) Report(source heartrate.SourceName, l heartrate.Link) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running != "" && m.running != source {
		m.log.Debug("not shown while another source runs", "source", source, "running", m.running, "link", l.State)
		return
	}
	m.source = source
	m.link = l
	m.publishLocked()
}

// sink is the face the monitor shows to a running source.
type sink struct{ m *Monitor }

func (s sink) Beat(b heartrate.Beat) { s.m.beat(b) }

func (s sink) Link(l heartrate.Link) {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	if l.State == heartrate.LinkUp && s.m.link.State != heartrate.LinkUp {
		s.m.upAt = s.m.now()
	}
	s.m.link = l
	s.m.publishLocked()
}

func (m *Monitor) beat(b heartrate.Beat) {
	if !b.Valid() {
		n := m.dropped.Add(1)
		m.log.Debug("dropped a reading that is not a heart rate", "bpm", b.BPM, "dropped_total", n)
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lastBeatAt = m.now()
	// A beat proves the link works, whatever was reported before.
	if m.link.State != heartrate.LinkUp {
		m.link, m.upAt = heartrate.Link{State: heartrate.LinkUp, Device: m.link.Device}, m.lastBeatAt
	}
	// Status first, so a consumer never draws a fresh beat as "no signal".
	m.publishLocked()
	m.pub.PublishBeat(b)
}

// publishLocked derives the visible status and publishes it if it changed.
// It also (re)arms the no-signal timer while the link is up. m.mu is held.
func (m *Monitor) publishLocked() {
	next := m.derive()
	if m.link.State == heartrate.LinkUp && next.State != heartrate.StateNoSignal {
		wait := m.timeout - m.now().Sub(m.waitingSince())
		// One timer, re-armed on every beat: this is the hot path. A fire
		// that races a Reset only re-derives the same status.
		if m.signal == nil {
			m.signal = time.AfterFunc(max(wait, 0), m.checkSignal)
		} else {
			m.signal.Reset(max(wait, 0))
		}
	} else if m.signal != nil {
		m.signal.Stop()
	}
	if sameStatus(next, m.shown) {
		return
	}
	next.Since = m.now().UnixMilli()
	m.shown = next
	m.pub.PublishStatus(next)
	attrs := []any{"state", next.State}
	if next.Reason != "" {
		attrs = append(attrs, "reason", next.Reason)
	}
	if next.Attempt != 0 {
		attrs = append(attrs, "attempt", next.Attempt)
	}
	if next.Message != "" { // headless, stderr is all a streamer reads
		attrs = append(attrs, "message", next.Message)
	}
	m.log.Info("status", attrs...)
}

func (m *Monitor) checkSignal() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.publishLocked()
}

// derive maps the link and the signal to the status shown. m.mu is held.
func (m *Monitor) derive() heartrate.Status {
	st := heartrate.Status{Source: m.source, Reason: m.link.Reason, Message: m.link.Message, Device: m.link.Device}
	if !m.lastBeatAt.IsZero() {
		st.LastBeatAt = m.lastBeatAt.UnixMilli()
	}
	switch m.link.State {
	case heartrate.LinkSignedOut:
		st.State = heartrate.StateSignedOut
	case heartrate.LinkSigningIn:
		st.State = heartrate.StateSigningIn
	case heartrate.LinkRetrying:
		st.State = heartrate.StateReconnecting
		st.Attempt, st.RetryAt = m.link.Attempt, m.link.RetryAt
	case heartrate.LinkConnecting:
		st.State = heartrate.StateConnecting
	case heartrate.LinkNoContact:
		st.State = heartrate.StateNoSignal
	case heartrate.LinkUp:
		st.State = m.signalState(&st)
	}
	return st
}

// signalState is the state of an up link: live with a beat within the
// timeout; connecting while the link is younger than the timeout and no
// beat has come over it yet (a link back after an outage has not failed
// the strap: its first beat is on the way); else no signal. m.mu is held.
func (m *Monitor) signalState(st *heartrate.Status) heartrate.State {
	now := m.now()
	if !m.lastBeatAt.IsZero() && now.Sub(m.lastBeatAt) < m.timeout {
		return heartrate.StateLive
	}
	if now.Sub(m.waitingSince()) < m.timeout {
		return heartrate.StateConnecting
	}
	if st.Reason == "" {
		advice := NoSignalAdvice
		if m.source == heartrate.SourceBLE {
			advice = NoSignalAdviceBLE
		}
		st.Reason = heartrate.ReasonNoSignal
		st.Message = fmt.Sprintf("Connected, but no heart rate has arrived for %d s. %s", int(m.timeout.Seconds()), advice)
	}
	return heartrate.StateNoSignal
}

// waitingSince is when the wait for the next beat began: the last beat,
// or the link coming up if that was later. m.mu is held.
func (m *Monitor) waitingSince() time.Time {
	if m.lastBeatAt.After(m.upAt) {
		return m.lastBeatAt
	}
	return m.upAt
}

func sameStatus(a, b heartrate.Status) bool {
	return a.State == b.State && a.Source == b.Source && a.Reason == b.Reason &&
		a.Message == b.Message && a.Attempt == b.Attempt && a.RetryAt == b.RetryAt && sameDevice(a.Device, b.Device)
}

func sameDevice(a, b *heartrate.Device) bool {
	switch {
	case a == nil || b == nil:
		return a == b
	case (a.Battery == nil) != (b.Battery == nil):
		return false
	case a.Battery != nil && *a.Battery != *b.Battery:
		return false
	}
	return a.Name == b.Name && a.Address == b.Address
}
