package overlay

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

var quiet = testkit.Quiet

const testKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func newTestServer(t *testing.T) (*hub.Hub, *httptest.Server) {
	t.Helper()
	h := hub.New()
	ts := httptest.NewServer(New(h, quiet, Config{Version: "1.2.3", LocalFileKey: testKey}).Handler())
	t.Cleanup(ts.Close)
	return h, ts
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/ws", nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if m := readJSON(t, c); m["type"] != "hello" || m["run"] == "" {
		t.Fatalf("first message %v, want hello", m)
	}
	return c
}

func readJSON(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	typ, data, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if typ != websocket.MessageText {
		t.Fatalf("message type %v, want text", typ)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("not JSON: %s", data)
	}
	return m
}

func TestOverlayPageIsTransparentAndUsesTheWebsocket(t *testing.T) {
	_, ts := newTestServer(t)
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"background: transparent", `"/ws"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("overlay page lacks %q", want)
		}
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin = %q, want none", got)
	}
}

func TestWebsocketSendsCurrentStateOnConnectThenLiveBeats(t *testing.T) {
	h, ts := newTestServer(t)
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	h.PublishBeat(heartrate.Beat{BPM: 72, MeasuredAt: 1625310655000})

	c := dial(t, ts.URL)
	if m := readJSON(t, c); m["type"] != "status" || m["state"] != "live" {
		t.Fatalf("first message %v, want the current status (live)", m)
	}
	if m := readJSON(t, c); m["type"] != "history" || len(m["beats"].([]any)) != 0 {
		t.Fatalf("second message %v, want the history before the first beat: none", m)
	}
	if m := readJSON(t, c); m["type"] != "heart_rate" || m["bpm"] != 72.0 || m["measured_at"] != 1625310655000.0 {
		t.Fatalf("third message %v, want the last beat 72 @ 1625310655000", m)
	}

	h.PublishBeat(heartrate.Beat{BPM: 75, MeasuredAt: 1625310656123})
	if m := readJSON(t, c); m["bpm"] != 75.0 || m["measured_at"] != 1625310656123.0 {
		t.Fatalf("live message %v, want bpm 75 with measured_at passed through exactly", m)
	}
	h.PublishStatus(heartrate.Status{State: heartrate.StateNoSignal})
	if m := readJSON(t, c); m["type"] != "status" || m["state"] != "no_signal" {
		t.Fatalf("got %v, want status no_signal", m)
	}
}

func TestAPIStateIsTheSnapshot(t *testing.T) {
	h, ts := newTestServer(t)
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive})
	h.PublishBeat(heartrate.Beat{BPM: 88, MeasuredAt: 7})
	resp, err := http.Get(ts.URL + "/api/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Status  heartrate.Status `json:"status"`
		Beat    *heartrate.Beat  `json:"beat"`
		Stats   heartrate.Stats  `json:"stats"`
		Version string           `json:"version"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Status.State != heartrate.StateLive || got.Beat == nil || got.Beat.BPM != 88 || got.Beat.MeasuredAt != 7 {
		t.Errorf("/api/state = %+v", got)
	}
	if got.Stats.Count != 1 || got.Version != "1.2.3" {
		t.Errorf("stats %+v version %q", got.Stats, got.Version)
	}
}

func TestUnknownRoutesAndMethodsAreRefused(t *testing.T) {
	_, ts := newTestServer(t)
	for _, tc := range []struct{ method, path string }{{"GET", "/nope"}, {"POST", "/api/state"}} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("%s %s = %d, want an error status", tc.method, tc.path, resp.StatusCode)
		}
	}
}

