package config

import (
	"maps"
	"slices"
	"sync"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Store is the one writer of settings.json. Every change goes through
// Update, which applies it to the current settings, validates the result
// and writes the file under one lock, so two screens saving at once never
// lose each other's change.
type Store struct {
	paths Paths

	mu      sync.Mutex
	current Settings
}

// OpenStore loads the settings (see LoadSettings for notice).
func OpenStore(p Paths) (*Store, string, error) {
	s, notice, err := LoadSettings(p)
	if err != nil {
		return nil, "", err
	}
	return &Store{paths: p, current: s}, notice, nil
}

// Paths says where the store keeps its files.
func (s *Store) Paths() Paths { return s.paths }

// Get returns a copy of the current settings.
func (s *Store) Get() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.current)
}

// Update applies change to a copy of the settings and, if change and
// Validate accept the result, writes it and makes it current. It returns
// the settings as they now are.
func (s *Store) Update(change func(*Settings) error) (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := clone(s.current)
	if err := change(&next); err != nil {
		return clone(s.current), err
	}
	if err := SaveSettings(s.paths, next); err != nil {
		return clone(s.current), err
	}
	s.current = next
	return clone(next), nil
}

func clone(s Settings) Settings {
	s.OBS.Rules = slices.Clone(s.OBS.Rules)
	if s.Strap != nil {
		strap := *s.Strap
		s.Strap = &strap
	}
	s.Overlays = slices.Clone(s.Overlays)
	for i := range s.Overlays {
		s.Overlays[i].Options = maps.Clone(s.Overlays[i].Options)
	}
	return s
}

// ChoseSource keeps whether the next start reads the strap: yes when the
// streamer chose it, no when they chose Pulsoid or the demo.
func (s *Store) ChoseSource(src heartrate.SourceName) error {
	_, err := s.Update(func(set *Settings) error {
		set.UseStrap = src == heartrate.SourceBLE && set.Strap != nil
		return nil
	})
	return err
}
