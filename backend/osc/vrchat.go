package osc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// DefaultAddr is where VRChat listens for OSC on the same computer.
const DefaultAddr = "127.0.0.1:9000"

// DefaultChatbox is the chatbox message; {bpm} becomes the heart rate.
const DefaultChatbox = "❤ {bpm}"

// chatboxGap keeps to VRChat's chatbox rate limit: it drops a message
// that comes sooner than about 2 s after the last one, and that includes
// the empty message that clears it (PulsoidToOSC waits 1.9 s).
const chatboxGap = 2 * time.Second

// beatPulse is how long isHRBeat stays true on each heartbeat, as
// HRtoVRChat_OSC sends it: an animator that beats on its rising edge
// beats at the heart's rate.
const beatPulse = 100 * time.Millisecond

const (
	parameterPath = "/avatar/parameters/"
	paramBeat     = "isHRBeat"
	chatboxPath   = "/chatbox/input"
)

// Target is where the heart rate goes and how.
type Target struct {
	// Addr is HOST:PORT; "" sends nothing.
	Addr string `json:"addr"`
	// Parameters picks whose avatar parameters go ("": both tools').
	Parameters Parameters `json:"parameters"`
	// Chatbox also types the heart rate into the VRChat chatbox, from
	// ChatboxTemplate ({bpm}; "" means DefaultChatbox).
	Chatbox         bool   `json:"chatbox"`
	ChatboxTemplate string `json:"chatbox_template"`
}

// Status is what the window shows about sending.
type Status struct {
	Addr string `json:"addr"` // "" when off
	// Sent and Failed count UDP messages since the target was set.
	Sent   int64 `json:"sent"`
	Failed int64 `json:"failed"`
	// Problem says in words why the last send failed ("" once one works).
	Problem string `json:"problem"`
}

// Sender sends the heart rate from the hub to an OSC receiver. UDP is
// fire-and-forget: a receiver that is not there never slows the stream;
// failures are counted and shown, and logged when they start and stop.
type Sender struct {
	log  *slog.Logger
	dial func(addr string) (net.Conn, error)

	// findProcess looks for VRChat where sends cannot tell (nil: no need).
	findProcess processFinder

	mu       sync.Mutex
	target   Target
	status   Status
	failedAt time.Time
	noVRChat bool // the problem shown is that VRChat is not running
	changed  chan struct{}
}

// NewSender returns a sender to t (which may be off).
func NewSender(t Target, log *slog.Logger) *Sender {
	return &Sender{target: t, log: log, changed: make(chan struct{}, 1), findProcess: defaultFindProcess,
		dial: func(addr string) (net.Conn, error) { return net.Dial("udp", addr) }}
}

// SetTarget sends elsewhere, or stops (Addr ""), from now on.
func (s *Sender) SetTarget(t Target) {
	s.mu.Lock()
	s.target = t
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

// Target is where the heart rate goes now.
func (s *Sender) Target() Target {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.target
}

// Status says how sending goes.
func (s *Sender) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// link is the open UDP "connection" to the target, owned by Follow.
type link struct {
	target  Target
	conn    net.Conn // nil when off or when the address would not resolve
	live    bool     // parameters last said live
	bpm     int
	reading readingKey // the reading last shown
	toggle  bool
	trend   trend
	chatAt  time.Time // the last chatbox message
	chatted bool      // the chatbox shows a heart rate
	// stopWatch ends watchVRChat; watched closes when it has.
	stopWatch, watched chan struct{}
}

// readingKey tells one reading from the next: the stream's count of
// readings and the source's stamp.
type readingKey struct {
	count      int
	measuredAt int64
}

// clock is Follow's timers: the heartbeat that drives isHRBeat's pulse,
// the end of the pulse, and the chatbox's delayed clear.
type clock struct{ beat, pulseEnd, clear *time.Timer }

func newClock() clock {
	stopped := func() *time.Timer { t := time.NewTimer(time.Hour); t.Stop(); return t }
	return clock{stopped(), stopped(), stopped()}
}

func (c clock) stop() { c.beat.Stop(); c.pulseEnd.Stop(); c.clear.Stop() }

// Follow sends until ctx ends, then tells the receiver the heart rate is
// gone.
func (s *Sender) Follow(ctx context.Context, h *hub.Hub) {
	follow := h.Follow()
	defer follow.Close()
	var l link
	s.open(&l)
	c := newClock()
	defer func() {
		c.stop()
		s.close(&l)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-follow.Changed():
		case <-s.changed:
			c.stop()
			s.close(&l)
			s.open(&l)
		case <-c.beat.C:
			if l.live && l.conn != nil {
				s.send(&l, paramPath(paramBeat), true)
				c.pulseEnd.Reset(beatPulse)
				c.beat.Reset(period(l.bpm))
			}
			continue
		case <-c.pulseEnd.C:
			if l.conn != nil {
				s.send(&l, paramPath(paramBeat), false)
			}
			continue
		case <-c.clear.C:
			s.clearChatbox(&l)
			continue
		}
		snap, open := follow.Snapshot()
		if !open {
			return
		}
		wasLive := l.live
		s.show(&l, snap)
		switch {
		case l.live && !wasLive:
			c.clear.Stop() // the next message replaces what the chatbox shows
			if l.target.Parameters.hrtovrchat() {
				c.beat.Reset(0) // the first heartbeat now
			}
		case !l.live && wasLive:
			c.beat.Stop()
			if l.chatted {
				c.clear.Reset(time.Until(l.chatAt.Add(chatboxGap)))
			}
		}
	}
}

// period is the time between heartbeats at bpm.
func period(bpm int) time.Duration { return time.Minute / time.Duration(max(bpm, 1)) }

