package service

import (
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/history"
)

// fanout is the monitor's output: the hub (which may skip beats for a slow
// consumer), the recorder (which queues every one) and the alert watch.
// The monitor calls it under its lock, one call at a time.
type fanout struct{ s *Service }

func (f fanout) PublishStatus(st heartrate.Status) {
	f.s.continuity.Status(st)
	f.s.Hub.PublishStatus(st)
	if f.s.History != nil {
		f.s.History.recorder.PublishStatus(st)
	}
}

func (f fanout) PublishBeat(beat heartrate.Beat) {
	// The hub's stream (the dashboard's Session, every chart) begins and
	// ends where the recorded one does: history.Continuity is the rule.
	switch next := f.s.continuity.Beat(time.Now().UnixMilli()); {
	case next.Continues != nil:
		f.s.Hub.Continue(arrivals(next.Continues.Points))
		if f.s.History != nil {
			f.s.History.recorder.Resume(next.Continues)
		}
	case next.Fresh && f.s.Hub.Snapshot().Stats.Count > 0:
		f.s.Hub.Reset() // after a gap (a switch of source has reset it already)
	}
	f.s.Hub.PublishBeat(beat)
	if f.s.History != nil {
		f.s.History.recorder.PublishBeat(beat)
	}
	if a, changed := f.s.Alerts.Beat(beat.BPM); changed {
		f.s.Hub.PublishAlert(a) // after the beat that crossed
	}
}

// arrivals are a recorded stream's beats as the hub keeps them.
func arrivals(points []history.Point) []heartrate.Arrival {
	out := make([]heartrate.Arrival, len(points))
	for i, p := range points {
		out[i] = heartrate.Arrival{BPM: p.BPM, MeasuredAt: p.T, ArrivedAt: p.T}
	}
	return out
}
