package osc

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

// dumped is one line of liblo's oscdump: when it arrived (oscdump stamps
// each message with the time it read it, as an NTP time tag), the address,
// the type tags and the values as oscdump prints them.
type dumped struct {
	at    time.Duration // since oscdump's first line
	addr  string
	tags  string
	value string
}

// oscdump starts liblo's oscdump (a strict OSC receiver nobody on this
// team wrote) on a free UDP port and returns that address and its lines.
func oscdump(t *testing.T) (string, <-chan dumped) {
	t.Helper()
	if _, err := exec.LookPath("oscdump"); err != nil {
		t.Fatal("oscdump is missing: make setup-test installs it (Debian's liblo-tools)")
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(t.Context(), "oscdump", "-L", port)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan dumped, 1000)
	go func() {
		defer close(lines)
		var first float64
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			// e.g. "eebcda62.000e496e /avatar/parameters/HR i 123"
			f := strings.SplitN(sc.Text(), " ", 4)
			if len(f) < 3 {
				continue
			}
			secs, frac, _ := strings.Cut(f[0], ".")
			s, _ := strconv.ParseUint(secs, 16, 32)
			fr, _ := strconv.ParseUint(frac, 16, 32)
			at := float64(s) + float64(fr)/(1<<32)
			if first == 0 {
				first = at
			}
			d := dumped{at: time.Duration((at - first) * float64(time.Second)), addr: f[1], tags: f[2]}
			if len(f) == 4 {
				d.value = f[3]
			}
			lines <- d
		}
	}()
	// oscdump binds its port as it starts: knock until it answers.
	conn, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	knock, _ := Message("/knock")
	for deadline := time.Now().Add(5 * time.Second); ; {
		conn.Write(knock)
		select {
		case d := <-lines:
			if d.addr == "/knock" {
				return addr, lines
			}
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("oscdump did not answer within 5 s")
		}
	}
}

func TestARealOSCReceiverSeesBothToolsParametersThePulseAndTheChatboxTimes(t *testing.T) {
	t.Parallel() // it waits for the chatbox's clear
	addr, lines := oscdump(t)
	h := hub.New()
	s := NewSender(Target{Addr: addr, Chatbox: true}, testkit.Quiet)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Follow(ctx, h); close(done) }()
	defer func() { cancel(); <-done }()

	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	for bpm := 110; bpm <= 120; bpm++ { // 11 readings, 4 a second, rising
		h.PublishBeat(heartrate.Beat{BPM: bpm})
		time.Sleep(250 * time.Millisecond)
	}
	h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal, Source: "pulsoid"})

	var got []dumped
	for quiet := time.After(4 * time.Second); ; {
		select {
		case d := <-lines:
			got = append(got, d)
			continue
		case <-quiet:
		}
		break
	}
	last := map[string]dumped{} // each address's last value while live
	var toggles, chatbox, pulse []dumped
	live := true
	for _, d := range got {
		if d.addr == "/avatar/parameters/HR" && d.value == "0" { // the signal went
			live = false
		}
		if live {
			last[d.addr] = d
		}
		switch d.addr {
		case "/avatar/parameters/HeartBeatToggle":
			toggles = append(toggles, d)
		case "/avatar/parameters/isHRBeat":
			pulse = append(pulse, d)
		case "/chatbox/input":
			chatbox = append(chatbox, d)
		}
	}
	// The last live reading, 120 BPM, as each tool's avatars read it.
	for name, want := range map[string]string{
		"HeartRateInt":     "i 120",
		"HeartRate3":       "i 120",
		"HR":               "i 120",
		"hundredsHR":       "i 1",
		"HRPercent":        "f 0.470588", // 120/255
		"HeartRateFloat01": "f 0.470588",
		"FullHRPercent":    "f -0.058824", // 120/255 mapped to -1…1
		"HeartRateFloat":   "f -0.058824",
		"HeartRateTrend":   "f 0.500000", // +1 BPM a reading: half of PulsoidToOSC's full scale
		"isHRActive":       "T #T",
	} {
		if d := last["/avatar/parameters/"+name]; d.tags+" "+d.value != want {
			t.Errorf("%s: oscdump saw %q, want %q", name, d.tags+" "+d.value, want)
		}
	}
	// HeartBeatToggle flips once a reading, and is false once the signal goes.
	var flips []string
	for _, d := range toggles {
		flips = append(flips, d.tags)
	}
	if want := "T F T F T F T F T F T F"; strings.Join(flips, " ") != want {
		t.Errorf("HeartBeatToggle went %v, want %s (11 readings, then no signal)", flips, want)
	}
	// isHRBeat: true for about 100 ms on each heartbeat (120 BPM: every 0.5 s).
	var rises int
	for i := 0; i+1 < len(pulse); i++ {
		if pulse[i].tags == "T" && pulse[i+1].tags == "F" {
			rises++
			if w := pulse[i+1].at - pulse[i].at; w < 80*time.Millisecond || w > 250*time.Millisecond { // 100 ms, and a busy machine
				t.Errorf("an isHRBeat pulse lasted %v, want about 100 ms", w)
			}
		}
	}
	if rises < 4 || rises > 7 {
		t.Errorf("%d heartbeats in 2.75 s at 110-120 BPM, want 5 or 6: %v", rises, pulse)
	}
	// The chatbox: messages and the clear at least 2 s apart.
	if len(chatbox) < 2 || chatbox[len(chatbox)-1].value != `"" #T #F` {
		t.Fatalf("chatbox messages %v, want the heart rate then a clear", chatbox)
	}
	for i := 1; i < len(chatbox); i++ {
		if gap := chatbox[i].at - chatbox[i-1].at; gap < chatboxGap-5*time.Millisecond {
			t.Errorf("chatbox %v then %v: %v apart, VRChat drops messages under 2 s", chatbox[i-1].value, chatbox[i].value, gap)
		}
	}
	if t.Failed() {
		t.Log(fmt.Sprint(got))
	}
}
