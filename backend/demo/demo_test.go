package demo

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

func TestGeneratorDriftsBetweenRestAndEffortSmoothly(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		g := NewGenerator(seed)
		lo, hi, prev := 1000, 0, g.Next()
		for i := 0; i < 2*3600; i++ { // two hours at one reading a second
			bpm := g.Next()
			if bpm < 55 || bpm > 175 {
				t.Fatalf("seed %d: reading %d is %d bpm, outside 55–175", seed, i, bpm)
			}
			if d := bpm - prev; d > 8 || d < -8 {
				t.Fatalf("seed %d: jumped %d bpm in one second (%d → %d)", seed, d, prev, bpm)
			}
			lo, hi, prev = min(lo, bpm), max(hi, bpm), bpm
		}
		if lo > 75 || hi < 140 {
			t.Errorf("seed %d: range %d–%d; want it to reach rest (<75) and effort (>140)", seed, lo, hi)
		}
	}
}

func TestGeneratorIsNoisyNotFlat(t *testing.T) {
	g := NewGenerator(7)
	same := 0
	prev := g.Next()
	for i := 0; i < 600; i++ {
		bpm := g.Next()
		if bpm == prev {
			same++
		}
		prev = bpm
	}
	if same > 400 {
		t.Errorf("%d of 600 readings repeat the previous one: looks frozen", same)
	}
}

func TestSourceEmitsAtItsIntervalWithIncreasingTimestamps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var clock int64 = 1_700_000_000_000
		src := &Source{
			Interval: 20 * time.Millisecond,
			Now:      func() time.Time { clock += 1000; return time.UnixMilli(clock) },
			Gen:      NewGenerator(3),
		}
		ctx, cancel := context.WithTimeout(t.Context(), 210*time.Millisecond)
		defer cancel()
		rec := &testkit.Sink{}
		if err := src.Run(ctx, rec); err != nil {
			t.Fatalf("Run = %v, want nil on cancel", err)
		}
		if links := rec.Links(); len(links) != 1 || links[0].State != heartrate.LinkUp {
			t.Errorf("links = %+v, want one LinkUp", links)
		}
		beats := rec.Beats()
		if n := len(beats); n != 11 {
			t.Errorf("got %d beats in 210 ms at a 20 ms interval, want 11 (one at once, then one a tick)", n)
		}
		for i := 1; i < len(beats); i++ {
			if beats[i].MeasuredAt <= beats[i-1].MeasuredAt {
				t.Fatalf("measured_at not increasing: %d then %d", beats[i-1].MeasuredAt, beats[i].MeasuredAt)
			}
		}
		if beats[0].MeasuredAt != 1_700_000_001_000 {
			t.Errorf("first measured_at = %d, want the source clock in Unix ms", beats[0].MeasuredAt)
		}
	})
}

func TestSourceDefaultsToOneReadingASecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		rec := &testkit.Sink{}
		start := time.Now().UnixMilli()
		_ = (&Source{}).Run(ctx, rec)
		beats := rec.Beats()
		if n := len(beats); n != 3 {
			t.Errorf("got %d beats in 2.5 s, want 3 (one now, then one a second)", n)
		}
		if len(beats) > 0 && beats[0].MeasuredAt != start {
			t.Errorf("measured_at %d, want the clock when it ran (%d)", beats[0].MeasuredAt, start)
		}
	})
}
