package service

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/demo"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/testkit"
)

// strap is a source named like Pulsoid that sends its beats and then
// stays connected.
type strap struct{ bpms []int }

func (strap) Name() heartrate.SourceName { return heartrate.SourcePulsoid }
func (s strap) Run(ctx context.Context, out heartrate.Sink) error {
	out.Link(heartrate.Link{State: heartrate.LinkUp})
	for _, b := range s.bpms {
		out.Beat(heartrate.Beat{BPM: b})
		time.Sleep(5 * time.Millisecond)
	}
	<-ctx.Done()
	return ctx.Err()
}

func readFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return string(data)
}

func TestAStreamIsRecordedInTheTextFileAndAFreshStreamBeginsWithTheDemo(t *testing.T) {
	dir := t.TempDir()
	sessions, text := filepath.Join(dir, "sessions"), filepath.Join(dir, "bpm.txt")
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, HistoryDir: sessions, Flags: config.Flags{TextFile: text}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var recaps []history.Summary
	svc.History.OnStreamEnd(func(s history.Summary) { mu.Lock(); recaps = append(recaps, s); mu.Unlock() })
	ev := &events{}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, nil) }()
	go ForwardToUI(ctx, svc.Hub, ev.emit)

	svc.Use(ctx, strap{bpms: []int{150, 160, 170, 165}})
	testkit.Eventually(t, "165 in the text file", func() bool { return readFile(text) == "165" })
	if st := svc.Hub.Snapshot().Stats; st.Max != 170 || st.Count != 4 {
		t.Fatalf("stats %+v", st)
	}

	svc.Use(ctx, &demo.Source{Interval: 10 * time.Millisecond})
	testkit.Eventually(t, "the Pulsoid stream to end with its recap", func() bool { mu.Lock(); defer mu.Unlock(); return len(recaps) == 1 })
	testkit.Eventually(t, "the demo live", func() bool { return svc.Hub.Snapshot().Status.Source == "demo" && svc.Hub.Snapshot().Beat != nil })
	if st := svc.Hub.Snapshot().Stats; st.Max >= 150 {
		t.Errorf("the demo's stream still holds the strap's beats: %+v", st)
	}
	ev.mu.Lock()
	var reset bool
	for _, n := range ev.names {
		reset = reset || n == EventRecent
	}
	ev.mu.Unlock()
	if !reset {
		t.Error("the window was not told to start its chart over")
	}
	mu.Lock()
	if r := recaps[0]; r.Beats != 4 || r.Max != 170 || r.Min != 150 {
		t.Errorf("recap %+v", r)
	}
	mu.Unlock()

	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if got := readFile(text); got != "--" {
		t.Errorf("after stopping the text file says %q", got)
	}
	list, err := svc.History.Streams()
	if err != nil || len(list) != 1 || list[0].Beats != 4 {
		t.Errorf("streams %+v, %v: want the strap's only; demo beats are not kept", list, err)
	}
}

func TestNoHistoryRecordsNothingWhateverTheSettingsSay(t *testing.T) {
	dir := t.TempDir()
	store, _, err := config.OpenStore(config.Paths{ConfigDir: filepath.Join(dir, "config"), DataDir: filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	sessions := filepath.Join(dir, "sessions")
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, Store: store, HistoryDir: sessions, Flags: config.Flags{NoHistory: true}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, strap{bpms: []int{90, 91, 92}}) }()
	testkit.Eventually(t, "the beats", func() bool { return svc.Hub.Snapshot().Stats.Count == 3 })
	svc.ApplySettings(config.Settings{}) // recording on in the settings: the flag still wins
	svc.Monitor.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut})
	cancel()
	<-ran
	if files, _ := filepath.Glob(filepath.Join(sessions, "*")); len(files) != 0 {
		t.Errorf("--no-history left %v", files)
	}
}

func TestTheSettingsMoveTheTextFileAndTurnRecordingOffAtOnce(t *testing.T) {
	dir := t.TempDir()
	store, _, err := config.OpenStore(config.Paths{ConfigDir: filepath.Join(dir, "config"), DataDir: filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	sessions := filepath.Join(dir, "sessions")
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, Store: store, HistoryDir: sessions})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, strap{bpms: []int{90, 91, 92}}) }()
	defer func() { cancel(); <-ran }()
	testkit.Eventually(t, "recording", func() bool { return svc.History.recorder.Active() != "" })

	text := filepath.Join(dir, "obs", "bpm.txt")
	svc.ApplySettings(config.Settings{HistoryOff: true, TextFile: text, TextFileOffline: "away"})
	testkit.Eventually(t, "the text file at its new place", func() bool { return readFile(text) == "92" })
	testkit.Eventually(t, "recording to stop", func() bool { return svc.History.recorder.Active() == "" })
	svc.Monitor.Report("pulsoid", heartrate.Link{State: heartrate.LinkSignedOut})
	testkit.Eventually(t, "the placeholder the streamer chose", func() bool { return readFile(text) == "away" })
}

// One evening: a restart, a sign-out and sign-in again, each within five
// minutes, stay one stream in History and on the dashboard.
func TestARestartOrANewSignInWithinTheGapContinuesTheStream(t *testing.T) {
	sessions := filepath.Join(t.TempDir(), "sessions")
	run := func(do func(svc *Service, ctx context.Context)) {
		svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, HistoryDir: sessions})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- svc.Run(ctx, nil) }()
		do(svc, ctx)
		cancel()
		if err := <-ran; err != nil {
			t.Fatal(err)
		}
	}
	run(func(svc *Service, ctx context.Context) {
		svc.Use(ctx, strap{bpms: []int{80, 81, 82}})
		testkit.Eventually(t, "three beats", func() bool { return svc.Hub.Snapshot().Stats.Count == 3 })
	})
	run(func(svc *Service, ctx context.Context) { // Beatcast restarted
		svc.Use(ctx, strap{bpms: []int{90, 91}})
		testkit.Eventually(t, "the stream to go on", func() bool { return svc.Hub.Snapshot().Stats.Count == 5 })
		// The token dies; the streamer signs in again.
		svc.Report(heartrate.SourcePulsoid, heartrate.Link{State: heartrate.LinkSignedOut, Reason: heartrate.ReasonTokenExpired})
		svc.Use(ctx, nil)
		svc.Use(ctx, strap{bpms: []int{100}})
		testkit.Eventually(t, "the stream to go on after signing in", func() bool { return svc.Hub.Snapshot().Stats.Count == 6 })
		list, err := svc.History.Streams()
		if err != nil || len(list) != 1 || !list[0].Recording {
			t.Fatalf("History: %+v, %v; want one stream, recording", list, err)
		}
		if st := svc.Hub.Snapshot().Stats; st.StartedAt != list[0].Start || st.Min != 80 || st.Max != 100 {
			t.Errorf("the dashboard's stream %+v is not History's (began %d)", st, list[0].Start)
		}
		if n := len(svc.Hub.Recent()); n != 6 {
			t.Errorf("the chart holds %d beats, want all 6 of the evening", n)
		}
	})
	list, _ := history.NewRecorder(history.RecorderConfig{Dir: sessions, Log: quiet}).Store().List(history.DefaultMaxBPM)
	if len(list) != 1 || list[0].Beats != 6 {
		t.Errorf("History lists %+v, want one stream of 6 beats", list)
	}
}
