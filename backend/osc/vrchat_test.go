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
	s := NewSender(Target{Addr: pc.LocalAddr().String(), MaxBPM: 200}, testkit.Quiet)
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
		"/avatar/parameters/HRPercent ,f [0.615]",
		"/avatar/parameters/isHRConnected ,T [true]",
	} {
		if r := next(strings.Fields(want)[0]); r.String() != want {
			t.Errorf("got %s, want %s", r, want)
		}
	}
	// The heartbeat flips at the rate: 123 BPM is a flip every 0.49 s.
	first, second := next("/avatar/parameters/isHRBeat"), next("/avatar/parameters/isHRBeat")
	if first.args[0] == second.args[0] {
		t.Errorf("isHRBeat did not flip: %s then %s", first, second)
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
	t    *testing.T
}

func (c *conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, decode(c.t, b))
	return len(b), nil
}
func (c *conn) Close() error { return nil }

func (c *conn) count(addr string) (n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.sent {
		if r.addr == addr {
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

func TestIsHRBeatFlipsWithEachHeartbeatAtTheCurrentRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		_, c, cancel := follow(t, Target{Addr: DefaultAddr}, h)
		defer cancel()
		live(h, 60)
		time.Sleep(10*time.Second + time.Millisecond)
		at60 := c.count("/avatar/parameters/isHRBeat")
		live(h, 120)
		time.Sleep(10*time.Second + time.Millisecond)
		at120 := c.count("/avatar/parameters/isHRBeat") - at60
		if at60 != 10 || at120 < 19 || at120 > 21 {
			t.Errorf("flips in 10 s: %d at 60 BPM (want 10), %d at 120 BPM (want about 20)", at60, at120)
		}
		h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
		synctest.Wait()
		before := c.count("/avatar/parameters/isHRBeat")
		time.Sleep(5 * time.Second)
		if n := c.count("/avatar/parameters/isHRBeat"); n != before {
			t.Errorf("without a heart rate it kept flipping: %d more", n-before)
		}
		if r := c.last("/avatar/parameters/isHRBeat"); r.args[0] != false {
			t.Errorf("without a heart rate isHRBeat is %v, want false", r.args[0])
		}
	})
}

func TestTheChatboxKeepsToVRChatsRateLimitAndIsClearedWithoutAHeartRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		_, c, cancel := follow(t, Target{Addr: DefaultAddr, Chatbox: true, ChatboxTemplate: "HR {bpm} bpm"}, h)
		defer cancel()
		for i := range 40 { // four beats a second for ten seconds
			live(h, 100+i)
			time.Sleep(250 * time.Millisecond)
		}
		n := c.count("/chatbox/input")
		if n < 4 || n > 5 {
			t.Errorf("%d chatbox messages in 10 s, want one per 2 s", n)
		}
		if r := c.last("/chatbox/input"); r.tags != ",sTF" || !strings.HasPrefix(r.args[0].(string), "HR 1") {
			t.Errorf("chatbox message %s, want (text, send now, no sound)", r)
		}
		h.PublishStatus(heartrate.Status{State: heartrate.StateSignedOut})
		synctest.Wait()
		if r := c.last("/chatbox/input"); r.args[0] != "" {
			t.Errorf("without a heart rate the chatbox says %q", r.args[0])
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
