package overlay

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

func send(t *testing.T, c *websocket.Conn, typ websocket.MessageType, frame string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if err := c.Write(ctx, typ, []byte(frame)); err != nil {
		t.Fatalf("sending %q: %v", frame, err)
	}
}

// Bots say hello, ask to subscribe and keep alive in their own words; the
// connection must stay open through all of it (it was closed with 1008).
func TestABotThatTalksStaysConnectedAndItsPingIsAnswered(t *testing.T) {
	h, ts := newTestServer(t)
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	c := dial(t, ts.URL)
	readJSON(t, c) // status
	for _, frame := range []string{`{"type":"hello","bot":"chatbot 2.1"}`, `{"op":"subscribe","events":["alert"]}`, `keepalive`, `{"type":"pong"}`} {
		send(t, c, websocket.MessageText, frame)
	}
	send(t, c, websocket.MessageBinary, "\x00\x01")
	send(t, c, websocket.MessageText, `{"type":"ping","id":42}`)
	if m := readJSON(t, c); m["type"] != "pong" || m["id"] != 42.0 {
		t.Fatalf("got %v, want the pong with the ping's id", m)
	}
	h.PublishBeat(heartrate.Beat{BPM: 88})
	if m := readJSON(t, c); m["type"] != "heart_rate" || m["bpm"] != 88.0 {
		t.Fatalf("after the bot's frames: %v, want the next beat", m)
	}
}

func TestAnOversizedClientFrameClosesWithMessageTooBig(t *testing.T) {
	_, ts := newTestServer(t)
	c := dial(t, ts.URL)
	send(t, c, websocket.MessageText, `{"type":"ping","pad":"`+strings.Repeat("x", clientFrameLimit)+`"}`)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
				t.Errorf("closed with %v, want 1009 (message too big)", err)
			}
			return
		}
	}
}

// A bot that reconnects during an alert is given the alert again: by its
// id it knows it has already posted it.
func TestAnAlertReplayedOnReconnectCarriesTheSameIDAndStart(t *testing.T) {
	h, ts := newTestServer(t)
	var w alert.Watch
	w.Set(alert.Thresholds{High: 150})
	h.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: "demo"})
	h.PublishBeat(heartrate.Beat{BPM: 155})
	a, _ := w.Beat(155)
	h.PublishAlert(a)

	alertOf := func(c *websocket.Conn) map[string]any {
		t.Helper()
		for {
			if m := readJSON(t, c); m["type"] == "alert" {
				return m
			}
		}
	}
	first := alertOf(dial(t, ts.URL))
	replay := alertOf(dial(t, ts.URL))
	if first["id"] == nil || first["id"] != replay["id"] || first["since"] != replay["since"] {
		t.Errorf("first %v, replayed %v: want one id and one start", first, replay)
	}
	if _, err := time.Parse(time.RFC3339, first["since"].(string)); err != nil {
		t.Errorf("since %v is not RFC 3339: %v", first["since"], err)
	}
}

func TestHelloNamesTheRunAndChangesWhenBeatcastStartsAgain(t *testing.T) {
	hello := func(ts *httptest.Server) map[string]any {
		t.Helper()
		c, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		m := readJSON(t, c)
		if m["type"] != "hello" || m["version"] != "1.2.3" {
			t.Fatalf("first message %v, want hello with the version", m)
		}
		if _, err := time.Parse(time.RFC3339, m["started_at"].(string)); err != nil {
			t.Errorf("started_at %v: %v", m["started_at"], err)
		}
		return m
	}
	var runs []any
	for range 2 { // Beatcast started twice
		ts := httptest.NewServer(New(hub.New(), quiet, Config{Version: "1.2.3"}).Handler())
		defer ts.Close()
		one, two := hello(ts), hello(ts)
		if one["run"] != two["run"] {
			t.Errorf("two clients of one run were told %v and %v", one["run"], two["run"])
		}
		runs = append(runs, one["run"])
	}
	if runs[0] == runs[1] {
		t.Errorf("Beatcast started again with the same run %v", runs[0])
	}
}
