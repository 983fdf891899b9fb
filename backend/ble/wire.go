package ble

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// The helper process tells Beatcast what happens over its stdout, one
// JSON object a line. Nothing goes the other way: Beatcast chooses the
// strap with the helper's arguments and stops it by ending it (the
// helper also ends when its stdin closes, so it never outlives Beatcast).

// event is one line from the helper.
type event struct {
	E string `json:"e"` // one of the ev… kinds
	// evState: one of the st… states, with the strap's name and address
	// once known, and the library's words for a problem.
	State   string `json:"state,omitempty"`
	Name    string `json:"name,omitempty"`
	Address string `json:"address,omitempty"`
	Detail  string `json:"detail,omitempty"`
	// evFound: a heart-rate device heard while scanning.
	RSSI int `json:"rssi,omitempty"`
	// evFound, evBattery: the battery level in percent, when known.
	Battery *int `json:"battery,omitempty"`
	// evMeasurement: the Heart Rate Measurement's value as the strap sent
	// it (Beatcast parses it, not the helper), and when the helper got it
	// (Unix ms).
	Data []byte `json:"data,omitempty"`
	At   int64  `json:"at,omitempty"`
}

const (
	evState       = "state"
	evFound       = "found"
	evMeasurement = "hr"
	evBattery     = "battery"
	evAlive       = "alive" // after aliveEvery without another line: the helper is not stuck
)

// The helper's states.
const (
	stNoAdapter   = "no_adapter"  // no Bluetooth adapter (or no BlueZ)
	stOff         = "off"         // Bluetooth is turned off
	stDenied      = "denied"      // the system refuses Beatcast Bluetooth
	stUnsupported = "unsupported" // this build has no Bluetooth
	stScanning    = "scanning"    // looking for the strap
	stConnecting  = "connecting"  // found it; connecting
	stConnected   = "connected"   // notifications flow
	stLost        = "lost"        // the link dropped
)

// writer sends events, one whole line at a time, from any goroutine.
type writer struct {
	mu    sync.Mutex
	enc   *json.Encoder
	every time.Duration // >0: say evAlive after this long without a line
	quiet *time.Timer   // pushed back by every line
}

func newWriter(w io.Writer) *writer { return &writer{enc: json.NewEncoder(w)} }

func (w *writer) send(e event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.enc.Encode(e) // a closed pipe: Beatcast is gone, and stdin's end ends the helper
	if w.quiet != nil {
		w.quiet.Reset(w.every)
	}
}

// sayAliveWhenQuiet makes the writer send evAlive whenever it has sent
// nothing for every. A timer pushed back by each line, not a ticker: a
// strap's readings already say the helper is alive, and a helper that
// wakes only for them costs the least.
func (w *writer) sayAliveWhenQuiet(every time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.every = every
	w.quiet = time.AfterFunc(every, func() { w.send(event{E: evAlive}) })
}
