package overlay

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/coder/websocket"
)

func get(t *testing.T, url, host string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOnlyLoopbackHostNamesAreServed(t *testing.T) {
	_, ts := newTestServer(t)
	port := ts.Listener.Addr().(*net.TCPAddr).Port
	for host, want := range map[string]int{
		"127.0.0.1":              200,
		"127.0.0.1:8765":         200,
		"localhost:8765":         200,
		"LOCALHOST":              200,
		"[::1]:8765":             200,
		"evil.example:8765":      403, // DNS rebinding: the name stays in Host
		"127.0.0.1.nip.io":       403,
		"192.168.1.20:8765":      403, // not asked to listen there
		"localhost.evil.example": 403,
	} {
		for _, path := range []string{"/", "/api/state", "/ws"} {
			if got := get(t, ts.URL+path, host); got != want && !(path == "/ws" && want == 200 && got == 426) {
				t.Errorf("GET %s with Host %q (port %d) = %d, want %d", path, host, port, got, want)
			}
		}
	}
}

func TestNonLoopbackBindAcceptsAddressesNeverNames(t *testing.T) {
	for _, tc := range []struct {
		bind, host string
		ok         bool
	}{
		{"0.0.0.0", "192.168.1.20:8765", true},
		{"0.0.0.0", "evil.example:8765", false},
		{"192.168.1.20", "192.168.1.20:8765", true},
		{"192.168.1.20", "192.168.1.21:8765", false},
		{"127.0.0.1", "192.168.1.20:8765", false},
	} {
		g := guard{bind: net.ParseIP(tc.bind)}
		if got := g.hostAllowed(tc.host); got != tc.ok {
			t.Errorf("bound to %s, Host %s allowed = %v, want %v", tc.bind, tc.host, got, tc.ok)
		}
	}
}

func dialWithOrigin(url, origin string) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	return websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), &websocket.DialOptions{HTTPHeader: h})
}

func TestWebsocketRefusesOtherWebsites(t *testing.T) {
	_, ts := newTestServer(t)
	self := ts.URL // http://127.0.0.1:port
	for _, tc := range []struct {
		name, path, origin string
		ok                 bool
	}{
		{"the served overlay page", "/ws", self, true},
		{"a non-browser client (no Origin)", "/ws", "", true},
		{"another website", "/ws", "https://evil.example", false},
		{"another local port", "/ws", "http://127.0.0.1:1", false},
		{"a local file without the key", "/ws", "null", false},
		{"a local file with a wrong key", "/ws?key=nope", "null", false},
		{"a local file in Chromium, with its key", "/ws?key=" + testKey, "null", true},
		{"OBS's Local file mode (http://absolute), with the key", "/ws?key=" + testKey, "http://absolute", true},
		{"a file:// origin, with the key", "/ws?key=" + testKey, "file://", true},
		{"OBS's Local file mode without the key", "/ws", "http://absolute", false},
	} {
		c, resp, err := dialWithOrigin(ts.URL+tc.path, tc.origin)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
				continue
			}
			c.CloseNow()
		} else if err == nil {
			c.CloseNow()
			t.Errorf("%s: accepted, want refused", tc.name)
		} else if resp != nil && resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tc.name, resp.StatusCode)
		}
	}
}

func TestLocalFileCarriesTheAddressKeyAndOptions(t *testing.T) {
	dir := t.TempDir()
	path, err := WriteLocalFile(dir, "ws://[::1]:8765/ws", testKey, "")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	want := `<script>window.BEATCAST = {"ws":"ws://[::1]:8765/ws","key":"` + testKey + `","facts":{`
	if !strings.Contains(page, want) || !strings.Contains(page, `window.BEATCAST_OPTIONS = {`) {
		t.Errorf("local file lacks its config %s or the options table", want)
	}
	if !strings.Contains(page, "background: transparent") || strings.Contains(page, "<!--beatcast:config-->") {
		t.Error("local file is not the overlay page with its config filled in")
	}
	saved, err := WriteLocalFile(dir, "ws://127.0.0.1:8765/ws", testKey, "boss-fight")
	if err != nil || saved != filepath.Join(dir, "overlays", "boss-fight.html") {
		t.Fatalf("saved overlay's local file: %s, %v", saved, err)
	}
	if data, _ := os.ReadFile(saved); !strings.Contains(string(data), `"overlay":"boss-fight"`) {
		t.Error("a saved overlay's local file does not name its overlay")
	}
	if err := RemoveLocalFilesExcept(dir, map[string]bool{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(saved); !os.IsNotExist(err) || fileMissing(path) {
		t.Error("removing the saved overlays' files should keep only the default look's")
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600 (it holds the key)", info.Mode().Perm())
	}
}

// A client that never reads delays nobody and no reader is cut off: each
// of a hundred readers, at a hundred beats a second, ends on the newest
// beat (one that fell behind on a loaded machine skips to it; beats are
// heart rates, not a log).
func TestStuckClientDoesNotDelayAHundredOthers(t *testing.T) {
	t.Parallel() // it mostly waits on its own beat clock
	h, ts := newTestServer(t)
	stuck, _, err := dialWithOrigin(ts.URL+"/ws", "")
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.CloseNow()

	const clients, beats = 100, 150
	type result struct{ got, last int }
	results := make(chan result, clients)
	for range clients {
		c := dial(t, ts.URL)
		go func() {
			r := result{last: -1}
			for r.last != beats-1 {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				_, data, err := c.Read(ctx)
				cancel()
				if err != nil {
					break // cut off, or the newest beat never came
				}
				var m struct {
					Type       string
					MeasuredAt int `json:"measured_at"`
				}
				if json.Unmarshal(data, &m) == nil && m.Type == "heart_rate" {
					r.got++
					r.last = m.MeasuredAt
				}
			}
			results <- r
		}()
	}
	for h.Subscribers() < clients+1 {
		time.Sleep(time.Millisecond)
	}
	for i := range beats {
		h.PublishBeat(heartrate.Beat{BPM: 60 + i%100, MeasuredAt: int64(i)})
		time.Sleep(10 * time.Millisecond)
	}
	skipped := 0
	for range clients {
		r := <-results
		if r.last != beats-1 {
			t.Fatalf("a reader stopped at beat %d of %d: delayed or cut off", r.last, beats-1)
		}
		skipped += beats - r.got
	}
	t.Logf("%d beats skipped across %d readers at 100 a second", skipped, clients)
}

func fileMissing(path string) bool {
	_, err := os.Stat(path)
	return err != nil
}
