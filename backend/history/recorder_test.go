package history

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

var live = heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"}

// ended collects what a recorder reports.
type ended struct {
	mu       sync.Mutex
	streams  []Summary
	problems []string
}

func (e *ended) config(dir string) RecorderConfig {
	return RecorderConfig{Dir: dir, Log: testkit.Quiet,
		OnEnd:     func(s Summary) { e.mu.Lock(); e.streams = append(e.streams, s); e.mu.Unlock() },
		OnProblem: func(p string) { e.mu.Lock(); e.problems = append(e.problems, p); e.mu.Unlock() }}
}

// running runs r until the test ends or stop is called; stop returns once
// r has finished its stream.
func running(t *testing.T, r *Recorder) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func (e *ended) got() ([]Summary, []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Summary(nil), e.streams...), append([]string(nil), e.problems...)
}

// beats publishes bpms one second apart, as a strap sends them.
func beats(r *Recorder, bpms ...int) {
	for _, b := range bpms {
		r.PublishBeat(heartrate.Beat{BPM: b})
		time.Sleep(time.Second)
	}
}

// steady is n beats of bpm.
func steady(n, bpm int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = bpm
	}
	return out
}

// readCSV opens a stream file the way a spreadsheet tool would.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s is not valid CSV: %v\n%s", path, err, data)
	}
	return rows
}

func TestAStreamIsRecordedAsItHappensInAFileSpreadsheetsOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "streams")
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		stop := running(t, r)
		r.PublishStatus(live)
		start := time.Now()
		beats(r, 72, 75, 80, 140, 90)
		synctest.Wait()

		// While it is recorded, the file already holds what was flushed.
		id := r.Active()
		if id != start.UTC().Format("20060102T150405Z") {
			t.Errorf("the stream is named %q, want its start in UTC", id)
		}
		rows := readCSV(t, filepath.Join(dir, id+".csv"))
		if len(rows) < 3 || rows[0][0] != "time" || rows[0][1] != "bpm" {
			t.Fatalf("after %v the file holds %q", FlushEvery*2, rows)
		}
		stop()

		rows = readCSV(t, filepath.Join(dir, id+".csv"))
		if len(rows) != 6 {
			t.Fatalf("rows %q, want the header and 5 beats", rows)
		}
		for i, row := range rows[1:] {
			at, err := time.Parse(time.RFC3339, row[0])
			if err != nil || !strings.HasSuffix(row[0], "Z") || len(row[0]) != len("2006-01-02T15:04:05.000Z") {
				t.Errorf("row %d time %q: want RFC 3339 UTC with milliseconds (%v)", i, row[0], err)
			}
			if want := start.Add(time.Duration(i) * time.Second); !at.Equal(want) {
				t.Errorf("row %d at %v, want %v", i, at, want)
			}
		}
		if got := rows[4][1]; got != "140" {
			t.Errorf("the fourth beat is %q, want 140", got)
		}
		if streams, _ := e.got(); len(streams) != 0 {
			t.Errorf("quitting announced a recap: %+v", streams)
		}
	})
	if runtime.GOOS != "windows" {
		for path, want := range map[string]os.FileMode{dir: 0o700} {
			if info, err := os.Stat(path); err != nil || info.Mode().Perm() != want {
				t.Errorf("%s: mode %v (%v), want %v", path, info.Mode().Perm(), err, want)
			}
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if info, _ := os.Stat(f); info.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want 0600 (health data)", f, info.Mode().Perm())
			}
		}
	}
	list, err := (&Store{Dir: dir}).List(DefaultMaxBPM)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	s := list[0]
	if s.Beats != 5 || s.Min != 72 || s.Max != 140 || s.Average != 91.4 || s.Duration() != 4*time.Second {
		t.Errorf("summary %+v", s)
	}
}

func TestDemoBeatsAreNeverRecorded(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		stop := running(t, r)
		r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
		beats(r, 70, 71, 72, 73)
		stop()
	})
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("demo beats left files: %v", files)
	}
}

