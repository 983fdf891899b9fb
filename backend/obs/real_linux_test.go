package obs_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/obs/obstest"
	"github.com/beatcast/beatcast/backend/testkit"
)

// These tests drive real OBS 29 (obs-websocket 5.1) under Xvfb; obstest
// says how it runs.

var live = heartrate.Status{State: heartrate.StateLive, Source: heartrate.SourceDemo}

func follow(t *testing.T, c *obs.Controller, h *hub.Hub) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Follow(ctx, h); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func waitState(t *testing.T, c *obs.Controller, want obs.LinkState, says string) obs.Status {
	t.Helper()
	var st obs.Status
	testkit.Eventually(t, "OBS "+string(want), func() bool {
		st = c.Status()
		return st.State == want && strings.Contains(st.Message, says)
	})
	return st
}

// A streamer's whole evening with real OBS: the text source follows the
// beats, a high alert switches to Panic, shakes the camera and shows the
// warning, and its end puts everything back; OBS killed and started again
// is found again and brought up to date.
func TestOBSFollowsTheHeartRateAndTheAlertsAndComesBackAfterACrash(t *testing.T) {
	o := obstest.Start(t, "hunter2")
	look := o.Stage(t)
	h := hub.New()
	c := obs.New(testkit.Quiet)
	c.SetTarget(obs.Target{URL: o.URL, Password: "hunter2", TextSource: "Heart rate", Rules: []obs.Rule{
		{When: obs.WhenHigh, Do: obs.SwitchScene, Scene: "Panic"},
		{When: obs.WhenHigh, Do: obs.EnableFilter, Source: "Cam", Filter: "Shake"},
		{When: obs.WhenHigh, Do: obs.ShowSource, Scene: "Game", Source: "Warning"},
	}})
	follow(t, c, h)
	st := waitState(t, c, obs.Connected, "Connected to OBS 29.0.2 (obs-websocket 5.1.0)")
	if why := st.Unavailable[obs.MarkChapter]; !strings.Contains(why, "obs-websocket 5.5") {
		t.Errorf("chapter marks on OBS 29: %q, want them unavailable for want of obs-websocket 5.5", why)
	}
	testkit.Eventually(t, "-- without a heart rate", func() bool { return look.Text("Heart rate") == "--" })

	h.PublishStatus(live)
	for _, bpm := range []int{72, 73, 150} {
		h.PublishBeat(heartrate.Beat{BPM: bpm})
		testkit.Eventually(t, "the text source at the beat", func() bool { return look.Text("Heart rate") == strconv.Itoa(bpm) })
	}
	h.PublishAlert(alert.Alert{Level: alert.High, BPM: 150, Threshold: 150, ID: "a1"})
	testkit.Eventually(t, "Panic on the high alert", func() bool { return look.ProgramScene() == "Panic" })
	testkit.Eventually(t, "the camera shaking", func() bool { return look.FilterOn("Cam", "Shake") })
	testkit.Eventually(t, "the warning shown", func() bool { return look.Shown("Game", "Warning") })

	h.PublishAlert(alert.Alert{Level: alert.Normal, BPM: 140, Threshold: 150, ID: "a1"})
	testkit.Eventually(t, "back to Game", func() bool { return look.ProgramScene() == "Game" })
	testkit.Eventually(t, "the camera still", func() bool { return !look.FilterOn("Cam", "Shake") })
	testkit.Eventually(t, "the warning hidden", func() bool { return !look.Shown("Game", "Warning") })

	// A crash: Beatcast says so, and finds OBS again when it is back.
	o.Kill()
	waitState(t, c, obs.Connecting, "")
	h.PublishBeat(heartrate.Beat{BPM: 88})
	o.Restart(t)
	waitState(t, c, obs.Connected, "Connected to OBS")
	again := o.Look(t)
	testkit.Eventually(t, "the text source up to date after the restart", func() bool { return again.Text("Heart rate") == "88" })
}

// Every way a connection can go, each with its own words.
func TestEachWayTheConnectionGoesIsSaidInItsOwnWords(t *testing.T) {
	withPassword := obstest.Start(t, "hunter2")
	without := obstest.Start(t, "")
	serverOff := obstest.StartServerOff(t)
	ctx := t.Context()
	for _, tc := range []struct {
		name     string
		url      string
		password obs.Password
		want     obs.LinkState
		says     string
	}{
		{"the right password", withPassword.URL, "hunter2", obs.Connected, "Connected to OBS 29.0.2"},
		{"no password where none is asked", without.URL, "", obs.Connected, "Connected to OBS 29.0.2"},
		{"a password where none is asked", without.URL, "hunter2", obs.Connected, "Connected to OBS 29.0.2"},
		{"a wrong password", withPassword.URL, "hunter3", obs.Refused, "OBS refused the password"},
		{"no password where one is asked", withPassword.URL, "", obs.Refused, "OBS asks for a password"},
		// OBS runs (serverOff, and the others), so a closed port on this
		// computer is its websocket server turned off.
		{"the websocket server off", serverOff.URL, "", obs.Off, "Tools → WebSocket Server Settings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := obs.Test(ctx, tc.url, tc.password)
			if st.State != tc.want || !strings.Contains(st.Message, tc.says) {
				t.Errorf("Test = %s %q, want %s saying %q", st.State, st.Message, tc.want, tc.says)
			}
			if strings.Contains(st.Message, "hunter") {
				t.Errorf("the password is in the message: %q", st.Message)
			}
		})
	}
}

// OBS frozen (stopped, as a hung OBS is): requests time out in the
// controller's own worker, and the hub's subscribers (the overlay, the
// window) get every beat without delay.
func TestAHungOBSNeverDelaysABeat(t *testing.T) {
	o := obstest.Start(t, "")
	o.Stage(t)
	h := hub.New()
	c := obs.New(testkit.Quiet)
	c.SetTarget(obs.Target{URL: o.URL, TextSource: "Heart rate", Rules: []obs.Rule{{When: obs.WhenHigh, Do: obs.SwitchScene, Scene: "Panic"}}})
	follow(t, c, h)
	waitState(t, c, obs.Connected, "")
	o.Freeze(t)
	sub := h.Subscribe()
	defer sub.Close()
	h.PublishStatus(live)
	for i := range 20 {
		sent := time.Now()
		h.PublishBeat(heartrate.Beat{BPM: 100 + i})
		if i == 5 {
			h.PublishAlert(alert.Alert{Level: alert.High, BPM: 105, Threshold: 105})
		}
		for got := false; !got; {
			select {
			case <-sub.Ready():
			case <-time.After(time.Second):
				t.Fatalf("beat %d did not reach a subscriber within a second of OBS freezing", i)
			}
			msgs, _ := sub.Take()
			for _, m := range msgs {
				got = got || (m.Topic == hub.TopicBeat && m.Beat.BPM == 100+i)
			}
		}
		if d := time.Since(sent); d > 200*time.Millisecond {
			t.Errorf("beat %d took %v to reach a subscriber", i, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
	waitState(t, c, obs.Connecting, "does not answer")
}
