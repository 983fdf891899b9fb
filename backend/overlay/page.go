package overlay

import (
	"bytes"
	"encoding/json"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// pageConfig is what a copy of the page is told besides its options table:
// where its websocket is (a local file only), the key that admits it,
// which saved overlay it shows, and the facts it draws by.
type pageConfig struct {
	WS      string    `json:"ws,omitempty"`
	Key     string    `json:"key,omitempty"`
	Overlay string    `json:"overlay,omitempty"`
	Facts   pageFacts `json:"facts"`
}

// pageFacts are the numbers the page draws by, decided in Go.
type pageFacts struct {
	MinBPM       int   `json:"min_bpm"`
	MaxBPM       int   `json:"max_bpm"`
	RecentMillis int64 `json:"recent_ms"` // how far back the replayed beats reach
	GapMillis    int64 `json:"gap_ms"`    // a longer silence is a gap in the chart
}

var facts = pageFacts{heartrate.MinBPM, heartrate.MaxBPM, hub.RecentWindow.Milliseconds(), heartrate.BeatGap.Milliseconds()}

// configMarker is where the page receives its configuration and the
// options table.
var configMarker = []byte("<!--beatcast:config-->")

// template is the embedded page, split at its marker.
var template = func() [2][]byte {
	raw, err := webFS.ReadFile("web/index.html")
	if err != nil {
		panic("overlay: the embedded page is missing: " + err.Error())
	}
	before, after, ok := bytes.Cut(raw, configMarker)
	if !ok {
		panic("overlay: the page lacks its config marker")
	}
	return [2][]byte{before, after}
}()

// page is the overlay page with cfg and the options table filled in: the
// same bytes whether served or written as a local file.
func page(cfg pageConfig) []byte {
	cfg.Facts = facts
	c, _ := json.Marshal(cfg) // strings and numbers: cannot fail
	var b bytes.Buffer
	b.Write(template[0])
	b.WriteString("<script>window.BEATCAST = ")
	b.Write(scriptSafe(c))
	b.WriteString(";\nwindow.BEATCAST_OPTIONS = ")
	b.Write(scriptSafe(optionsJSON()))
	b.WriteString(";</script>")
	b.Write(template[1])
	return b.Bytes()
}

// scriptSafe keeps JSON from ending the <script> it sits in.
func scriptSafe(js []byte) []byte { return bytes.ReplaceAll(js, []byte("</"), []byte(`<\/`)) }