func TestAStreamEndsOnASwitchOfSourceOrFiveMinutesWithoutABeat(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		defer running(t, r)()
		r.PublishStatus(live)
		beats(r, 80, 81)
		// No signal for four minutes is the same stream, and so is signing
		// out and in again...
		r.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal, Source: "pulsoid"})
		time.Sleep(2 * time.Minute)
		r.PublishStatus(heartrate.Status{State: heartrate.StateSignedOut, Source: "pulsoid"})
		time.Sleep(2 * time.Minute)
		r.PublishStatus(live)
		beats(r, 82)
		// ...five minutes without a beat end it then, not at the next beat.
		time.Sleep(StreamGap + 3*time.Second)
		synctest.Wait()
		if streams, _ := e.got(); len(streams) != 1 || streams[0].Beats != 3 {
			t.Fatalf("five minutes after the last beat the recaps are %+v, want one of 3 beats", streams)
		}
		if r.Active() != "" {
			t.Errorf("still recording %s", r.Active())
		}
		beats(r, 90, 91)
		// Switching to the demo ends it too; the demo's beats are not kept.
		r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
		beats(r, 60, 61)
		synctest.Wait()

		streams, problems := e.got()
		if len(problems) != 0 {
			t.Errorf("problems: %q", problems)
		}
		var got []int
		for _, s := range streams {
			got = append(got, s.Beats)
		}
		if len(got) != 2 || got[0] != 3 || got[1] != 2 {
			t.Errorf("streams ended with %v beats, want [3 2]", got)
		}
		if r.Active() != "" {
			t.Errorf("still recording %s during the demo", r.Active())
		}
	})
}

func TestAfterARestartTheStreamContinuesInItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		var e ended
		first := NewRecorder(e.config(dir))
		stop := running(t, first)
		first.PublishStatus(live)
		beats(first, 80, 81, 82)
		stop() // Beatcast quits (no recap)
		// A crash had cut the last line short.
		id := first.Store().newestForTest(t)
		f, err := os.OpenFile(first.store.csvPath(id), os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("2026-12-03T19:00:0")
		f.Close()

		time.Sleep(2 * time.Minute)
		second := NewRecorder(e.config(dir))
		earlier := second.Store().Latest(time.Now())
		if earlier == nil || earlier.ID != id || len(earlier.Points) != 3 {
			t.Fatalf("the newest stream to continue: %+v, want %s with 3 beats", earlier, id)
		}
		defer running(t, second)()
		second.PublishStatus(live)
		second.Resume(earlier)
		beats(second, 90, 91)
		synctest.Wait()
		if second.Active() != id {
			t.Fatalf("recording %q, want the earlier stream %s continued", second.Active(), id)
		}
		second.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
		synctest.Wait()
		streams, _ := e.got()
		if len(streams) != 1 || streams[0].ID != id || streams[0].Beats != 5 || streams[0].Skipped != 1 {
			t.Errorf("recaps %+v, want one of 5 beats in %s (and the cut line skipped)", streams, id)
		}
		if list, _ := second.Store().List(DefaultMaxBPM); len(list) != 1 {
			t.Errorf("History lists %d streams, want 1", len(list))
		}
		// Six minutes on, nothing is left to continue.
		time.Sleep(6 * time.Minute)
		if l := second.Store().Latest(time.Now()); l != nil {
			t.Errorf("a stream ended 6 minutes ago is offered to continue: %s", l.ID)
		}
	})
}

func TestRecordingTurnedOffEndsTheSessionAndKeepsNothingMore(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		defer running(t, r)()
		r.PublishStatus(live)
		beats(r, 80, 81)
		r.SetEnabled(false)
		beats(r, 82, 83, 84)
		synctest.Wait()
		if streams, _ := e.got(); len(streams) != 1 || streams[0].Beats != 2 {
			t.Errorf("streams %+v, want one of 2 beats", streams)
		}
		r.SetEnabled(true)
		beats(r, 85)
		synctest.Wait()
		if r.Active() == "" {
			t.Error("turned back on, the next beat starts no stream")
		}
	})
}

func TestAFolderThatCannotBeWrittenSaysSoOnceAndTheStreamGoesOn(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "streams")
	if err := os.WriteFile(blocker, []byte("a file where the folder should be"), 0o600); err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(blocker))
		defer running(t, r)()
		r.PublishStatus(live)
		beats(r, 80, 81, 82, 83, 84, 85)
		synctest.Wait()
		_, problems := e.got()
		if len(problems) != 1 || !strings.Contains(problems[0], blocker) || !strings.Contains(problems[0], "still on stream") {
			t.Errorf("problems %q, want one that names the folder", problems)
		}
		// A minute later it tries again (and says so again only then).
		beats(r, steady(61, 84)...)
		synctest.Wait()
		if _, problems := e.got(); len(problems) != 2 {
			t.Errorf("after a minute: %d problems, want 2", len(problems))
		}
	})
}

