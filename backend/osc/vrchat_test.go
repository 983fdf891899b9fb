package osc

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"net"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

// received is one decoded OSC message: its address, type tags and values.
type received struct {
	addr string
	tags string
	args []any
}

func (r received) String() string { return fmt.Sprintf("%s %s %v", r.addr, r.tags, r.args) }

// decode reads a message as a receiver does, following the specification.
func decode(t *testing.T, b []byte) received {
	t.Helper()
	str := func() string {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			t.Fatalf("no NUL in % x", b)
		}
		s := string(b[:i])
		n := (i/4 + 1) * 4
		if n > len(b) {
			t.Fatalf("string not padded: % x", b)
		}
		b = b[n:]
		return s
	}
	r := received{addr: str(), tags: str()}
	for _, tag := range r.tags[1:] {
		switch tag {
		case 'i':
			r.args = append(r.args, int32(binary.BigEndian.Uint32(b)))
			b = b[4:]
		case 'f':
			r.args = append(r.args, math.Float32frombits(binary.BigEndian.Uint32(b)))
			b = b[4:]
		case 's':
			r.args = append(r.args, str())
		case 'T':
			r.args = append(r.args, true)
		case 'F':
			r.args = append(r.args, false)
		default:
			t.Fatalf("unknown tag %q", tag)
		}
	}
	if len(b) != 0 {
		t.Fatalf("%d bytes left over", len(b))
	}
	return r
}

func live(h *hub.Hub, bpm int) {
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	h.PublishBeat(heartrate.Beat{BPM: bpm})
}

func TestVRChatReceivesEachParameterWithItsTypeOverUDP(t *testing.T) {
	t.Parallel() // it mostly waits for packets
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	got := make(chan received, 100)
	go func() {
		buf := make([]byte, 1500)
		for {
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			got <- decode(t, buf[:n])
		}
	}()
	next := func(addr string) received {
		t.Helper()
		deadline := time.After(3 * time.Second)
		for {
			select {
			case r := <-got:
				if r.addr == addr {
					return r
				}
			case <-deadline:
				t.Fatalf("no %s within 3 s", addr)
			}
		}
	}

	h := hub.New()
	s := NewSender(Target{Addr: pc.LocalAddr().String()}, testkit.Quiet)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Follow(ctx, h); close(done) }()
	defer func() { cancel(); <-done }()

	live(h, 123)
	for _, want := range []string{
		"/avatar/parameters/HR ,i [123]",
		"/avatar/parameters/onesHR ,i [3]",
		"/avatar/parameters/tensHR ,i [2]",
		"/avatar/parameters/hundredsHR ,i [1]",
		"/avatar/parameters/HRPercent ,f [0.48235294]", // over 0–255, as both tools
		"/avatar/parameters/HeartRateInt ,i [123]",
		"/avatar/parameters/isHRConnected ,T [true]",
		"/avatar/parameters/isHRActive ,T [true]",
	} {
		if r := next(strings.Fields(want)[0]); r.String() != want {
			t.Errorf("got %s, want %s", r, want)
		}
	}
	// Each heartbeat is a short pulse.
	first, second := next("/avatar/parameters/isHRBeat"), next("/avatar/parameters/isHRBeat")
	if first.args[0] != true || second.args[0] != false {
		t.Errorf("isHRBeat was %s then %s, want true then false", first, second)
	}

	h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal, Source: "pulsoid"})
	if r := next("/avatar/parameters/isHRConnected"); r.String() != "/avatar/parameters/isHRConnected ,F [false]" {
		t.Errorf("on no signal: %s", r)
	}
	if st := s.Status(); st.Sent < 10 || st.Failed != 0 || st.Problem != "" {
		t.Errorf("status %+v", st)
	}
}

// conn records what is written to it, as a UDP socket would send it.
type conn struct {
	net.Conn
	mu   sync.Mutex
	sent []received
	at   []time.Time
	t    *testing.T
}

func (c *conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, decode(c.t, b))
	c.at = append(c.at, time.Now())
	return len(b), nil
}

func (c *conn) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent, c.at = nil, nil
}

// times is when each message to addr went.
func (c *conn) times(addr string) (at []time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, r := range c.sent {
		if r.addr == addr {
			at = append(at, c.at[i])
		}
	}
	return at
}
func (c *conn) Close() error { return nil }

// count is how many messages to addr carried value.
func (c *conn) count(addr string, value any) (n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.sent {
		if r.addr == addr && len(r.args) > 0 && r.args[0] == value {
			n++
		}
	}
	return n
}

