package alert

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Each case is a run of heart rates against high 150 / low 50 and the
// alerts it must raise, no more: a rate hovering at a line raises one.
func TestHysteresisKeepsARateAtTheLineFromFlapping(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bpms  []int
		wants []string // "level bpm threshold" per change
	}{
		{"steady", []int{90, 95, 100}, nil},
		{"up and back", []int{140, 150, 152, 147, 146, 145, 130},
			[]string{"high 150 150", "normal 145 150"}},
		{"hovering at the line", []int{149, 150, 149, 151, 148, 150, 149, 146},
			[]string{"high 150 150"}},
		{"down and back", []int{60, 50, 53, 54, 55},
			[]string{"low 50 50", "normal 55 50"}},
		{"from high straight to low", []int{160, 40},
			[]string{"high 160 150", "low 40 50"}},
		{"hovering at the low line", []int{51, 50, 52, 49, 51, 54},
			[]string{"low 50 50"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w Watch
			w.Set(Thresholds{High: 150, Low: 50})
			var got []string
			for _, bpm := range tc.bpms {
				if a, changed := w.Beat(bpm); changed {
					got = append(got, fmt.Sprintf("%s %d %d", a.Level, a.BPM, a.Threshold))
				}
			}
			if strings.Join(got, "; ") != strings.Join(tc.wants, "; ") {
				t.Errorf("alerts %q, want %q", got, tc.wants)
			}
		})
	}
}

func TestAThresholdTurnedOffOrMovedEndsItsAlert(t *testing.T) {
	var w Watch
	w.Set(Thresholds{High: 150})
	w.Beat(155)
	if a, changed := w.Set(Thresholds{High: 170}); !changed || a.Level != Normal || a.Threshold != 150 {
		t.Errorf("moving the line above the rate: %+v, %v", a, changed)
	}
	w.Beat(175)
	if a, changed := w.Set(Thresholds{}); !changed || a.Level != Normal {
		t.Errorf("turning the alert off: %+v, %v", a, changed)
	}
	if _, changed := w.Beat(200); changed {
		t.Error("an alert with no thresholds")
	}
}

func TestResetEndsAnAlertForANewStream(t *testing.T) {
	var w Watch
	w.Set(Thresholds{Low: 50})
	w.Beat(45)
	if a, changed := w.Reset(); !changed || a.Level != Normal {
		t.Errorf("Reset = %+v, %v", a, changed)
	}
	if _, changed := w.Reset(); changed {
		t.Error("a second Reset announced something")
	}
	if w.Current().Level != Normal {
		t.Errorf("after Reset: %+v", w.Current())
	}
}

func TestThresholdsAPersonCannotMeanAreRefusedWithWhatToDo(t *testing.T) {
	for th, want := range map[Thresholds]string{
		{High: 300}:           "between 30 and 250",
		{Low: 10}:             "between 30 and 250",
		{High: 100, Low: 100}: "must be below the high one",
		{High: 90, Low: 120}:  "must be below the high one",
	} {
		if err := th.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", th, err, want)
		}
	}
	for _, ok := range []Thresholds{{}, {High: 150}, {Low: 45}, {High: 160, Low: 50}} {
		if err := ok.Check(); err != nil {
			t.Errorf("%+v refused: %v", ok, err)
		}
	}
}

func TestOneAlertKeepsOneIDAndItsStartFromItsBeginningToItsEnd(t *testing.T) {
	at := time.Date(2026, 12, 4, 20, 15, 30, 250e6, time.FixedZone("CET", 3600))
	w := Watch{Clock: func() time.Time { return at }}
	w.Set(Thresholds{High: 150, Low: 50})
	w.Beat(120)
	high, _ := w.Beat(155)
	at = at.Add(time.Minute)
	still, _ := w.Beat(158)
	end, _ := w.Beat(140)
	again, _ := w.Beat(151)
	if high.ID == "" || high.Since != "2026-12-04T19:15:30.250Z" {
		t.Fatalf("the alert's id %q, since %q: want an id and its start in RFC 3339 UTC", high.ID, high.Since)
	}
	if still.ID != high.ID || end.ID != high.ID || end.Since != high.Since || end.Level != Normal {
		t.Errorf("one alert, three ids or starts: %+v, %+v, %+v", high, still, end)
	}
	if again.ID == high.ID || again.Since != "2026-12-04T19:16:30.250Z" {
		t.Errorf("a second alert %+v kept the first's id or start", again)
	}
	if ended, _ := w.Reset(); ended.ID != again.ID || ended.Level != Normal {
		t.Errorf("a reset ended %+v, want the alert under way, by its id", ended)
	}
}
