package screens

import (
	"strings"

	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
)

// A Bluetooth strap: picked from a scan on the first screen or in
// Settings, remembered, forgotten.

// StrapInfo is the strap as Settings shows it.
type StrapInfo struct {
	// Strap is the one remembered (nil: none); Beatcast reads it on every
	// start while UseStrap.
	Strap    *ble.Strap `json:"strap,omitempty"`
	UseStrap bool       `json:"use_strap"`
	// Flag is this run's --ble (or --ble-device), which wins.
	Flag bool `json:"flag"`
	// Reading: the stream comes from a strap now.
	Reading bool `json:"reading"`
	// ScanMillis is how long a scan listens.
	ScanMillis int64 `json:"scan_ms"`
}

// Strap is the remembered strap.
func (s *Screens) Strap() StrapInfo {
	set := s.cfg.Store.Get()
	return StrapInfo{Strap: set.Strap, UseStrap: set.UseStrap, Flag: s.cfg.Service.Flags().BLE,
		Reading:    s.cfg.Service.Hub.Snapshot().Status.Source == heartrate.SourceBLE,
		ScanMillis: ble.ScanTime.Milliseconds()}
}

// ScanStraps listens for nearby heart-rate devices for ble.ScanTime. Each
// one heard goes to the window at once (Config.OnStrapFound); the list is
// returned when the scan ends, or what stops Bluetooth, in words.
func (s *Screens) ScanStraps() ([]ble.Found, error) {
	if !s.scanning.TryLock() {
		return nil, problem.New("strap_scan", "Beatcast is already looking for straps: wait for that scan to end.")
	}
	defer s.scanning.Unlock()
	var found []ble.Found
	err := ble.Scan(s.cfg.Context, s.cfg.BLE, ble.ScanTime, func(f ble.Found) {
		for i := range found {
			if found[i].Address == f.Address {
				found[i] = f
				s.strapFound(found)
				return
			}
		}
		found = append(found, f)
		s.strapFound(found)
	})
	if err != nil {
		return found, problem.Wrap("strap_scan", err.Error(), err)
	}
	if found == nil {
		found = []ble.Found{}
	}
	return found, nil
}

func (s *Screens) strapFound(found []ble.Found) {
	if s.cfg.OnStrapFound != nil {
		s.cfg.OnStrapFound(append([]ble.Found(nil), found...))
	}
}

// UseStrap remembers the strap picked and reads it, now and on every start.
func (s *Screens) UseStrap(address, name string) error {
	address, name = strings.TrimSpace(address), strings.TrimSpace(name)
	if address == "" && name == "" {
		return problem.New("strap", "Pick a strap from the list.")
	}
	strap := ble.Strap{Address: address, Name: name}
	if _, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.Strap, set.UseStrap = &strap, true
		return nil
	}); err != nil {
		return err
	}
	s.cfg.Feed.UseStrap(s.cfg.Context, strap)
	return nil
}

// ForgetStrap forgets the remembered strap. If the stream comes from it,
// Beatcast goes back to Pulsoid (signed in, or to the sign-in).
func (s *Screens) ForgetStrap() error {
	if _, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.Strap, set.UseStrap = nil, false
		return nil
	}); err != nil {
		return err
	}
	if s.cfg.Service.Hub.Snapshot().Status.Source == heartrate.SourceBLE && !s.cfg.Service.Flags().BLE {
		s.cfg.Service.Notices.Add(s.cfg.Feed.Again(s.cfg.Context))
	}
	return nil
}
