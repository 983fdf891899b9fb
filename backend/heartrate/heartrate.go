// Package heartrate holds Beatcast's domain types: a beat, the stream's
// status, the snapshot every consumer starts from, and the source contract
// that the demo generator and Pulsoid implement. It imports nothing of ours.
package heartrate

import (
	"context"
	"time"
)

// Plausible bounds for a human heart rate. Readings outside them are sensor
// noise or corrupt data and never reach a screen.
const (
	MinBPM = 20
	MaxBPM = 250
)

// BeatGap is the longest silence that is still one line of beats: every
// chart breaks its line at a longer one (a watch sends only every few
// seconds), and a recorded zone counts a beat for at most this long.
const BeatGap = 10 * time.Second

// Beat is one heart-rate reading.
type Beat struct {
	BPM int `json:"bpm"`
	// MeasuredAt is Unix milliseconds exactly as the source stamped it. For
	// Pulsoid it comes from the streamer's phone clock, so it is shown and
	// passed on but never used to judge freshness.
	MeasuredAt int64 `json:"measured_at"`
	// RR are the intervals between heartbeats the strap measured since its
	// last reading, in milliseconds, when it sends them (Bluetooth straps;
	// Pulsoid sends only the rate).
	RR []int `json:"rr,omitempty"`
}

// Arrival is a beat's rate with the moment it reached Beatcast (Unix ms,
// this machine's clock): the unit of the recent history that a chart
// draws. It keeps no RR-intervals: the hub holds thousands of these.
type Arrival struct {
	BPM        int   `json:"bpm"`
	MeasuredAt int64 `json:"measured_at"`
	ArrivedAt  int64 `json:"arrived_at"`
}

// Valid reports whether the reading is a plausible human heart rate.
func (b Beat) Valid() bool { return b.BPM >= MinBPM && b.BPM <= MaxBPM }

// SourceName says where beats come from. The values are a contract with
// overlay clients and bots (status.source on /ws): keep them exactly.
type SourceName string

const (
	SourceDemo    SourceName = "demo"    // the synthetic strap: never a real heart rate
	SourcePulsoid SourceName = "pulsoid" // Pulsoid's real-time socket
	SourceBLE     SourceName = "ble"     // a Bluetooth strap or watch, read directly
)

// AllSources lists the sources for Wails' EnumBind: the window reads them
// as the TypeScript enum heartrate.SourceName.
var AllSources = []struct {
	Value  SourceName
	TSName string
}{{SourceDemo, "Demo"}, {SourcePulsoid, "Pulsoid"}, {SourceBLE, "BLE"}}

// Device is the strap a Bluetooth source reads: /api/state "device", and
// the window's words for it. The names are a contract: keep them exactly.
type Device struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	// Battery is its level in percent, when the strap reports it.
	Battery *int `json:"battery,omitempty"`
}

// Source produces readings and reports the state of its connection until
// ctx is cancelled or it meets a condition it cannot recover from alone
// (a dead token), which it returns as an error.
type Source interface {
	// Name says which source this is.
	Name() SourceName
	Run(ctx context.Context, out Sink) error
}

// Sink receives what a Source observes. Implementations must be safe for
// use from one goroutine at a time and must not block for long.
type Sink interface {
	// Beat delivers one reading as received; the sink validates it.
	Beat(Beat)
	// Link reports a change in the connection to the source.
	Link(Link)
}
