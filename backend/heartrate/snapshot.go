package heartrate

// Snapshot is everything a new consumer needs to draw the current picture
// without waiting for the next event: the status, the last beat and the
// stream statistics.
type Snapshot struct {
	Status Status `json:"status"`
	Beat   *Beat  `json:"beat,omitempty"`
	Stats  Stats  `json:"stats"`
}

// Stats summarises the valid beats of this stream.
type Stats struct {
	Count     int     `json:"count"`
	Min       int     `json:"min"`
	Max       int     `json:"max"`
	Average   float64 `json:"average"`
	StartedAt int64   `json:"started_at,omitempty"` // Unix ms of the first beat
	sum       int64
}

// Add folds one valid beat into the statistics; arrivedAt is Unix ms.
func (s *Stats) Add(bpm int, arrivedAt int64) {
	if s.Count == 0 {
		s.Min, s.Max, s.StartedAt = bpm, bpm, arrivedAt
	}
	s.Min = min(s.Min, bpm)
	s.Max = max(s.Max, bpm)
	s.Count++
	s.sum += int64(bpm)
	s.Average = float64(s.sum) / float64(s.Count)
}
