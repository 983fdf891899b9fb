package overlay

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
	"github.com/beatcast/beatcast/backend/testkit/memnet"
)

// serveInMemory runs a server on a memnet listener inside a synctest
// bubble; stop cancels it and returns Serve's error and how long it took.
func serveInMemory(t *testing.T) (*hub.Hub, *memnet.Listener, func() (time.Duration, error)) {
	return serveLogging(t, testkit.Quiet)
}

func serveLogging(t *testing.T, logger *slog.Logger) (*hub.Hub, *memnet.Listener, func() (time.Duration, error)) {
	t.Helper()
	h := hub.New()
	srv := New(h, logger, Config{LocalFileKey: testKey})
	ln := memnet.Listen("127.0.0.1:8765")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	return h, ln, func() (time.Duration, error) {
		began := time.Now()
		cancel()
		err := <-done
		return time.Since(began), err
	}
}

// Issue #14: shutdown waited 5 s and exited 1 with one silent connection,
// and 5 s with a websocket client that never reads.
func TestShutdownTakesUnderASecondWhateverTheClientsDo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, ln, stop := serveInMemory(t)
		// A connection that never sends a byte.
		silent, err := ln.Dial(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer silent.Close()
		// A request that stops halfway through its headers.
		half, _ := ln.Dial(t.Context())
		defer half.Close()
		_, _ = io.WriteString(half, "GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n")
		// A websocket client that never reads: on a pipe, every write to it
		// blocks, as full socket buffers do.
		stuck, _, err := websocket.Dial(t.Context(), "ws://127.0.0.1:8765/ws", &websocket.DialOptions{HTTPClient: ln.Client()})
		if err != nil {
			t.Fatal(err)
		}
		defer stuck.CloseNow()
		for i := range 50 {
			h.PublishBeat(heartrate.Beat{BPM: 60 + i, MeasuredAt: int64(i)})
		}
		time.Sleep(time.Second)
		synctest.Wait()
		took, err := stop()
		if err != nil || took > time.Second {
			t.Errorf("Serve returned %v after %v, want nil within 1 s", err, took)
		}
	})
}

func TestAnIdleKeepAliveConnectionIsClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, ln, stop := serveInMemory(t)
		defer stop()
		c, err := ln.Dial(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		r := bufio.NewReader(c)
		_, _ = io.WriteString(c, "GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n\r\n")
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		began := time.Now()
		if _, err := r.ReadByte(); err != io.EOF {
			t.Fatalf("read %v, want the server to close the idle connection", err)
		}
		if idle := time.Since(began); idle != idleTimeout {
			t.Errorf("closed after %v of idleness, want %v", idle, idleTimeout)
		}
	})
}

func TestConnectionsBeyondTheCapAreClosedAndCountedNotQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger, logs := testkit.Logger()
		_, ln, stop := serveLogging(t, logger)
		defer stop()
		var open []net.Conn
		defer func() {
			for _, c := range open {
				c.Close()
			}
		}()
		for range MaxConnections + 40 {
			c, err := ln.Dial(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, c)
		}
		synctest.Wait()
		closedByServer := 0
		for _, c := range open {
			_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
			if _, err := c.Read(make([]byte, 1)); err == io.EOF {
				closedByServer++
			}
		}
		if closedByServer != 40 {
			t.Errorf("%d connections closed at once, want the 40 beyond the cap of %d", closedByServer, MaxConnections)
		}
		if n := strings.Count(logs.String(), "refused connections beyond the limit"); n != 1 {
			t.Errorf("the refusals were logged %d times, want once, then counted", n)
		}
	})
}

// Issue #14: 20 MB of Origin headers wrote 38 MB of log, and any web page
// could add a dozen lines a second.
func TestRefusalsCannotFloodTheLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		logger, logs := testkit.Logger()
		_, ln, stop := serveLogging(t, logger)
		defer stop()
		hostile := "https://evil.example/" + strings.Repeat("A", 64<<10)
		var wg sync.WaitGroup
		for range 200 {
			wg.Go(func() {
				h := http.Header{"Origin": {hostile}}
				c, _, err := websocket.Dial(t.Context(), "ws://127.0.0.1:8765/ws", &websocket.DialOptions{HTTPClient: ln.Client(), HTTPHeader: h})
				if err == nil {
					c.CloseNow()
					t.Error("a connection from another website was accepted")
				}
			})
		}
		wg.Wait()
		for range 50 {
			req, _ := http.NewRequest("GET", "http://127.0.0.1:8765/api/state", nil)
			req.Host = "attacker.example"
			if resp, err := ln.Client().Do(req); err == nil {
				resp.Body.Close()
			}
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		got := logs.String()
		if len(got) > 4096 {
			t.Errorf("250 refusals wrote %d bytes of log, want a few lines", len(got))
		}
		if strings.Contains(got, strings.Repeat("A", maxLogged)) {
			t.Error("a value from the network reached the log unclipped")
		}
		for _, want := range []string{"refused more overlay connections from other websites\" count=199",
			"refused more requests for other host names", "count=49"} {
			if !strings.Contains(got, want) {
				t.Errorf("the log lacks %q:\n%s", want, got)
			}
		}
	})
}

func TestClipKeepsTheLogReadable(t *testing.T) {
	if got := clip("a\x1b[2Jb\nc"); got != "a?[2Jb?c" {
		t.Errorf("clip = %q, want control characters replaced", got)
	}
	if got := clip(strings.Repeat("é", 200)); len([]rune(got)) != maxLogged+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("clip kept %d characters, want %d and an ellipsis", len([]rune(got)), maxLogged)
	}
}