func (c *conn) last(addr string) received {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.sent) - 1; i >= 0; i-- {
		if c.sent[i].addr == addr {
			return c.sent[i]
		}
	}
	return received{}
}

// follow runs s over h in a synctest bubble with a recording connection.
func follow(t *testing.T, target Target, h *hub.Hub) (*Sender, *conn, context.CancelFunc) {
	c := &conn{t: t}
	s := NewSender(target, testkit.Quiet)
	s.dial = func(string) (net.Conn, error) { return c, nil }
	ctx, cancel := context.WithCancel(t.Context())
	go s.Follow(ctx, h)
	return s, c, cancel
}

func TestIsHRBeatPulsesBrieflyOnEachHeartbeatAtTheCurrentRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		_, c, cancel := follow(t, Target{Addr: DefaultAddr}, h)
		defer cancel()
		live(h, 60)
		time.Sleep(10*time.Second - time.Millisecond)
		at60 := c.count("/avatar/parameters/isHRBeat", true)
		live(h, 120)
		time.Sleep(10 * time.Second)
		at120 := c.count("/avatar/parameters/isHRBeat", true) - at60
		// HRtoVRChat_OSC's rising edge: one per heartbeat, not one per two.
		if at60 != 10 || at120 < 19 || at120 > 21 {
			t.Errorf("heartbeats in 10 s: %d at 60 BPM (want 10), %d at 120 BPM (want about 20)", at60, at120)
		}
		// The next heartbeat's pulse: true for beatPulse, then false.
		for i := 0; c.last("/avatar/parameters/isHRBeat").args[0] != true; i++ {
			if i > 1000 {
				t.Fatal("no heartbeat within 1 s at 120 BPM")
			}
			time.Sleep(time.Millisecond)
		}
		c.reset()
		time.Sleep(beatPulse / 2)
		if r := c.last("/avatar/parameters/isHRBeat"); r.args != nil {
			t.Fatalf("isHRBeat changed mid-pulse: %s", r)
		}
		time.Sleep(beatPulse)
		if r := c.last("/avatar/parameters/isHRBeat"); r.args == nil || r.args[0] != false {
			t.Errorf("isHRBeat %v after its pulse, want false", r)
		}
		h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
		synctest.Wait()
		before := c.count("/avatar/parameters/isHRBeat", true)
		time.Sleep(5 * time.Second)
		if n := c.count("/avatar/parameters/isHRBeat", true); n != before {
			t.Errorf("without a heart rate it kept beating: %d more", n-before)
		}
		if r := c.last("/avatar/parameters/isHRBeat"); r.args[0] != false {
			t.Errorf("without a heart rate isHRBeat is %v, want false", r.args[0])
		}
	})
}

func TestEachToolsParametersMeanWhatThatToolsSourceMakesThemMean(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, p := range AllParameters {
			h := hub.New()
			_, c, cancel := follow(t, Target{Addr: DefaultAddr, Parameters: p}, h)
			h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
			for bpm := 100; bpm <= 120; bpm += 2 { // 11 readings, rising 2 BPM a reading
				h.PublishBeat(heartrate.Beat{BPM: bpm})
				synctest.Wait()
			}
			sent := func(name string) any {
				if r := c.last("/avatar/parameters/" + name); r.args != nil {
					return r.args[0]
				}
				return nil
			}
			both, hrto, pto := p == BothTools, p == HRtoVRChat, p == PulsoidToOSC
			want := map[string]any{"HR": int32(120), "HRPercent": float32(120) / 255, "FullHRPercent": float32(120)/255*2 - 1,
				"isHRConnected": true, "isHRActive": true}
			if both || hrto {
				want["onesHR"], want["tensHR"], want["hundredsHR"] = int32(0), int32(2), int32(1)
			}
			if both || pto {
				want["HeartRateInt"], want["HeartRate3"] = int32(120), int32(120)
				want["HeartRateFloat"], want["HeartRate"] = want["FullHRPercent"], want["FullHRPercent"]
				want["HeartRateFloat01"], want["HeartRate2"] = want["HRPercent"], want["HRPercent"]
				want["HeartBeatToggle"] = true        // 11 flips from false
				want["HeartRateTrend"] = float32(1.0) // +2 BPM a reading is PulsoidToOSC's full upward trend
			}
			for name, v := range want {
				if got := sent(name); got != v {
					t.Errorf("%s: %s = %v, want %v", label(p), name, got, v)
				}
			}
			for _, name := range []string{"onesHR", "HeartRateInt", "HeartBeatToggle", "HeartRateTrend"} {
				if _, ok := want[name]; !ok && sent(name) != nil {
					t.Errorf("%s sent %s", label(p), name)
				}
			}
			// PulsoidToOSC alone: isHRBeat is its toggle, flipped on each reading.
			if pto && (c.count("/avatar/parameters/isHRBeat", true) != 6 || sent("isHRBeat") != true) {
				t.Errorf("PulsoidToOSC's isHRBeat was true %d times, last %v; want 6 of 11 readings, last true",
					c.count("/avatar/parameters/isHRBeat", true), sent("isHRBeat"))
			}
			h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
			synctest.Wait()
			if sent("HR") != int32(0) || sent("isHRActive") != false || (both || pto) && sent("HeartBeatToggle") != false {
				t.Errorf("%s without a heart rate: HR %v, isHRActive %v, HeartBeatToggle %v", label(p), sent("HR"), sent("isHRActive"), sent("HeartBeatToggle"))
			}
			cancel()
			synctest.Wait()
		}
	})
}

