package history

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Zone is a band of heart rate as a share of the streamer's maximum, the
// five zones fitness watches use, below which is rest.
type Zone struct {
	Name  string `json:"name"`
	From  int    `json:"from"` // percent of the maximum heart rate
	Color string `json:"color"`
}

// Zones are the colour zones, lowest first.
var Zones = []Zone{
	{"Rest", 0, "#8a93a6"},
	{"Warm-up", 50, "#5ac8fa"},
	{"Easy", 60, "#34c759"},
	{"Aerobic", 70, "#ffd60a"},
	{"Threshold", 80, "#ff9f0a"},
	{"Maximum", 90, "#ff3b30"},
}

// DefaultMaxBPM is the maximum heart rate zones are counted against unless
// the streamer sets theirs.
const DefaultMaxBPM = 200

// ZoneOf is the index in Zones of bpm for the maximum maxBPM.
func ZoneOf(bpm, maxBPM int) int {
	pct := bpm * 100 / maxBPM
	z := 0
	for i, zone := range Zones {
		if pct >= zone.From {
			z = i
		}
	}
	return z
}

// sparkLength is how many points a summary keeps for the list's chart.
const sparkLength = 120

// zoneStep caps how much time one beat counts for in its zone: a gap in
// the signal is nobody's zone.
const zoneStep = heartrate.BeatGap

// Summary is what the history list shows of a stream.
type Summary struct {
	ID      string  `json:"id"`
	Start   int64   `json:"start"` // Unix ms of the first beat
	End     int64   `json:"end"`   // Unix ms of the last beat
	Beats   int     `json:"beats"`
	Min     int     `json:"min"`
	Max     int     `json:"max"`
	Average float64 `json:"average"`
	// ZoneSeconds is the time spent in each of Zones, counted against
	// MaxBPM.
	ZoneSeconds []float64 `json:"zone_seconds"`
	MaxBPM      int       `json:"max_bpm"`
	// Spark is the heart rate over the stream in at most sparkLength
	// steps (0: no beat in that step), for a small chart.
	Spark []int `json:"spark"`
	// Skipped counts rows of the file that were not a time and a heart
	// rate (a file edited by hand).
	Skipped int `json:"skipped,omitempty"`
	// Bytes is the size of the CSV file the summary was made from: a file
	// that has changed since is summarised again.
	Bytes int64 `json:"bytes"`
	// Recording: this stream is still being recorded.
	Recording bool `json:"recording,omitempty"`
	// Source is whose beats these are: "pulsoid" or "ble".
	Source heartrate.SourceName `json:"source,omitempty"`
	// RMSSD is the heart rate variability of a stream whose strap sent
	// RR-intervals (ms, 0 without them), from RRIntervals of them.
	RMSSD       float64 `json:"rmssd,omitempty"`
	RRIntervals int     `json:"rr_intervals,omitempty"`
}

// Duration is how long the stream lasted, first beat to last.
func (s Summary) Duration() time.Duration { return time.Duration(s.End-s.Start) * time.Millisecond }

// summarize computes the summary of points (in time order) for maxBPM.
func summarize(id string, points []Point, maxBPM int) Summary {
	s := Summary{ID: id, Beats: len(points), MaxBPM: maxBPM, ZoneSeconds: make([]float64, len(Zones)), Spark: []int{}}
	if len(points) == 0 {
		if t, ok := startOf(id); ok {
			s.Start, s.End = t.UnixMilli(), t.UnixMilli()
		}
		return s
	}
	s.Start, s.End = points[0].T, points[len(points)-1].T
	s.Min, s.Max = points[0].BPM, points[0].BPM
	var sum int64
	for i, p := range points {
		s.Min, s.Max = min(s.Min, p.BPM), max(s.Max, p.BPM)
		sum += int64(p.BPM)
		if i+1 < len(points) {
			step := min(time.Duration(points[i+1].T-p.T)*time.Millisecond, zoneStep)
			s.ZoneSeconds[ZoneOf(p.BPM, maxBPM)] += step.Seconds()
		}
	}
	s.Average = math.Round(float64(sum)/float64(len(points))*10) / 10
	s.Source = points[len(points)-1].Source
	s.RMSSD, s.RRIntervals = rmssd(points)
	for i := range s.ZoneSeconds {
		s.ZoneSeconds[i] = math.Round(s.ZoneSeconds[i])
	}
	for _, b := range buckets(points, sparkLength) {
		s.Spark = append(s.Spark, b.BPM)
	}
	return s
}

