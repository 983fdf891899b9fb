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

// DefaultMaxBPM is HRPercent's full scale unless the streamer sets theirs.
const DefaultMaxBPM = 200

// DefaultChatbox is the chatbox message; {bpm} becomes the heart rate.
const DefaultChatbox = "❤ {bpm}"

// chatboxEvery keeps to VRChat's chatbox rate limit: PulsoidToOSC waits
// 1.9 s between messages, as VRChat drops faster ones.
const chatboxEvery = 2 * time.Second

// The avatar parameters, as HRtoVRChat_OSC (AvatarSetup.md) and
// PulsoidToOSC (ConfigData.cs, OSCParameter.cs) named and typed them, so
// avatars built for either work: ints, a float from 0 to 1, and bools.
const (
	parameterPath = "/avatar/parameters/"
	paramHR       = "HR"            // int: the heart rate, 0 without one
	paramOnes     = "onesHR"        // int: 12[3]
	paramTens     = "tensHR"        // int: 1[2]3
	paramHundreds = "hundredsHR"    // int: [1]23
	paramPercent  = "HRPercent"     // float: HR / the maximum, 0 to 1
	paramLive     = "isHRConnected" // bool: a live heart rate
	paramBeat     = "isHRBeat"      // bool: flips with each heartbeat, at the rate
	chatboxPath   = "/chatbox/input"
)

// Target is where the heart rate goes and how.
type Target struct {
	// Addr is HOST:PORT; "" sends nothing.
	Addr string `json:"addr"`
	// MaxBPM is HRPercent's full scale (0: DefaultMaxBPM).
	MaxBPM int `json:"max_bpm"`
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

	mu       sync.Mutex
	target   Target
	status   Status
	failedAt time.Time
	changed  chan struct{}
}

// NewSender returns a sender to t (which may be off).
func NewSender(t Target, log *slog.Logger) *Sender {
	return &Sender{target: t, log: log, changed: make(chan struct{}, 1),
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
	beat    bool      // isHRBeat's last value
	chatAt  time.Time // the last chatbox message
	chatted bool      // the chatbox shows a heart rate
}

// Follow sends until ctx ends, then tells the receiver the heart rate is
// gone.
func (s *Sender) Follow(ctx context.Context, h *hub.Hub) {
	follow := h.Follow()
	defer follow.Close()
	var l link
	s.open(&l)
	beat := time.NewTimer(time.Hour)
	beat.Stop()
	defer func() {
		beat.Stop()
		s.close(&l)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-follow.Changed():
		case <-s.changed:
			s.close(&l)
			s.open(&l)
		case <-beat.C:
			if l.live {
				l.beat = !l.beat
				s.send(&l, paramPath(paramBeat), l.beat)
				beat.Reset(period(l.bpm))
			}
			continue
		}
		snap, open := follow.Snapshot()
		if !open {
			return
		}
		wasLive := l.live
		s.show(&l, snap)
		if l.live && !wasLive {
			beat.Reset(period(l.bpm))
		}
	}
}

// period is the time between heartbeats at bpm.
func period(bpm int) time.Duration { return time.Minute / time.Duration(max(bpm, 1)) }

func paramPath(name string) string { return parameterPath + name }

// open dials the target (resolving its name here, never on the beat's path).
func (s *Sender) open(l *link) {
	l.target = s.Target()
	l.live, l.chatted = false, false
	s.mu.Lock()
	s.status, s.failedAt = Status{Addr: l.target.Addr}, time.Time{}
	s.mu.Unlock()
	if l.target.Addr == "" {
		return
	}
	conn, err := s.dial(l.target.Addr)
	if err != nil {
		s.failed(fmt.Sprintf("Beatcast cannot send to %s: %v.", l.target.Addr, unwrapNet(err)), err)
		return
	}
	l.conn = conn
}

// close says "no heart rate" to the receiver and lets go of it.
func (s *Sender) close(l *link) {
	if l.conn == nil {
		return
	}
	s.gone(l)
	l.conn.Close()
	l.conn = nil
}

// show sends what snap says: every parameter on each beat while live, and
// once "not connected" (zeros) when it stops being live.
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
	bpm := min(snap.Beat.BPM, 255) // the avatars' HR is a byte
	maxBPM := l.target.MaxBPM
	if maxBPM <= 0 {
		maxBPM = DefaultMaxBPM
	}
	l.live, l.bpm = true, bpm
	s.send(l, paramPath(paramHR), int32(bpm))
	s.send(l, paramPath(paramOnes), int32(bpm%10))
	s.send(l, paramPath(paramTens), int32(bpm/10%10))
	s.send(l, paramPath(paramHundreds), int32(bpm/100%10))
	s.send(l, paramPath(paramPercent), float32(min(1, float64(bpm)/float64(maxBPM))))
	s.send(l, paramPath(paramLive), true)
	if l.target.Chatbox && time.Since(l.chatAt) >= chatboxEvery {
		s.send(l, chatboxPath, chatboxText(l.target.ChatboxTemplate, bpm), true, false)
		l.chatAt, l.chatted = time.Now(), true
	}
}

// gone tells the receiver there is no heart rate: zeros, not connected,
// no beat, an empty chatbox.
func (s *Sender) gone(l *link) {
	l.live, l.beat = false, false
	s.send(l, paramPath(paramHR), int32(0))
	s.send(l, paramPath(paramOnes), int32(0))
	s.send(l, paramPath(paramTens), int32(0))
	s.send(l, paramPath(paramHundreds), int32(0))
	s.send(l, paramPath(paramPercent), float32(0))
	s.send(l, paramPath(paramLive), false)
	s.send(l, paramPath(paramBeat), false)
	if l.chatted {
		s.send(l, chatboxPath, "", true, false)
		l.chatted = false
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
