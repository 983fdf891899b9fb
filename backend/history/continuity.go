package history

import "github.com/beatcast/beatcast/backend/heartrate"

// Continuity is the one rule of where a stream begins, which the hub (the
// dashboard's Session, every chart) and the recorder (History) both
// follow: with the first beat of another source, or the first beat after
// StreamGap without one. Nothing else begins a stream, so a restart, a
// sign-out and sign-in again, or a new token within the gap continue the
// one the streamer is in. service.fanout asks it on every beat; it is not
// safe for concurrent use.
type Continuity struct {
	source  heartrate.SourceName // of the last status
	last    int64                // arrival of the last beat, Unix ms; 0: none yet
	beatOf  heartrate.SourceName // the source of the last beat
	earlier *Earlier             // recorded before this run, until the first beat decides
}

// Earlier is the stream recorded before Beatcast started, which the first
// beat may continue.
type Earlier struct {
	ID     string
	Points []Point // in time order, at least one
}

// End is when the earlier stream's last beat arrived, Unix ms.
func (e *Earlier) End() int64 { return e.Points[len(e.Points)-1].T }

// Source is whose beats the earlier stream holds.
func (e *Earlier) Source() heartrate.SourceName { return e.Points[len(e.Points)-1].Source }

// Next says what a beat does to the stream.
type Next struct {
	Fresh     bool     // the beat begins a new stream
	Continues *Earlier // the beat continues the stream recorded before this run
}

// NewContinuity starts with earlier, the newest recorded stream (nil if
// there is none).
func NewContinuity(earlier *Earlier) *Continuity { return &Continuity{earlier: earlier} }

// Status notes whose beats come next.
func (c *Continuity) Status(st heartrate.Status) { c.source = st.Source }

// Beat says what a beat arriving at t (Unix ms) does to the stream.
func (c *Continuity) Beat(t int64) Next {
	gap := StreamGap.Milliseconds()
	defer func() { c.last, c.beatOf, c.earlier = t, c.source, nil }()
	// Only a stream of the same source continues (the file names it).
	if e := c.earlier; e != nil && c.source == e.Source() && t-e.End() <= gap {
		return Next{Continues: e}
	}
	return Next{Fresh: c.last == 0 || c.source != c.beatOf || t-c.last > gap}
}