// Bounds of an RR-interval that is a heartbeat (30 to 200 BPM), and the
// largest change from one to the next that is not an artifact (a missed or
// extra beat): 20 % of the interval before, the filter HRV tools commonly
// apply before RMSSD.
const (
	minRR       = 300
	maxRR       = 2000
	maxRRChange = 0.20
)

// rmssd is the root mean square of successive differences of the
// stream's RR-intervals (ms, one decimal) and how many intervals it took.
// Intervals are successive only within one line of beats (heartrate.BeatGap):
// across a gap in the signal nothing is compared.
func rmssd(points []Point) (float64, int) {
	var sumSq float64
	var diffs, used int
	prev, prevAt := 0, int64(0)
	for _, p := range points {
		if prevAt != 0 && p.T-prevAt > heartrate.BeatGap.Milliseconds() {
			prev = 0
		}
		for _, rr := range p.RR {
			if rr < minRR || rr > maxRR {
				prev = 0
				continue
			}
			used++
			if prev != 0 && math.Abs(float64(rr-prev)) <= maxRRChange*float64(prev) {
				d := float64(rr - prev)
				sumSq += d * d
				diffs++
			}
			prev = rr
		}
		if len(p.RR) > 0 {
			prevAt = p.T
		}
	}
	if diffs == 0 {
		return 0, 0
	}
	return math.Round(math.Sqrt(sumSq/float64(diffs))*10) / 10, used
}

// buckets cuts the stream into n equal spans of time and gives each the
// mean of its beats, or BPM 0 where there was none (a gap), at the span's
// middle.
func buckets(points []Point, n int) []Point {
	if len(points) == 0 {
		return nil
	}
	start, end := points[0].T, points[len(points)-1].T
	if end == start || len(points) <= n {
		return slices.Clone(points)
	}
	span := float64(end-start) / float64(n)
	sums, counts := make([]int, n), make([]int, n)
	for _, p := range points {
		i := min(int(float64(p.T-start)/span), n-1)
		sums[i] += p.BPM
		counts[i]++
	}
	out := make([]Point, n)
	for i := range out {
		out[i].T = start + int64((float64(i)+0.5)*span)
		if counts[i] > 0 {
			out[i].BPM = int(math.Round(float64(sums[i]) / float64(counts[i])))
		}
	}
	return out
}

// Detail is one stream for its full-size chart.
type Detail struct {
	Summary
	// Points is the stream at most chartPoints long: each the mean of its
	// stretch of time, BPM 0 for a stretch without beats.
	Points []Point `json:"points"`
	// Peaks are the highest beats, each at least peakDistance from the
	// others, highest first.
	Peaks []Point `json:"peaks"`
	// Path is the CSV file.
	Path string `json:"path"`
}

const (
	chartPoints  = 1500
	maxPeaks     = 3
	peakDistance = 5 * time.Minute
)

// detail makes the Detail of a stream from its points.
func detail(s Summary, points []Point, path string) Detail {
	return Detail{Summary: s, Points: buckets(points, chartPoints), Peaks: peaks(points), Path: path}
}

// peaks picks the highest beats at least peakDistance apart; among equal
// heart rates, the earliest.
func peaks(points []Point) []Point {
	order := slices.Clone(points)
	slices.SortStableFunc(order, func(a, b Point) int { return cmp.Compare(b.BPM, a.BPM) })
	var out []Point
	for _, p := range order {
		if len(out) == maxPeaks {
			break
		}
		far := true
		for _, q := range out {
			if d := p.T - q.T; d < peakDistance.Milliseconds() && -d < peakDistance.Milliseconds() {
				far = false
				break
			}
		}
		if far {
			out = append(out, p)
		}
	}
	return out
}