func TestListenNamesThePortAndTheFlagWhenTaken(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := taken.Addr().String()
	_, err = Listen(addr)
	if err == nil {
		t.Fatal("Listen on a taken port succeeded")
	}
	for _, want := range []string{addr, "--overlay-addr", "already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestServeClosesWebsocketsOnShutdown(t *testing.T) {
	h := hub.New()
	srv := New(h, quiet, Config{Version: "test"})
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()

	c := dial(t, "http://"+ln.Addr().String())
	readJSON(t, c) // status
	// Keep reading, as a browser does, so the close handshake can finish.
	closed := make(chan error, 1)
	go func() {
		for {
			if _, _, err := c.Read(context.Background()); err != nil {
				closed <- err
				return
			}
		}
	}()
	// Beats still streaming as the shutdown comes: a write under way must
	// not cut the goodbye short (CI once saw a bare EOF here).
	for bpm := 60; bpm < 160; bpm++ {
		h.PublishBeat(heartrateBeat(bpm))
	}
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v, want nil after a clean shutdown", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not return within 3s of cancel with a client connected")
	}
	select {
	case err := <-closed:
		if websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Errorf("client read after shutdown: %v, want close status going away", err)
		}
	case <-time.After(time.Second):
		t.Error("the client was not closed by the shutdown")
	}
	if n := h.Subscribers(); n != 0 {
		t.Errorf("%d hub subscribers left after shutdown", n)
	}
}

func heartrateBeat(bpm int) heartrate.Beat { return heartrate.Beat{BPM: bpm, MeasuredAt: int64(bpm)} }

func TestASavedOverlayIsServedAtItsFixedURLAndRestylesLive(t *testing.T) {
	h := hub.New()
	srv := New(h, quiet, Config{Version: "test"})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	srv.SetLooks(map[string]Look{"boss-fight": {"style": "ring", "max": "180"}})

	resp, err := http.Get(ts.URL + "/o/boss-fight")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `window.BEATCAST = {"overlay":"boss-fight","facts":{`) {
		t.Fatalf("GET /o/boss-fight = %d, page config missing", resp.StatusCode)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws?overlay=boss-fight", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	readJSON(t, c) // hello
	first := readJSON(t, c)
	if first["type"] != "overlay" || first["options"].(map[string]any)["style"] != "ring" {
		t.Fatalf("first message %v, want the saved look before anything else", first)
	}
	if m := readJSON(t, c); m["type"] != "status" {
		t.Fatalf("then %v, want the status", m)
	}
	// The streamer restyles it in the builder: the page hears at once.
	srv.SetLooks(map[string]Look{"boss-fight": {"style": "number", "color": "ff0000"}})
	if m := readJSON(t, c); m["type"] != "overlay" || m["options"].(map[string]any)["color"] != "ff0000" {
		t.Fatalf("after a change: %v, want the new look", m)
	}
	// Another overlay's change is not news to this page; deleting it is.
	srv.SetLooks(map[string]Look{"boss-fight": {"style": "number", "color": "ff0000"}, "other": {}})
	srv.SetLooks(map[string]Look{"other": {}})
	if m := readJSON(t, c); m["type"] != "overlay" || m["missing"] != true {
		t.Fatalf("after deleting it: %v, want missing", m)
	}
}

func TestANewClientGetsTheRecentHistoryBeforeTheLastBeat(t *testing.T) {
	h, ts := newTestServer(t)
	for _, bpm := range []int{70, 71, 72} {
		h.PublishBeat(heartrateBeat(bpm))
	}
	c := dial(t, ts.URL)
	var types []string
	var history []any
	for range 3 {
		m := readJSON(t, c)
		types = append(types, m["type"].(string))
		if m["type"] == "history" {
			history = m["beats"].([]any)
		}
	}
	if strings.Join(types, ",") != "status,history,heart_rate" {
		t.Fatalf("first messages %v, want status, history, heart_rate", types)
	}
	if len(history) != 2 {
		t.Fatalf("history %v, want the two beats before the last", history)
	}
	b := history[0].(map[string]any)
	if b["bpm"] != float64(70) || b["measured_at"] == nil || b["arrived_at"] == nil {
		t.Errorf("history beat %v, want bpm, measured_at and arrived_at", b)
	}
}
