package textfile

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var live = heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return string(data)
}

// follow runs a writer over h until the test ends; stop waits for it.
func follow(t *testing.T, w *Writer, h *hub.Hub) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { w.Follow(ctx, h); close(done) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

func TestTheFileHoldsTheBPMWhileLiveAndThePlaceholderOtherwise(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bpm.txt")
	h := hub.New()
	stop := follow(t, New(Target{Path: path}, testkit.Quiet, nil), h)
	testkit.Eventually(t, "the placeholder while connecting", func() bool { return read(t, path) == "--" })
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 72})
	testkit.Eventually(t, "72", func() bool { return read(t, path) == "72" })
	h.PublishBeat(heartrate.Beat{BPM: 101})
	testkit.Eventually(t, "101", func() bool { return read(t, path) == "101" })
	h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal, Source: "pulsoid"})
	testkit.Eventually(t, "the placeholder on no signal", func() bool { return read(t, path) == "--" })
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 99})
	testkit.Eventually(t, "99", func() bool { return read(t, path) == "99" })
	stop()
	if got := read(t, path); got != "--" {
		t.Errorf("after Beatcast stops the file says %q, want --", got)
	}
}

func TestThePlaceholderAndTheFileCanChangeWhileRunning(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	h := hub.New()
	w := New(Target{Path: first}, testkit.Quiet, nil)
	follow(t, w, h)
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 80})
	testkit.Eventually(t, "80 in the first file", func() bool { return read(t, first) == "80" })
	w.SetTarget(Target{Path: second, Offline: "offline"})
	testkit.Eventually(t, "80 in the second file", func() bool { return read(t, second) == "80" })
	if got := read(t, first); got != "--" {
		t.Errorf("the file left behind says %q, want its placeholder", got)
	}
	h.PublishStatus(heartrate.Status{State: heartrate.StateSignedOut})
	testkit.Eventually(t, "the streamer's placeholder", func() bool { return read(t, second) == "offline" })
}

func TestAReaderInATightLoopNeverSeesAnEmptyOrHalfWrittenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bpm.txt")
	h := hub.New()
	follow(t, New(Target{Path: path}, testkit.Quiet, nil), h)
	h.PublishStatus(live)
	h.PublishBeat(heartrate.Beat{BPM: 100})
	testkit.Eventually(t, "the first beat", func() bool { return read(t, path) == "100" })

	// A whole value; a shorter one may for an instant carry the old
	// length in trailing spaces (rewrite pads, then cuts).
	whole := regexp.MustCompile(`^(--|[0-9]{2,3}) *$`)
	var reads, bad atomic.Int64
	var seen sync.Map
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				data, err := os.ReadFile(path)
				reads.Add(1)
				if err != nil || !whole.Match(data) {
					bad.Add(1)
					seen.Store(string(data)+errString(err), true)
				}
			}
		})
	}
	for i := range 2000 {
		h.PublishBeat(heartrate.Beat{BPM: 60 + i%140})
		if i%50 == 0 {
			time.Sleep(time.Millisecond) // let the writer and readers interleave
		}
	}
	testkit.Eventually(t, "the last beat", func() bool { return read(t, path) == "99" }) // 60 + 1999%140
	close(stop)
	wg.Wait()
	if bad.Load() != 0 {
		var what []string
		seen.Range(func(k, _ any) bool { what = append(what, k.(string)); return true })
		t.Errorf("%d of %d reads found no whole value: %q", bad.Load(), reads.Load(), what)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

func TestAFileThatCannotBeWrittenIsToldOnceAndTheStreamGoesOn(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	h := hub.New()
	follow(t, New(Target{Path: filepath.Join(blocker, "bpm.txt")}, testkit.Quiet, func(p string) {
		mu.Lock()
		problems = append(problems, p)
		mu.Unlock()
	}), h)
	h.PublishStatus(live)
	for i := range 5 {
		h.PublishBeat(heartrate.Beat{BPM: 70 + i})
		time.Sleep(5 * time.Millisecond)
	}
	testkit.Eventually(t, "the problem", func() bool { mu.Lock(); defer mu.Unlock(); return len(problems) > 0 })
	mu.Lock()
	defer mu.Unlock()
	if len(problems) != 1 || !strings.Contains(problems[0], "on the Overlay screen") || !strings.Contains(problems[0], blocker) {
		t.Errorf("problems %q: want one sentence that names the file and what to do", problems)
	}
	if snap := h.Snapshot(); snap.Beat == nil || snap.Beat.BPM != 74 {
		t.Errorf("the stream stopped: %+v", snap)
	}
}
