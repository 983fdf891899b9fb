package screens

import (
	"encoding/base64"
	"os"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
)

// The History screen: the recorded streams.

// HistoryInfo says whether and where streams are recorded, for the
// History screen.
type HistoryInfo struct {
	// Record is the setting; Recording whether streams are recorded now
	// (not when --no-history was given).
	Record    bool   `json:"record"`
	Recording bool   `json:"recording"`
	OffByFlag bool   `json:"off_by_flag"` // --no-history
	Dir       string `json:"dir"`
	// KeepDays and MaxBPM as set (0: the default, DefaultKeepDays and
	// DefaultMaxBPM).
	KeepDays        int `json:"keep_days"`
	MaxBPM          int `json:"max_bpm"`
	DefaultKeepDays int `json:"default_keep_days"`
	DefaultMaxBPM   int `json:"default_max_bpm"`
	// Zones are the colour zones, as shares of the maximum heart rate.
	Zones []history.Zone `json:"zones"`
}

// recorded is the recorded streams, or a problem that says why there are
// none (a run that keeps no history).
func recorded(svc *service.Service) (*service.History, error) {
	if h := svc.History; h != nil {
		return h, nil
	}
	return nil, problem.New("history", "This Beatcast keeps no history.")
}

// HistoryInfo says whether and where streams are recorded.
func (s *Screens) HistoryInfo() HistoryInfo {
	set := s.cfg.Store.Get()
	info := HistoryInfo{Record: !set.HistoryOff, OffByFlag: s.cfg.Service.Flags().NoHistory, KeepDays: set.HistoryDays,
		MaxBPM: set.MaxHeartRate, DefaultKeepDays: history.DefaultKeepDays, DefaultMaxBPM: history.DefaultMaxBPM, Zones: history.Zones}
	if h, err := recorded(s.cfg.Service); err == nil {
		info.Recording, info.Dir = h.Recording(), h.Dir()
	}
	return info
}

// SetHistory says whether to record streams, for how many days to keep
// them and the maximum heart rate the zones are counted against (0: the
// defaults); it applies at once.
func (s *Screens) SetHistory(record bool, keepDays, maxBPM int) (HistoryInfo, error) {
	_, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.HistoryOff, set.HistoryDays, set.MaxHeartRate = !record, keepDays, maxBPM
		return nil
	})
	return s.HistoryInfo(), err
}

// Streams lists the recorded streams, newest first.
func (s *Screens) Streams() ([]history.Summary, error) {
	h, err := recorded(s.cfg.Service)
	if err != nil {
		return nil, err
	}
	return h.Streams()
}

// Stream is one recorded stream for its full-size chart.
func (s *Screens) Stream(id string) (history.Detail, error) {
	h, err := recorded(s.cfg.Service)
	if err != nil {
		return history.Detail{}, err
	}
	return h.Stream(id)
}

// DeleteStream deletes a recorded stream.
func (s *Screens) DeleteStream(id string) error {
	h, err := recorded(s.cfg.Service)
	if err != nil {
		return err
	}
	return h.Delete(id)
}

// OpenStreamsFolder opens the folder of recorded streams in the file manager.
func (s *Screens) OpenStreamsFolder() error {
	h, err := recorded(s.cfg.Service)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(h.Dir(), 0o700); err != nil {
		return problem.Wrap("history_folder", "Beatcast cannot create its folder of recorded streams "+h.Dir()+".", err)
	}
	if err := s.cfg.OpenFolder(h.Dir()); err != nil {
		return problem.Wrap("history_folder", "Beatcast could not open a file manager; the recorded streams are in "+h.Dir()+".", err)
	}
	return nil
}

// Exports saves a recorded stream where the streamer chose in a dialog
// (main's App asks). It is not bound: the window names a stream, never a
// path to write.
type Exports struct{ svc *service.Service }

// NewExports returns the exports of svc's recorded streams.
func NewExports(svc *service.Service) Exports { return Exports{svc: svc} }

// Check says why stream id cannot be exported, before a dialog is shown.
func (e Exports) Check() error {
	_, err := recorded(e.svc)
	return err
}

// CSV copies the CSV file of stream id to dest.
func (e Exports) CSV(id, dest string) error {
	h, err := recorded(e.svc)
	if err != nil {
		return err
	}
	return h.ExportCSV(id, dest)
}

// DecodeChart reads the window's picture of a chart (a PNG, base64).
func (e Exports) DecodeChart(pngBase64 string) ([]byte, error) {
	png, err := base64.StdEncoding.DecodeString(pngBase64)
	if err != nil {
		return nil, problem.Wrap("export", "The chart picture came out wrong; try again.", err)
	}
	return png, nil
}

// Chart writes the picture of a stream's chart to dest.
func (e Exports) Chart(dest string, png []byte) error {
	h, err := recorded(e.svc)
	if err != nil {
		return err
	}
	return h.SaveChartPNG(dest, png)
}

// FileName is what an export of stream id is called by default: the
// stream's start in local time, e.g. "Beatcast 2026-11-23 20.05.csv".
func FileName(id, ext string) string {
	if start, err := time.Parse("20060102T150405Z", id[:min(len(id), 16)]); err == nil {
		return "Beatcast " + start.Local().Format("2006-01-02 15.04") + ext
	}
	return "Beatcast" + ext
}
