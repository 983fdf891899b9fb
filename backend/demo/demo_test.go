package demo

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
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

type recorder struct {
	mu    sync.Mutex
	beats []heartrate.Beat
	links []heartrate.Link
}

func (r *recorder) Beat(b heartrate.Beat) { r.mu.Lock(); r.beats = append(r.beats, b); r.mu.Unlock() }
func (r *recorder) Link(l heartrate.Link) { r.mu.Lock(); r.links = append(r.links, l); r.mu.Unlock() }

func TestSourceEmitsAtItsIntervalWithIncreasingTimestamps(t *testing.T) {
	var clock int64 = 1_700_000_000_000
	src := &Source{
		Interval: 20 * time.Millisecond,
		Now:      func() time.Time { clock += 1000; return time.UnixMilli(clock) },
		Gen:      NewGenerator(3),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 210*time.Millisecond)
	defer cancel()
	rec := &recorder{}
	if err := src.Run(ctx, rec); err != nil {
		t.Fatalf("Run = %v, want nil on cancel", err)
	}
	if len(rec.links) != 1 || rec.links[0].State != heartrate.LinkUp {
		t.Errorf("links = %+v, want one LinkUp", rec.links)
	}
	// One immediately, then one per 20 ms tick: about 11 in 210 ms.
	if n := len(rec.beats); n < 6 || n > 12 {
		t.Errorf("got %d beats in 210ms at a 20ms interval, want about 11", n)
	}
	for i := 1; i < len(rec.beats); i++ {
		if rec.beats[i].MeasuredAt <= rec.beats[i-1].MeasuredAt {
			t.Fatalf("measured_at not increasing: %d then %d", rec.beats[i-1].MeasuredAt, rec.beats[i].MeasuredAt)
		}
	}
	if rec.beats[0].MeasuredAt != 1_700_000_001_000 {
		t.Errorf("first measured_at = %d, want the source clock in Unix ms", rec.beats[0].MeasuredAt)
	}
}

func TestSourceDefaultsToOneReadingASecond(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	rec := &recorder{}
	start := time.Now().UnixMilli()
	_ = (&Source{}).Run(ctx, rec)
	if n := len(rec.beats); n != 3 {
		t.Errorf("got %d beats in 2.5 s, want 3 (one now, then one a second)", n)
	}
	if len(rec.beats) > 0 && rec.beats[0].MeasuredAt < start {
		t.Errorf("measured_at %d is before the run started (%d)", rec.beats[0].MeasuredAt, start)
	}
}
