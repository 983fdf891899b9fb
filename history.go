package main

// The History screen's methods that need nothing of Wails (the export
// dialogs are in app.go).

import (
	"os"

	"github.com/pkg/browser"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/history"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
)

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

// history is the recorded streams, or a problem that says why there are
// none (a build that records nothing).
func (a *App) history() (*service.History, error) {
	if h := a.cfg.Service.History; h != nil {
		return h, nil
	}
	return nil, problem.New("history", "This Beatcast keeps no history.")
}

// HistoryInfo says whether and where streams are recorded.
func (a *App) HistoryInfo() HistoryInfo {
	set := a.cfg.Store.Get()
	info := HistoryInfo{Record: !set.HistoryOff, OffByFlag: a.cfg.Service.RecordingOffByFlag(), KeepDays: set.HistoryDays,
		MaxBPM: set.MaxHeartRate, DefaultKeepDays: history.DefaultKeepDays, DefaultMaxBPM: history.DefaultMaxBPM, Zones: history.Zones}
	if h, err := a.history(); err == nil {
		info.Recording, info.Dir = h.Recording(), h.Dir()
	}
	return info
}

// SetHistory says whether to record streams, for how many days to keep
// them and the maximum heart rate the zones are counted against (0: the
// defaults); it applies at once.
func (a *App) SetHistory(record bool, keepDays, maxBPM int) (HistoryInfo, error) {
	saved, err := a.cfg.Store.Update(func(s *config.Settings) error {
		s.HistoryOff, s.HistoryDays, s.MaxHeartRate = !record, keepDays, maxBPM
		return nil
	})
	if err != nil {
		return a.HistoryInfo(), err
	}
	a.cfg.Service.ApplySettings(saved)
	return a.HistoryInfo(), nil
}

// Sessions lists the recorded streams, newest first.
func (a *App) Sessions() ([]history.Summary, error) {
	h, err := a.history()
	if err != nil {
		return nil, err
	}
	return h.Sessions()
}

// Session is one recorded stream for its full-size chart.
func (a *App) Session(id string) (history.Detail, error) {
	h, err := a.history()
	if err != nil {
		return history.Detail{}, err
	}
	return h.Session(id)
}

// DeleteSession deletes a recorded stream.
func (a *App) DeleteSession(id string) error {
	h, err := a.history()
	if err != nil {
		return err
	}
	return h.Delete(id)
}

// OpenSessionsFolder opens the sessions folder in the file manager.
func (a *App) OpenSessionsFolder() error {
	h, err := a.history()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(h.Dir(), 0o700); err != nil {
		return problem.Wrap("history_folder", "Beatcast cannot create its sessions folder "+h.Dir()+".", err)
	}
	if err := browser.OpenFile(h.Dir()); err != nil {
		return problem.Wrap("history_folder", "Beatcast could not open a file manager; the sessions are in "+h.Dir()+".", err)
	}
	return nil
}