// fullDisk accepts the header and then fails as a full disk does.
type fullDisk struct {
	f      *os.File
	writes int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if d.writes++; d.writes > 2 {
		return 0, errors.New("no space left on device")
	}
	return d.f.Write(p)
}
func (d *fullDisk) Sync() error  { return d.f.Sync() }
func (d *fullDisk) Close() error { return d.f.Close() }

func TestAFullDiskStopsThisRecordingKeepsWhatWasWrittenAndTheNextStreamTriesAgain(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		r.create = func(path string) (streamFile, error) {
			f, err := openFile(path)
			if err != nil {
				return nil, err
			}
			return &fullDisk{f: f.(*os.File)}, nil
		}
		defer running(t, r)()
		r.PublishStatus(live)
		beats(r, 80, 81)     // one flush: written
		beats(r, 82, 83, 84) // the next: the disk is full
		synctest.Wait()
		_, problems := e.got()
		if len(problems) != 1 || !strings.Contains(problems[0], "no space left on device") || !strings.Contains(problems[0], "kept") {
			t.Fatalf("problems %q", problems)
		}
		r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
		synctest.Wait()
		streams, _ := e.got()
		if len(streams) != 1 || streams[0].Beats < 2 || streams[0].Beats > 3 || streams[0].Skipped != 0 {
			t.Errorf("the recap %+v: want the beats written before the disk filled", streams)
		}
	})
}

func TestSessionsOlderThanTheRetentionAreDeleted(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, age := range []int{1, 30, 89, 91, 400} {
		id := newID(now.AddDate(0, 0, -age), 1)
		if err := os.WriteFile(filepath.Join(dir, id+".csv"), []byte(csvHeader), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, id+".json"), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: dir}
	n, err := s.Prune(now, 0)
	if err != nil || n != 2 {
		t.Errorf("Prune(default) = %d, %v; want the 2 streams older than 90 days", n, err)
	}
	if n, _ := s.Prune(now, 30); n != 1 {
		t.Errorf("Prune(30 days) deleted %d, want 1", n)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 5 { // two streams of two files, and the streamer's own file
		t.Errorf("left %v", left)
	}
}

// newestForTest is the id of the one stream in the folder.
func (s *Store) newestForTest(t *testing.T) string {
	t.Helper()
	list, err := s.List(DefaultMaxBPM)
	if err != nil || len(list) != 1 {
		t.Fatalf("streams %+v, %v: want one", list, err)
	}
	return list[0].ID
}

// A strap's stream keeps its RR-intervals and its source in the file, and
// its summary has its HRV.
func TestAStrapsStreamIsRecordedWithItsRRIntervals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "streams")
	synctest.Test(t, func(t *testing.T) {
		var e ended
		r := NewRecorder(e.config(dir))
		stop := running(t, r)
		r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: heartrate.SourceBLE})
		for _, rr := range [][]int{{800}, {820, 790}, {810}} {
			r.PublishBeat(heartrate.Beat{BPM: 75, RR: rr})
			time.Sleep(time.Second)
		}
		synctest.Wait()
		id := r.Active()
		stop()
		rows := readCSV(t, filepath.Join(dir, id+".csv"))
		want := [][]string{{"time", "bpm", "rr", "source"}, {"", "75", "800", "ble"}, {"", "75", "820 790", "ble"}, {"", "75", "810", "ble"}}
		if len(rows) != len(want) {
			t.Fatalf("rows %q", rows)
		}
		for i, row := range rows {
			if i > 0 {
				row[0] = ""
			}
			if strings.Join(row, ",") != strings.Join(want[i], ",") {
				t.Errorf("row %d: %q, want %q", i, row, want[i])
			}
		}
	})
	list, err := (&Store{Dir: dir}).List(DefaultMaxBPM)
	if err != nil || len(list) != 1 || list[0].RMSSD != 23.8 || list[0].Source != heartrate.SourceBLE {
		t.Fatalf("List = %+v, %v; want HRV 23.8 ms from the strap", list, err)
	}
}
