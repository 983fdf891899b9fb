package service

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/testkit"
)

// Eight hours of a strap's beats (28,800 at one a second), sent as fast
// as Beatcast takes them, with everything a long stream switches on:
// overlays on /ws, the window's forwarder, the recorder, the text file,
// OSC and an alert line the rates cross. Once the hub's history is full
// (7,200 beats), nothing may grow: no goroutine, no open file, and the
// heap no more than a few messages' worth of garbage-collector noise.
// docs/BENCHMARKS.md has the same run on the real binary, with its RSS.
func TestEightHoursOfBeatsLeaveNoGoroutineFileOrMemoryBehind(t *testing.T) {
	const (
		fullHistory = 8_000  // past the hub's cap of 7,200: every cache is full
		eightHours  = 28_800 // beats at one a second
		clients     = 5
		// Allowed heap growth from full history to eight hours. A leak of
		// one message (~100 bytes) per beat per client would be 10 MiB.
		heapSlack = 1 << 20
	)
	dir := t.TempDir()
	vrchat, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer vrchat.Close()
	go drainPackets(vrchat)

	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", Log: quiet, HistoryDir: filepath.Join(dir, "sessions"),
		Flags: config.Flags{TextFile: filepath.Join(dir, "bpm.txt"), OSC: vrchat.LocalAddr().String(), AlertHigh: 150}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- svc.Run(ctx, nil) }()
	defer func() { cancel(); <-ran }()
	// The window, shown: the forwarder runs; what it sends goes nowhere.
	go NewForwarder(svc.Hub, func(Event, any) {}).Run(ctx)
	svc.Use(ctx, &pulsoid.Realtime{Client: pulsoid.NewClient(fake.URL, fake.Client()), APIURL: fake.URL,
		Token: "tok", HTTP: fake.Client(), Log: quiet})
	for range clients {
		c, _, err := websocket.Dial(ctx, "ws"+svc.OverlayURL()[len("http"):]+"ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		c.SetReadLimit(1 << 20) // the history message holds up to 7,200 beats
		go func() {
			for {
				if _, _, err := c.Read(ctx); err != nil {
					return
				}
			}
		}()
	}
	if !fake.AwaitConnections(1, 10*time.Second) {
		t.Fatal("Beatcast never connected to the fake Pulsoid")
	}

	sent := 0
	sendUpTo := func(n int) {
		for sent < n {
			sent++
			fake.Send(60+sent%120, 1_700_000_000_000+int64(sent)*1000)
			if sent%500 == 0 || sent == n { // let the stream catch up, as a strap's pace would
				testkit.Eventually(t, "the beats so far counted", func() bool { return svc.Hub.Snapshot().Stats.Count == sent })
			}
		}
	}
	sendUpTo(fullHistory)
	goroutines, files, heap := runtime.NumGoroutine(), openFiles(t), heapInUse()
	sendUpTo(eightHours)

	testkit.Eventually(t, "no more goroutines than with a full history", func() bool {
		return runtime.NumGoroutine() <= goroutines
	})
	testkit.Eventually(t, "no more open files than with a full history", func() bool { return openFiles(t) <= files })
	if grown := heapInUse() - heap; grown > heapSlack {
		t.Errorf("the heap grew by %d KiB from %d to %d beats, want at most %d KiB", grown>>10, fullHistory, eightHours, heapSlack>>10)
	}
	last := strconv.Itoa(60 + eightHours%120)
	testkit.Eventually(t, "the last beat in the text file", func() bool { return readFile(filepath.Join(dir, "bpm.txt")) == last })
}

func drainPackets(c net.PacketConn) {
	buf := make([]byte, 2048)
	for {
		if _, _, err := c.ReadFrom(buf); err != nil {
			return
		}
	}
}

// heapInUse is the live heap after a full collection, in bytes.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

// openFiles counts this process's open file descriptors (Linux and the
// BSDs have /dev/fd; elsewhere the test says it cannot count).
func openFiles(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/dev/fd")
	if err != nil {
		t.Fatalf("cannot count open files: %v", err)
	}
	return len(entries)
}
