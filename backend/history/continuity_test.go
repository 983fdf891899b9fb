package history

import (
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

func TestOnlyAnotherSourceOrAFiveMinuteGapBeginsAStream(t *testing.T) {
	pulsoid := heartrate.Status{Source: heartrate.SourcePulsoid}
	demo := heartrate.Status{Source: heartrate.SourceDemo}
	min := time.Minute.Milliseconds()
	c := NewContinuity(nil)
	steps := []struct {
		status *heartrate.Status
		at     int64
		fresh  bool
		what   string
	}{
		{&pulsoid, 1000, true, "the first beat"},
		{nil, 2000, false, "the next"},
		{&heartrate.Status{Source: heartrate.SourcePulsoid, State: heartrate.StateSignedOut}, 4*min + 2000, false, "signed out and in again, 4 minutes later"},
		{nil, 9*min + 3000, true, "more than 5 minutes later"},
		{&demo, 9*min + 4000, true, "the demo"},
		{&pulsoid, 9*min + 5000, true, "back to Pulsoid"},
	}
	for _, s := range steps {
		if s.status != nil {
			c.Status(*s.status)
		}
		if got := c.Beat(s.at); got.Fresh != s.fresh || got.Continues != nil {
			t.Errorf("%s: %+v, want fresh %v", s.what, got, s.fresh)
		}
	}
}

func TestTheFirstBeatAfterARestartContinuesARecentStream(t *testing.T) {
	pulsoid := &Earlier{ID: "20261203T190000Z", Points: []Point{{T: 1000, BPM: 80, Source: heartrate.SourcePulsoid},
		{T: 61_000, BPM: 90, Source: heartrate.SourcePulsoid}}}
	strap := &Earlier{ID: "20261203T190000Z", Points: []Point{{T: 61_000, BPM: 90, RR: []int{667}, Source: heartrate.SourceBLE}}}
	for _, tc := range []struct {
		what    string
		earlier *Earlier
		source  heartrate.SourceName
		at      int64
		want    bool
	}{
		{"Pulsoid 4 minutes after the last beat", pulsoid, heartrate.SourcePulsoid, 61_000 + 4*60_000, true},
		{"Pulsoid 6 minutes after", pulsoid, heartrate.SourcePulsoid, 61_000 + 6*60_000, false},
		{"the demo", pulsoid, heartrate.SourceDemo, 62_000, false},
		{"the strap after the strap", strap, heartrate.SourceBLE, 62_000, true},
		{"the strap after Pulsoid", pulsoid, heartrate.SourceBLE, 62_000, false},
		{"Pulsoid after the strap", strap, heartrate.SourcePulsoid, 62_000, false},
	} {
		earlier := tc.earlier
		c := NewContinuity(earlier)
		c.Status(heartrate.Status{Source: tc.source})
		next := c.Beat(tc.at)
		if (next.Continues == earlier) != tc.want || next.Fresh == tc.want {
			t.Errorf("%s: %+v, want continues %v", tc.what, next, tc.want)
		}
		if again := c.Beat(tc.at + 1000); again.Continues != nil || again.Fresh {
			t.Errorf("%s: the second beat %+v", tc.what, again)
		}
	}
}
