package screens

import (
	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/monitor"
)

// Facts are the numbers and words the window shows that Go decides: the
// window imports them from frontend/src/lib/facts.json, which `make
// bindings` writes from WindowFacts (tools/factsgen), so no range, bound
// or window is typed twice. TestFactsFileIsCurrent fails when the file
// falls behind.
type Facts struct {
	MinBPM int `json:"min_bpm"` // plausible human heart rate, lowest
	MaxBPM int `json:"max_bpm"` // and highest
	// RecentMillis is how far back the beats the hub replays reach.
	RecentMillis int64 `json:"recent_ms"`
	// GapMillis: a longer silence between beats is a gap in every chart.
	GapMillis     int64        `json:"gap_ms"`
	SignalTimeout config.Range `json:"signal_timeout_seconds"`
	HistoryDays   config.Range `json:"history_days"`
	MaxHeartRate  config.Range `json:"max_heart_rate"`
	AlertBPM      config.Range `json:"alert_bpm"`
	// NoSignalAdvice is what to check when no beat arrives from Pulsoid,
	// NoSignalAdviceBLE from a strap read directly.
	NoSignalAdvice    string `json:"no_signal_advice"`
	NoSignalAdviceBLE string `json:"no_signal_advice_ble"`
	// StrapScanMillis is how long a scan for straps listens.
	StrapScanMillis int64 `json:"strap_scan_ms"`
}

// WindowFacts gathers the facts from the packages that own them.
func WindowFacts() Facts {
	return Facts{
		MinBPM:            heartrate.MinBPM,
		MaxBPM:            heartrate.MaxBPM,
		RecentMillis:      hub.RecentWindow.Milliseconds(),
		GapMillis:         heartrate.BeatGap.Milliseconds(),
		SignalTimeout:     config.SignalTimeoutRange,
		HistoryDays:       config.HistoryDaysRange,
		MaxHeartRate:      config.MaxHeartRateRange,
		AlertBPM:          config.Range{Min: alert.MinThreshold, Max: alert.MaxThreshold},
		NoSignalAdvice:    monitor.NoSignalAdvice,
		NoSignalAdviceBLE: monitor.NoSignalAdviceBLE,
		StrapScanMillis:   ble.ScanTime.Milliseconds(),
	}
}