func paramPath(name string) string { return parameterPath + name }

// open dials the target (resolving its name here, never on the beat's path).
func (s *Sender) open(l *link) {
	*l = link{target: s.Target()}
	s.mu.Lock()
	s.status, s.failedAt, s.noVRChat = Status{Addr: l.target.Addr}, time.Time{}, false
	s.mu.Unlock()
	if l.target.Addr == "" {
		return
	}
	if s.findProcess != nil && onThisComputer(l.target.Addr) {
		l.stopWatch, l.watched = make(chan struct{}), make(chan struct{})
		go func(stop, done chan struct{}, addr string) {
			defer close(done)
			s.watchVRChat(stop, addr)
		}(l.stopWatch, l.watched, l.target.Addr)
	}
	conn, err := s.dial(l.target.Addr)
	if err != nil {
		s.failed(fmt.Sprintf("Beatcast cannot send to %s: %v.", l.target.Addr, unwrapNet(err)), err)
		return
	}
	l.conn = conn
}

// close says "no heart rate" to the receiver and lets go of it. Nothing
// is sent after this, so the chatbox's clear waits here until VRChat
// would take it (at most chatboxGap, only when a message just went).
func (s *Sender) close(l *link) {
	if l.stopWatch != nil {
		close(l.stopWatch)
		<-l.watched
		l.stopWatch = nil
	}
	if l.conn == nil {
		return
	}
	s.gone(l)
	if wait := time.Until(l.chatAt.Add(chatboxGap)); l.chatted && wait > 0 {
		time.Sleep(wait)
	}
	s.clearChatbox(l)
	l.conn.Close()
	l.conn = nil
}

// show sends what snap says: every parameter on each reading while live,
// and once "not connected" (zeros) when it stops being live.
func (s *Sender) show(l *link, snap heartrate.Snapshot) {
	if l.conn == nil {
		return
	}
	live := snap.Status.State == heartrate.StateLive && snap.Beat != nil
	if !live {
		if l.live {
			s.gone(l)
		}
		return
	}
	key := readingKey{snap.Stats.Count, snap.Beat.MeasuredAt}
	if l.live && key == l.reading {
		return // a change of status, not a new reading: the avatar knows it all
	}
	bpm := min(snap.Beat.BPM, 255) // the avatars' HR is a byte
	l.reading, l.toggle = key, !l.toggle
	r := reading{bpm: bpm, toggle: l.toggle, trend: l.trend.add(bpm)}
	l.live, l.bpm = true, bpm
	s.sendAll(l, l.target.Parameters.values(r))
	if l.target.Chatbox && time.Since(l.chatAt) >= chatboxGap {
		s.send(l, chatboxPath, chatboxText(l.target.ChatboxTemplate, bpm), true, false)
		l.chatAt, l.chatted = time.Now(), true
	}
}

// gone tells the receiver there is no heart rate, as both tools do when
// theirs stops: zeros, not connected, no beat. The chatbox is cleared by
// Follow once VRChat would take it.
func (s *Sender) gone(l *link) {
	l.live, l.toggle = false, false
	l.trend.reset()
	s.sendAll(l, l.target.Parameters.values(reading{}))
	if l.target.Parameters.hrtovrchat() {
		s.send(l, paramPath(paramBeat), false)
	}
}

// clearChatbox empties the chatbox if a heart rate is on it.
func (s *Sender) clearChatbox(l *link) {
	if l.conn == nil || !l.chatted {
		return
	}
	s.send(l, chatboxPath, "", true, false)
	l.chatted = false
}

func (s *Sender) sendAll(l *link, params []param) {
	for _, p := range params {
		s.send(l, paramPath(p.name), p.value)
	}
}

// chatboxText fills the template; one without {bpm} gets it at the end,
// as PulsoidToOSC does.
func chatboxText(template string, bpm int) string {
	if template == "" {
		template = DefaultChatbox
	}
	if !strings.Contains(template, "{bpm}") {
		return template + " " + strconv.Itoa(bpm)
	}
	return strings.ReplaceAll(template, "{bpm}", strconv.Itoa(bpm))
}

func (s *Sender) send(l *link, address string, args ...any) {
	msg, err := Message(address, args...)
	if err == nil {
		_, err = l.conn.Write(msg)
	}
	if err != nil {
		s.failed(fmt.Sprintf("Nothing receives the heart rate at %s (%v). Is VRChat running, with OSC turned on?",
			l.target.Addr, unwrapNet(err)), err)
		return
	}
	s.mu.Lock()
	s.status.Sent++
	// A UDP write that succeeds proves little: with nobody listening, the
	// system reports the refusal on the next write, so writes fail and
	// succeed by turns. Only a quiet spell means sending works again.
	recovered := s.status.Problem != "" && time.Since(s.failedAt) >= quietSpell
	if recovered {
		s.status.Problem = ""
	}
	s.mu.Unlock()
	if recovered {
		s.log.Info("OSC: sending again", "to", l.target.Addr)
	}
}

// quietSpell is how long without a failure before sending counts as
// working again.
const quietSpell = 30 * time.Second

// failed counts a failure; the first of a run is logged.
func (s *Sender) failed(problem string, err error) {
	s.mu.Lock()
	s.status.Failed++
	first := s.status.Problem == ""
	s.status.Problem = problem
	s.failedAt = time.Now()
	s.mu.Unlock()
	if first {
		s.log.Warn("OSC: sending failed; counting further failures quietly", "err", err)
	}
}

// unwrapNet is the system's own words ("connection refused", "no such
// host") without Go's wrapping.
func unwrapNet(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return unwrapNet(op.Err)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return errors.New(dns.Err)
	}
	return err
}
