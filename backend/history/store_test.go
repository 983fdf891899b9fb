package history

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

var t0 = time.Date(2026, 11, 20, 19, 0, 0, 0, time.UTC)

// writeStream writes a stream file of bpms one second apart from start.
func writeStream(t testing.TB, dir string, start time.Time, bpms ...int) string {
	t.Helper()
	id := newID(start, 1)
	buf := []byte(csvHeader)
	for i, b := range bpms {
		buf = appendRow(buf, Point{T: start.Add(time.Duration(i) * time.Second).UnixMilli(), BPM: b})
	}
	if err := os.WriteFile(filepath.Join(dir, id+".csv"), buf, 0o600); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAMissingOrCorruptSummaryIsMadeAgainFromTheFile(t *testing.T) {
	dir := t.TempDir()
	id := writeStream(t, dir, t0, 60, 100, 140, 180, 190)
	s := &Store{Dir: dir}
	first, err := s.List(DefaultMaxBPM)
	if err != nil || len(first) != 1 || first[0].Max != 190 {
		t.Fatalf("List = %+v, %v", first, err)
	}
	if _, err := os.Stat(filepath.Join(dir, id+".json")); err != nil {
		t.Fatalf("no summary kept beside the file: %v", err)
	}
	for name, content := range map[string]string{
		"corrupt": "{not json",
		"lying":   `{"id":"` + id + `","max":999,"bytes":1}`, // the file changed since
	} {
		if err := os.WriteFile(filepath.Join(dir, id+".json"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		again, err := s.List(DefaultMaxBPM)
		if err != nil || len(again) != 1 || again[0].Max != 190 || again[0].Beats != 5 {
			t.Errorf("%s summary: List = %+v, %v", name, again, err)
		}
	}
	// Another maximum heart rate counts the zones again.
	other, _ := s.List(190)
	if other[0].MaxBPM != 190 || other[0].ZoneSeconds[len(Zones)-1] != 1 {
		t.Errorf("zones against 190: %+v", other[0])
	}
}

func TestTimeInEachZoneCountsTheGapsAsNobodysZone(t *testing.T) {
	// 50 % of 200 is Warm-up, 70 % Aerobic, 95 % Maximum; beats 1 s apart,
	// then a 60 s gap counts for zoneStep only.
	points := []Point{{T: 0, BPM: 100}, {T: 1000, BPM: 100}, {T: 2000, BPM: 140}, {T: 62000, BPM: 190}, {T: 63000, BPM: 190}}
	s := summarize("20261120T190000Z", points, 200)
	want := []float64{0, 2, 0, 10, 0, 1}
	for i := range want {
		if s.ZoneSeconds[i] != want[i] {
			t.Errorf("zone %s: %v s, want %v (all %v)", Zones[i].Name, s.ZoneSeconds[i], want[i], s.ZoneSeconds)
		}
	}
}

func TestAFileEditedByHandOrCutShortIsReadAsFarAsItMakesSense(t *testing.T) {
	dir := t.TempDir()
	id := newID(t0, 1)
	content := "time,bpm\n" +
		"2026-11-20T19:00:00.000Z,70\n" +
		"not a time,80\n" +
		"2026-11-20T19:00:01.000Z,lots\n" +
		"2026-11-20T19:00:02.000Z,999\n" + // not a heart rate
		"2026-11-20T19:00:03.5Z,75\n" + // fewer decimals: still RFC 3339
		"\"unterminated,1\n" +
		"2026-11-20T19:00:04.000Z,77\n" +
		"\"2026-11-20T19:00:06.000Z\";\"78\"\r\n" + // saved again by a spreadsheet
		"2026-11-20T19:00:05.000Z,1" // the crash cut this line short
	if err := os.WriteFile(filepath.Join(dir, id+".csv"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: dir}
	list, err := s.List(DefaultMaxBPM)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if got := list[0]; got.Beats != 4 || got.Max != 78 || got.Min != 70 || got.Skipped != 4 {
		t.Errorf("summary %+v: want the readable beats, the bad rows counted", got)
	}
	d, err := s.Detail(id, DefaultMaxBPM)
	if err != nil || d.Peaks[0].BPM != 78 {
		t.Errorf("Detail = %+v, %v", d, err)
	}
}

func TestTheDetailMarksPeaksApartAndShowsGapsAsGaps(t *testing.T) {
	var points []Point
	for i := range 3600 { // an hour, with 20 minutes of nothing in the middle
		if i >= 1200 && i < 2400 {
			continue
		}
		bpm := 80
		switch i {
		case 300:
			bpm = 170
		case 310: // close to the highest: not a peak of its own
			bpm = 169
		case 3000:
			bpm = 150
		}
		points = append(points, Point{T: t0.Add(time.Duration(i) * time.Second).UnixMilli(), BPM: bpm})
	}
	d := detail(summarize(newID(t0, 1), points, 200), points, "x.csv")
	if len(d.Points) > chartPoints {
		t.Errorf("%d chart points, want at most %d", len(d.Points), chartPoints)
	}
	gaps := 0
	for _, p := range d.Points {
		if p.BPM == 0 {
			gaps++
		}
	}
	if gaps < chartPoints/4 {
		t.Errorf("%d of %d chart points are gaps; the 20-minute gap is a third of the hour", gaps, len(d.Points))
	}
	if len(d.Peaks) != 3 || d.Peaks[0].BPM != 170 || d.Peaks[1].BPM != 150 || d.Peaks[2].BPM != 80 {
		t.Errorf("peaks %+v, want 170, 150 and one more at least five minutes away", d.Peaks)
	}
}

func TestIDsFromTheWindowCannotNameOtherFiles(t *testing.T) {
	dir := t.TempDir()
	s := &Store{Dir: dir}
	for _, id := range []string{"../settings", "20261120T190000Z/../../x", "", "20261120T190000Z.csv"} {
		if _, err := s.Detail(id, 200); err == nil {
			t.Errorf("Detail(%q) was accepted", id)
		}
		if err := s.Delete(id); err == nil {
			t.Errorf("Delete(%q) was accepted", id)
		}
	}
}

func TestTheSessionBeingRecordedIsListedButNotDeleted(t *testing.T) {
	dir := t.TempDir()
	id := writeStream(t, dir, t0, 70, 71)
	s := &Store{Dir: dir, Active: func() string { return id }}
	list, _ := s.List(200)
	if len(list) != 1 || !list[0].Recording {
		t.Errorf("List = %+v, want it marked as recording", list)
	}
	if err := s.Delete(id); err == nil || !strings.Contains(err.Error(), "still being recorded") {
		t.Errorf("Delete = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, id+".json")); err == nil {
		t.Error("a summary was written for the stream still being recorded")
	}
}

func TestFiveHundredStreamsListNewestFirst(t *testing.T) {
	t.Parallel() // it mostly waits on the disk
	dir := t.TempDir()
	for i := range 500 {
		writeStream(t, dir, t0.Add(-time.Duration(i)*24*time.Hour/4), 70, 80, 90)
	}
	s := &Store{Dir: dir}
	list, err := s.List(200)
	if err != nil || len(list) != 500 {
		t.Fatalf("%d streams, %v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Start >= list[i-1].Start {
			t.Fatalf("not newest first at %d: %s after %s", i, list[i].ID, list[i-1].ID)
		}
	}
	data, _ := json.Marshal(list[0])
	if len(data) > 2048 {
		t.Errorf("a summary is %d bytes; the list reads 500 of them", len(data))
	}
}

// BenchmarkList500 is "time to list 500 streams" in make bench, with
// their summaries kept (the usual case).
func BenchmarkList500(b *testing.B) {
	dir := b.TempDir()
	bpms := make([]int, 3600)
	for i := range bpms {
		bpms[i] = 60 + i%100
	}
	for i := range 500 {
		writeStream(b, dir, t0.Add(-time.Duration(i)*time.Hour), bpms...)
	}
	s := &Store{Dir: dir}
	if _, err := s.List(200); err != nil { // writes the summaries
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if list, err := s.List(200); err != nil || len(list) != 500 {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkRecord1000 is "CPU per 1,000 beats" of recording: queueing,
// formatting and writing them through the recorder's own path.
func BenchmarkRecord1000(b *testing.B) {
	dir := b.TempDir()
	r := NewRecorder(RecorderConfig{Dir: dir, Log: testkit.Quiet})
	start := time.Now()
	for n := 0; b.Loop(); n++ {
		for i := range 1000 {
			r.handle(event{kind: eventBeat, point: Point{T: start.Add(time.Duration(n*1000+i) * time.Second).UnixMilli(), BPM: 60 + i%100}})
			if i%2 == 1 {
				r.flush() // one write per two beats: FlushEvery at a strap's one beat a second
			}
		}
	}
	b.StopTimer()
	id := r.Active()
	r.end()
	info, err := os.Stat(filepath.Join(dir, id+".csv"))
	if err != nil {
		b.Fatal(err)
	}
	// What an hour of a strap's one beat a second costs on disk.
	b.ReportMetric(float64(info.Size())/float64(b.N*1000)*3600, "bytes/hour")
}

// RMSSD as HRV tools compute it: the root mean square of the differences
// of successive RR-intervals. 800, 820, 790, 810 ms differ by 20, -30, 20:
// sqrt((400+900+400)/3) = 23.8 ms. An artifact (a missed beat: 1600 ms)
// and a gap in the signal break the chain rather than count.
func TestAStreamWithRRIntervalsGetsItsHRV(t *testing.T) {
	ble := heartrate.SourceBLE
	points := []Point{
		{T: 0, BPM: 75, RR: []int{800}, Source: ble},
		{T: 1000, BPM: 74, RR: []int{820, 790}, Source: ble},
		{T: 2000, BPM: 75, RR: []int{810}, Source: ble},
		{T: 3000, BPM: 75, RR: []int{1600}, Source: ble}, // a missed beat: no difference counts across it
		{T: 4000, BPM: 75, RR: []int{805}, Source: ble},
		{T: 60000, BPM: 75, RR: []int{500}, Source: ble}, // after a 56 s gap: compared with nothing before
	}
	s := summarize("20261120T190000Z", points, 200)
	if s.RMSSD != 23.8 || s.RRIntervals != 7 || s.Source != ble {
		t.Errorf("RMSSD %v from %d intervals, source %q; want 23.8 from 7, ble", s.RMSSD, s.RRIntervals, s.Source)
	}
	pulsoid := summarize("20261120T190000Z", []Point{{T: 0, BPM: 70, Source: heartrate.SourcePulsoid}}, 200)
	if pulsoid.RMSSD != 0 || pulsoid.RRIntervals != 0 {
		t.Errorf("a Pulsoid stream has HRV %v", pulsoid.RMSSD)
	}
}

// The file keeps what a strap measured and whose stream it is; files of
// early versions (time,bpm) read as Pulsoid's.
func TestTheFileKeepsRRIntervalsAndTheSourceAndReadsOldFiles(t *testing.T) {
	var buf []byte
	buf = append(buf, csvHeader...)
	buf = appendRow(buf, Point{T: 1_764_000_000_000, BPM: 72, RR: []int{812, 830}, Source: heartrate.SourceBLE})
	buf = appendRow(buf, Point{T: 1_764_000_001_000, BPM: 73, Source: heartrate.SourcePulsoid})
	if want := "time,bpm,rr,source\n2025-11-24T16:00:00.000Z,72,812 830,ble\n2025-11-24T16:00:01.000Z,73,,pulsoid\n"; string(buf) != want {
		t.Errorf("file:\n%s\nwant:\n%s", buf, want)
	}
	points, skipped := parseCSV(buf)
	if skipped != 0 || len(points) != 2 || !slices.Equal(points[0].RR, []int{812, 830}) || points[0].Source != heartrate.SourceBLE ||
		points[1].RR != nil || points[1].Source != heartrate.SourcePulsoid {
		t.Errorf("read back %+v (%d skipped)", points, skipped)
	}
	old, _ := parseCSV([]byte("time,bpm\n2025-11-24T16:00:00.000Z,72\n"))
	if len(old) != 1 || old[0].Source != heartrate.SourcePulsoid {
		t.Errorf("an early file: %+v", old)
	}
}
