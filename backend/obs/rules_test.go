package obs

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/history"
)

var quiet = slog.New(slog.DiscardHandler)

func snap(state heartrate.State, bpm int) heartrate.Snapshot {
	s := heartrate.Snapshot{Status: heartrate.Status{State: state}}
	if bpm > 0 {
		s.Beat = &heartrate.Beat{BPM: bpm}
	}
	return s
}

// jobs drains what observe left for the worker.
func jobs(c *Controller) []string {
	var out []string
	for {
		select {
		case j := <-c.jobs:
			verb := "end"
			if j.start {
				verb = "start"
			}
			out = append(out, fmt.Sprintf("%s %s", verb, j.rule.When))
		default:
			return out
		}
	}
}

// A heart rate that hovers at a line starts and ends each rule once per
// crossing: alerts come with their hysteresis from the alert watch, zones
// get the same here, and a lost signal is one moment until it is back.
func TestEachRuleStartsAndEndsOncePerCrossingNeverInAStorm(t *testing.T) {
	c := New(quiet)
	threshold := WhenZone(history.Zones[4]) // 80 % of 200: 160 BPM
	c.SetTarget(Target{Rules: []Rule{{When: WhenHigh, Do: SwitchScene, Scene: "Panic"},
		{When: threshold, Do: ShowSource, Scene: "Game", Source: "Flames"},
		{When: WhenNoSignal, Do: SwitchScene, Scene: "BRB"}}})
	high := &alert.Alert{Level: alert.High}
	var got []string
	// Around 160: in at 160, out only below 155.
	for _, bpm := range []int{150, 160, 159, 158, 161, 156, 155, 160, 154, 160} {
		c.observe(snap(heartrate.StateLive, bpm), nil)
		got = append(got, jobs(c)...)
	}
	want := []string{"start zone:threshold", "end zone:threshold", "start zone:threshold"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("zone crossings: %v, want %v", got, want)
	}
	// The alert watch flaps never (its own hysteresis): one start, one end.
	c.observe(snap(heartrate.StateLive, 170), high)
	c.observe(snap(heartrate.StateLive, 171), high)
	c.observe(snap(heartrate.StateLive, 140), &alert.Alert{Level: alert.Normal})
	got = jobs(c)
	// 170 and 171 stay in the Threshold zone (up to 180); 140 leaves it.
	want = []string{"start high_alert", "end high_alert", "end zone:threshold"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("alert: %v, want %v", got, want)
	}
	// A lost signal: one start while it stays lost, one end when it is back.
	c.observe(snap(heartrate.StateNoSignal, 140), nil)
	c.observe(snap(heartrate.StateReconnecting, 140), nil)
	c.observe(snap(heartrate.StateConnecting, 140), nil)
	c.observe(snap(heartrate.StateLive, 141), nil)
	got = jobs(c)
	if want = []string{"start no_signal", "end no_signal"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("lost and back: %v, want %v", got, want)
	}
	// Before any heart rate there is nothing to lose.
	c.SetTarget(c.target)
	c.observe(snap(heartrate.StateConnecting, 0), nil)
	if got := jobs(c); len(got) != 0 {
		t.Errorf("starting up: %v, want nothing", got)
	}
}

func TestTheTextSourceHoldsTheBPMWhileLiveElseTheOfflineText(t *testing.T) {
	c := New(quiet)
	c.SetTarget(Target{TextSource: "HR"})
	for _, step := range []struct {
		s    heartrate.Snapshot
		want string
	}{
		{snap(heartrate.StateConnecting, 0), "--"},
		{snap(heartrate.StateLive, 72), "72"},
		{snap(heartrate.StateNoSignal, 72), "--"},
		{snap(heartrate.StateLive, 99), "99"},
	} {
		c.observe(step.s, nil)
		if c.text != step.want {
			t.Errorf("%s %v: text %q, want %q", step.s.Status.State, step.s.Beat, c.text, step.want)
		}
	}
}

func TestAConnectionThatFailsIsSaidAsAPersonCanActOnIt(t *testing.T) {
	running := func(found bool) func() (bool, bool) { return func() (bool, bool) { return found, true } }
	unknown := func() (bool, bool) { return false, false }
	for _, tc := range []struct {
		name    string
		url     string
		err     error
		running func() (bool, bool)
		want    LinkState
		says    string
	}{
		{"OBS not running here", DefaultURL, ErrUnreachable, running(false), Connecting, "OBS is not running"},
		{"OBS running, server off", DefaultURL, ErrUnreachable, running(true), Off, "tick \"Enable WebSocket server\" and check the port is 4455"},
		{"another computer", "ws://192.168.1.20:4455", ErrUnreachable, running(true), Connecting, "Can't reach OBS at ws://192.168.1.20:4455"},
		{"no process list", DefaultURL, ErrUnreachable, unknown, Connecting, "Can't reach OBS"},
		{"wrong password", DefaultURL, ErrWrongPassword, running(true), Refused, "OBS refused the password"},
		{"kicked", DefaultURL, ErrKicked, running(true), Refused, "Press Reconnect"},
		{"not OBS", DefaultURL, fmt.Errorf("%w: op", ErrNotOBS), running(true), Connecting, "not OBS's websocket server"},
	} {
		st := trouble(tc.url, tc.err, tc.running)
		if st.State != tc.want || !strings.Contains(st.Message, tc.says) {
			t.Errorf("%s: %s %q, want %s saying %q", tc.name, st.State, st.Message, tc.want, tc.says)
		}
	}
}

func TestRulesAndAddressesAreCheckedWithAdvice(t *testing.T) {
	for _, r := range []Rule{
		{When: "sometimes", Do: SwitchScene, Scene: "A"},
		{When: WhenHigh, Do: "explode"},
		{When: WhenHigh, Do: SwitchScene},
		{When: WhenLow, Do: ShowSource, Scene: "Game"},
		{When: WhenNoSignal, Do: EnableFilter, Source: "Cam"},
	} {
		if err := r.Check(); err == nil {
			t.Errorf("%+v was accepted", r)
		}
	}
	if err := (Rule{When: WhenZone(history.Zones[5]), Do: MarkChapter}).Check(); err != nil {
		t.Errorf("a chapter in the Maximum zone: %v", err)
	}
	for _, u := range []string{"127.0.0.1:4455", "http://127.0.0.1:4455", "ws://:4455", "ws://localhost"} {
		if CheckURL(u) == nil {
			t.Errorf("%q was accepted as OBS's address", u)
		}
	}
	for _, u := range []string{"", DefaultURL, "ws://192.168.1.20:4455", "wss://obs.example:443"} {
		if err := CheckURL(u); err != nil {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestThePasswordNeverPrints(t *testing.T) {
	p := Password("hunter2")
	data, _ := json.Marshal(struct{ P Password }{p})
	for _, shown := range []string{fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s", p, p, p, p), string(data)} {
		if strings.Contains(shown, "hunter2") {
			t.Errorf("printed: %s", shown)
		}
	}
	if !errors.Is(fmt.Errorf("x: %w", ErrWrongPassword), ErrWrongPassword) || p.Reveal() != "hunter2" {
		t.Error("Reveal")
	}
}
