package overlay

import (
	"bytes"
	"encoding/json"
)

// pageConfig is what a copy of the page is told besides its options table:
// where its websocket is (a local file only), the key that admits it, and
// which saved overlay it shows.
type pageConfig struct {
	WS      string `json:"ws,omitempty"`
	Key     string `json:"key,omitempty"`
	Overlay string `json:"overlay,omitempty"`
}

// configMarker is where the page receives its configuration and the
// options table; the page works (with defaults) even without them.
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
	c, _ := json.Marshal(cfg) // strings only: cannot fail
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
