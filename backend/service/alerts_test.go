package service

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/osc"
	"github.com/beatcast/beatcast/backend/testkit"
)

func TestAlertsFollowTheBeatsAFlagWinsAndANewSourceEndsThem(t *testing.T) {
	dir := t.TempDir()
	store, _, err := config.OpenStore(config.Paths{ConfigDir: filepath.Join(dir, "config"), DataDir: filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Update(func(s *config.Settings) error { s.AlertHigh, s.AlertLow = 200, 50; return nil }); err != nil {
		t.Fatal(err)
	}
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, Store: store, Flags: config.Flags{AlertHigh: 140}})
	if err != nil {
		t.Fatal(err)
	}
	if in := svc.InUse(store.Get()); in.AlertHigh != 140 || in.AlertLow != 50 {
		t.Errorf("thresholds in use %d/%d: --alert-high wins over the high setting only", in.AlertHigh, in.AlertLow)
	}
	ev := &events{}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, nil) }()
	defer func() { cancel(); <-ran }()
	go ForwardToUI(ctx, svc.Hub, ev.emit)

	svc.Use(ctx, strap{bpms: []int{120, 141, 139}})
	testkit.Eventually(t, "the high alert", func() bool { a := svc.Hub.Alert(); return a != nil && a.Level == alert.High })
	if a := svc.Hub.Alert(); a.BPM != 141 || a.Threshold != 140 {
		t.Errorf("alert %+v", a)
	}
	testkit.Eventually(t, "the window told", func() bool {
		ev.mu.Lock()
		defer ev.mu.Unlock()
		for _, n := range ev.names {
			if n == EventAlert {
				return true
			}
		}
		return false
	})
	// 139 is within 5 BPM of the line: still high. A new source ends it.
	svc.Use(ctx, &demo.Source{Interval: time.Hour})
	testkit.Eventually(t, "no alert with the demo", func() bool { return svc.Hub.Alert() == nil })
}

func TestOSCGoesWhereTheSettingsOrTheFlagSay(t *testing.T) {
	for _, tc := range []struct {
		flag string
		set  config.Settings
		want string
	}{
		{"", config.Settings{}, ""},
		{"", config.Settings{OSC: true}, osc.DefaultAddr},
		{"", config.Settings{OSC: true, OSCAddr: "192.168.1.20:9000"}, "192.168.1.20:9000"},
		{"", config.Settings{OSCAddr: "192.168.1.20:9000"}, ""},
		{"127.0.0.1:9001", config.Settings{}, "127.0.0.1:9001"},
	} {
		svc := &Service{cfg: Config{Flags: config.Flags{OSC: tc.flag}}}
		if got := oscTarget(svc.InUse(tc.set)); got.Addr != tc.want {
			t.Errorf("--osc %q, settings %+v: to %q, want %q", tc.flag, tc.set, got.Addr, tc.want)
		}
	}
}
