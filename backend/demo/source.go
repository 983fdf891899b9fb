package demo

import (
	"context"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Source emits the Generator's readings at Interval until cancelled.
type Source struct {
	Interval time.Duration    // defaults to one second
	Now      func() time.Time // stamps measured_at; defaults to time.Now
	Gen      *Generator       // defaults to a generator seeded from the clock
}

// Name implements heartrate.Source.
func (s *Source) Name() heartrate.SourceName { return heartrate.SourceDemo }

// Run implements heartrate.Source. It never fails; it returns nil when ctx
// is cancelled.
func (s *Source) Run(ctx context.Context, out heartrate.Sink) error {
	interval, now, gen := s.Interval, s.Now, s.Gen
	if interval <= 0 {
		interval = time.Second
	}
	if now == nil {
		now = time.Now
	}
	if gen == nil {
		gen = NewGenerator(uint64(time.Now().UnixNano()))
	}
	out.Link(heartrate.Link{State: heartrate.LinkUp})
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		out.Beat(heartrate.Beat{BPM: gen.Next(), MeasuredAt: now().UnixMilli()})
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
