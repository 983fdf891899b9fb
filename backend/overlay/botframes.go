package overlay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/coder/websocket"
)

// clientFrameLimit bounds a frame a client sends. Bots send small ones (a
// hello, a subscribe request, a keep-alive); a larger frame closes the
// connection with 1009 (message too big).
const clientFrameLimit = 4096

// hello is the first message of every /ws connection. Run changes each
// time Beatcast starts, so a bot that reconnects knows whether it talks
// to the Beatcast it knew (the same alert ids, the same stream) or to one
// that restarted.
type hello struct {
	Type      string `json:"type"` // "hello"
	Version   string `json:"version"`
	Run       string `json:"run"`
	StartedAt string `json:"started_at"` // RFC 3339, UTC
}

func newHello(version string) []byte {
	var id [6]byte
	rand.Read(id[:]) // never fails (crypto/rand)
	b, _ := json.Marshal(hello{Type: "hello", Version: version, Run: hex.EncodeToString(id[:]),
		StartedAt: time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00")})
	return b
}

// clientFrame is what Beatcast understands of a frame from a client: its
// type, and an id to echo.
type clientFrame struct {
	Type string          `json:"type"`
	ID   json.RawMessage `json:"id,omitempty"`
}

type pong struct {
	Type string          `json:"type"` // "pong"
	ID   json.RawMessage `json:"id,omitempty"`
}

// readClient reads what the client sends until it goes, then cancels.
// Anything but {"type":"ping"} is ignored: many bots say hello, ask to
// subscribe or keep alive in their own words, and closing them for it
// (1008, coder/websocket's CloseRead) made them reconnect in a loop and
// re-post the replayed alert each time. A ping is answered on pongs (the
// writer's side; one waits at most, so a flood cannot queue).
func readClient(ctx context.Context, c *websocket.Conn, pongs chan<- []byte, gone context.CancelFunc) {
	defer gone()
	c.SetReadLimit(clientFrameLimit)
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		var f clientFrame
		if typ != websocket.MessageText || json.Unmarshal(data, &f) != nil || f.Type != "ping" {
			continue
		}
		b, _ := json.Marshal(pong{Type: "pong", ID: f.ID})
		select {
		case pongs <- b:
		default:
		}
	}
}
