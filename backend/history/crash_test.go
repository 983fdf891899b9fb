package history

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/testkit"
)

// crashDirEnv makes this test binary the process that records and is
// killed (see TestAKilledBeatcastLeavesAValidFileWithEveryFlushedBeat).
const crashDirEnv = "BEATCAST_HISTORY_CRASH_DIR"

// crashFlushEvery keeps the test short; what it proves does not depend on
// the interval (the loss is at most one interval, whatever it is).
const crashFlushEvery = 250 * time.Millisecond

// recordUntilKilled is the process the crash test kills: TestMain runs it
// instead of the tests when crashDirEnv is set. It records beats 20 times a
// second and says each one on stdout.
func recordUntilKilled(dir string) {
	r := NewRecorder(RecorderConfig{Dir: dir, Log: testkit.Quiet, FlushEvery: crashFlushEvery})
	go r.Run(context.Background())
	r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	for i := 0; ; i++ {
		r.PublishBeat(heartrate.Beat{BPM: 60 + i%100})
		fmt.Printf("beat %d %d\n", i, time.Now().UnixMilli())
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAKilledBeatcastLeavesAValidFileWithEveryFlushedBeat(t *testing.T) {
	t.Parallel() // it mostly waits for its child
	dir := t.TempDir()
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), crashDirEnv+"="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	published := map[int]int64{} // beat -> when it was queued
	lines := bufio.NewScanner(out)
	deadline := time.Now().Add(4 * crashFlushEvery)
	for time.Now().Before(deadline) && lines.Scan() {
		var i int
		var at int64
		if _, err := fmt.Sscanf(lines.Text(), "beat %d %d", &i, &at); err == nil {
			published[i] = at
		}
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now().UnixMilli()
	_ = child.Wait()

	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 1 {
		t.Fatalf("stream files %v, want one", files)
	}
	rows := readCSV(t, files[0]) // strict: a half-written row would fail here
	if rows[0][0] != "time" {
		t.Fatalf("no header: %q", rows[0])
	}
	kept := rows[1:]
	for i, row := range kept {
		if bpm, _ := strconv.Atoi(row[1]); bpm != 60+i%100 {
			t.Fatalf("row %d is %q: the file must hold the beats in order, none missing", i, row)
		}
	}
	// Every beat queued well before the kill reached the file: what a
	// crash loses is the last flush interval, not more.
	margin := (2*crashFlushEvery + 500*time.Millisecond).Milliseconds()
	for i, at := range published {
		if at < killedAt-margin && i >= len(kept) {
			t.Fatalf("beat %d, queued %d ms before the kill, is not in the file (%d rows)", i, killedAt-at, len(kept))
		}
	}
	if len(kept) == 0 {
		t.Fatal("nothing reached the file")
	}

	// Beatcast starts again: the old stream lists with what it kept, and
	// a new one begins beside it.
	s := &Store{Dir: dir}
	list, err := s.List(DefaultMaxBPM)
	if err != nil || len(list) != 1 || list[0].Beats != len(kept) || list[0].Skipped != 0 {
		t.Fatalf("after the crash List = %+v, %v; want %d beats", list, err, len(kept))
	}
	ctx, cancel := context.WithCancel(t.Context())
	r := NewRecorder(RecorderConfig{Dir: dir, Log: testkit.Quiet, FlushEvery: crashFlushEvery})
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	r.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
	r.PublishBeat(heartrate.Beat{BPM: 77})
	cancel()
	<-done
	list, _ = s.List(DefaultMaxBPM)
	if len(list) != 2 || list[0].Beats != 1 || !strings.HasPrefix(filepath.Base(files[0]), list[1].ID) {
		t.Errorf("after a restart: %+v", list)
	}
}