func label(p Parameters) string {
	if p == BothTools {
		return "both tools"
	}
	return string(p)
}

func TestTheChatboxKeepsToVRChatsRateLimitAndIsClearedWhenVRChatWouldTakeIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		_, c, cancel := follow(t, Target{Addr: DefaultAddr, Chatbox: true, ChatboxTemplate: "HR {bpm} bpm"}, h)
		defer cancel()
		for i := range 40 { // four beats a second for ten seconds
			live(h, 100+i)
			time.Sleep(250 * time.Millisecond)
		}
		times := c.times("/chatbox/input")
		if len(times) < 4 || len(times) > 5 {
			t.Errorf("%d chatbox messages in 10 s, want one per 2 s", len(times))
		}
		if r := c.last("/chatbox/input"); r.tags != ",sTF" || !strings.HasPrefix(r.args[0].(string), "HR 1") {
			t.Errorf("chatbox message %s, want (text, send now, no sound)", r)
		}
		last := times[len(times)-1]
		h.PublishStatus(heartrate.Status{State: heartrate.StateSignedOut})
		time.Sleep(3 * time.Second)
		times = c.times("/chatbox/input")
		if r := c.last("/chatbox/input"); r.args[0] != "" {
			t.Fatalf("without a heart rate the chatbox says %q", r.args[0])
		}
		if gap := times[len(times)-1].Sub(last); gap < chatboxGap {
			t.Errorf("the clear came %v after the last message; VRChat drops it under %v", gap, chatboxGap)
		}
		for i := 1; i < len(times); i++ {
			if gap := times[i].Sub(times[i-1]); gap < chatboxGap {
				t.Errorf("chatbox messages %d and %d were %v apart", i-1, i, gap)
			}
		}
	})
	if got := chatboxText("", 91); got != "❤ 91" {
		t.Errorf("the default message is %q", got)
	}
	if got := chatboxText("Heart:", 91); got != "Heart: 91" {
		t.Errorf("a message without {bpm} gets it at the end, as PulsoidToOSC does: %q", got)
	}
}

func TestNobodyListeningIsCountedAndShownNeverLoggedPerBeat(t *testing.T) {
	t.Parallel() // it mostly waits for refusals
	// A port nobody listens on: the system answers "connection refused".
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	log, logs := testkit.Logger()
	h := hub.New()
	s := NewSender(Target{Addr: addr}, log)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Follow(ctx, h); close(done) }()
	start := time.Now()
	for i := range 20 {
		live(h, 80+i)
		time.Sleep(20 * time.Millisecond)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("publishing 20 beats took %v: the stream was slowed", time.Since(start))
	}
	testkit.Eventually(t, "failures counted", func() bool { return s.Status().Failed > 0 })
	cancel()
	<-done
	st := s.Status()
	if !strings.Contains(st.Problem, addr) || !strings.Contains(st.Problem, "Is VRChat running") {
		t.Errorf("problem %q", st.Problem)
	}
	if n := strings.Count(logs.String(), "OSC: sending failed"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs)
	}
}

func TestAnAddressThatDoesNotResolveSaysSo(t *testing.T) {
	h := hub.New()
	s := NewSender(Target{Addr: "vrchat.invalid:9000"}, testkit.Quiet)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Follow(ctx, h); close(done) }()
	live(h, 90)
	testkit.Eventually(t, "the problem", func() bool { return s.Status().Problem != "" })
	cancel()
	<-done
	if p := s.Status().Problem; !strings.Contains(p, "vrchat.invalid:9000") {
		t.Errorf("problem %q", p)
	}
}
