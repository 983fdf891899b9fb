package config

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/safefile"
)

// Settings are the user's choices that outlive a run.
type Settings struct {
	// OverlayAddr is where the overlay is served; empty means the default.
	OverlayAddr string `json:"overlay_addr,omitempty"`
	// OverlayLAN is the streamer's explicit choice to serve the overlay
	// beyond this computer (see ParseOverlayAddr).
	OverlayLAN bool `json:"overlay_lan,omitempty"`
	// SignalTimeoutSeconds is how long without a beat before "no signal";
	// zero means the default.
	SignalTimeoutSeconds int `json:"signal_timeout_seconds,omitempty"`
	// ClientID is a Pulsoid OAuth client id entered by the user.
	ClientID string `json:"client_id,omitempty"`
	// StartMinimised: when Beatcast starts with the computer, it starts in
	// the tray (or minimised) rather than with its window open.
	StartMinimised bool `json:"start_minimised,omitempty"`
	// Overlays are the looks saved in the overlay builder, each served at
	// /o/<name>.
	Overlays []SavedOverlay `json:"overlays,omitempty"`
}

// SavedOverlay is one named look: its options as URL parameters (the
// overlay package checks their values).
type SavedOverlay struct {
	Name    string            `json:"name"`
	Options map[string]string `json:"options"`
}

// overlayName: lower-case letters, digits and dashes, as it appears in
// /o/<name>.
var overlayName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ValidOverlayName says why name cannot name a saved overlay, or nil.
func ValidOverlayName(name string) error {
	if !overlayName.MatchString(name) {
		return problem.New("overlay_name", fmt.Sprintf("Name the overlay with up to 32 lower-case letters, digits and dashes "+
			"(it becomes its address, /o/<name>), not %q.", name))
	}
	return nil
}

// maxSavedOverlays keeps a hand-edited or hostile file from costing more
// than the builder could ever list.
const maxSavedOverlays = 100

// Validate reports the settings a person must fix: one problem per field,
// each coded with the field's JSON name, in words that say how.
func (s Settings) Validate() error { return s.check(false).Err() }

// check finds each field's problem; with fix it also puts the field back
// to its default, so that one bad field does not cost the others.
func (s *Settings) check(fix bool) problem.List {
	var bad problem.List
	if s.SignalTimeoutSeconds < 0 || s.SignalTimeoutSeconds > 600 {
		bad = append(bad, problem.New("signal_timeout_seconds",
			fmt.Sprintf("The no-signal timeout must be between 1 and 600 seconds, not %d.", s.SignalTimeoutSeconds)))
		if fix {
			s.SignalTimeoutSeconds = 0
		}
	}
	if _, err := ParseOverlayAddr(s.OverlayAddr, s.OverlayLAN); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.OverlayAddr = ""
		}
	}
	seen := map[string]bool{}
	kept := s.Overlays[:0:0]
	for _, o := range s.Overlays {
		switch err := ValidOverlayName(o.Name); {
		case err != nil:
			bad = append(bad, err.(*problem.Problem))
		case seen[o.Name]:
			bad = append(bad, problem.New("overlay_name", fmt.Sprintf("Two saved overlays are named %q.", o.Name)))
		case len(kept) == maxSavedOverlays:
			bad = append(bad, problem.New("overlays", fmt.Sprintf("At most %d overlays can be saved.", maxSavedOverlays)))
		default:
			kept = append(kept, o)
		}
		seen[o.Name] = true
	}
	if fix {
		s.Overlays = kept
	}
	return bad
}

// LoadSettings reads the settings file. A missing file gives the defaults.
// A file that cannot be read is renamed aside and the defaults are used;
// one with fields Beatcast cannot use keeps its other fields: the bad ones
// take their defaults, the original is renamed aside and the mended file
// written in its place. notice then says, in plain words, what happened and
// where the old file is.
func LoadSettings(p Paths) (s Settings, notice string, err error) {
	var bad problem.List
	aside, why, err := readKept(p.SettingsFile(), func(data []byte) error {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		bad = s.check(true)
		return bad.Err()
	})
	switch {
	case err != nil:
		return Settings{}, "", fmt.Errorf("reading settings: %w", err)
	case aside == "":
		return s, "", nil
	case len(bad) == 0: // not even JSON
		return Settings{}, fmt.Sprintf("Your settings file could not be read (%v), so Beatcast started with the defaults. "+
			"The old file was kept as %s.", why, aside), nil
	}
	if err := SaveSettings(p, s); err != nil {
		return s, "", fmt.Errorf("writing the mended settings: %w", err)
	}
	return s, fmt.Sprintf("Your settings file had settings Beatcast cannot use: %s Those are back to their defaults; "+
		"the rest are kept. The old file was kept as %s.", bad.Error(), aside), nil
}

// SaveSettings validates s and writes it atomically. Only Store calls it:
// one writer for the file.
func SaveSettings(p Paths, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return safefile.Write(p.SettingsFile(), append(data, '\n'), 0o600)
}
