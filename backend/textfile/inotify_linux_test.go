package textfile

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

// inotifywait shows what any file watcher on Linux sees; Streamer.bot's
// File Watcher on Windows fires "Changed" on the same writes in place
// (FileSystemWatcher's LastWrite filter), and only "Renamed" on a rename.
func TestAFileWatcherOnTheFileSeesEveryNewValueAsAChangeAndKeepsWatching(t *testing.T) {
	if _, err := exec.LookPath("inotifywait"); err != nil {
		t.Fatal("inotifywait is missing: make setup-test installs it (Debian's inotify-tools)")
	}
	path := filepath.Join(t.TempDir(), "heart-rate.txt")
	h := hub.New()
	follow(t, New(Target{Path: path}, testkit.Quiet, nil), h)
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 70})
	testkit.Eventually(t, "the file", func() bool { return read(t, path) == "70" })

	cmd := exec.CommandContext(t.Context(), "inotifywait", "-m", "--format", "%e", path)
	out, _ := cmd.StdoutPipe()
	errs, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := bufio.NewScanner(errs)
	for ready.Scan() && !strings.Contains(ready.Text(), "Watches established") {
	}
	events := make(chan string, 100)
	go func() {
		defer close(events)
		for sc := bufio.NewScanner(out); sc.Scan(); {
			events <- sc.Text()
		}
	}()
	changes := func(what string) []string {
		t.Helper()
		var seen []string
		for quiet := time.After(300 * time.Millisecond); ; {
			select {
			case e, open := <-events:
				if !open {
					t.Fatalf("inotifywait stopped watching after %s; it saw %v", what, seen)
				}
				seen = append(seen, e)
				continue
			case <-quiet:
			}
			return seen
		}
	}
	for _, step := range []struct {
		bpm  int // 0: the signal is lost
		want string
	}{{100, "100"}, {99, "99"}, {99 + 1, "100"}, {0, "--"}, {64, "64"}} {
		if step.bpm == 0 {
			h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
		} else {
			h.PublishStatus(live)
			h.PublishBeat(heartrate.Beat{BPM: step.bpm})
		}
		testkit.Eventually(t, step.want, func() bool { return read(t, path) == step.want })
		seen := strings.Join(changes(step.want), " ")
		if !strings.Contains(seen, "MODIFY") || !strings.Contains(seen, "CLOSE_WRITE") {
			t.Errorf("writing %s: the watcher saw %q, want MODIFY and CLOSE_WRITE", step.want, seen)
		}
		for _, gone := range []string{"DELETE_SELF", "MOVE_SELF", "IGNORED"} {
			if strings.Contains(seen, gone) {
				t.Errorf("writing %s: the watcher saw %q: the file it watched went away", step.want, seen)
			}
		}
	}
}
