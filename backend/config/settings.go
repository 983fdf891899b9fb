package config

import (
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strconv"

	"github.com/beatcast/beatcast/backend/safefile"
)

// Settings are the user's choices that outlive a run.
type Settings struct {
	// OverlayAddr is where the overlay is served; empty means the default.
	OverlayAddr string `json:"overlay_addr,omitempty"`
	// SignalTimeoutSeconds is how long without a beat before "no signal";
	// zero means the default.
	SignalTimeoutSeconds int `json:"signal_timeout_seconds,omitempty"`
	// ClientID is a Pulsoid OAuth client id entered by the user.
	ClientID string `json:"client_id,omitempty"`
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
		return fmt.Errorf("name the overlay with up to 32 lower-case letters, digits and dashes (it becomes its address, /o/<name>), not %q", name)
	}
	return nil
}

// maxSavedOverlays keeps a hand-edited or hostile file from costing more
// than the builder could ever list.
const maxSavedOverlays = 100

// Validate reports settings a person must fix, in words that say how.
func (s Settings) Validate() error {
	if s.SignalTimeoutSeconds < 0 || s.SignalTimeoutSeconds > 600 {
		return fmt.Errorf("the no-signal timeout must be between 1 and 600 seconds, not %d", s.SignalTimeoutSeconds)
	}
	if s.OverlayAddr != "" {
		host, port, err := net.SplitHostPort(s.OverlayAddr)
		n, perr := strconv.Atoi(port)
		if err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
			return fmt.Errorf("the overlay address %q must be HOST:PORT, e.g. 127.0.0.1:8765", s.OverlayAddr)
		}
	}
	if len(s.Overlays) > maxSavedOverlays {
		return fmt.Errorf("at most %d saved overlays, not %d", maxSavedOverlays, len(s.Overlays))
	}
	seen := map[string]bool{}
	for _, o := range s.Overlays {
		if err := ValidOverlayName(o.Name); err != nil {
			return err
		}
		if seen[o.Name] {
			return fmt.Errorf("two saved overlays are named %q", o.Name)
		}
		seen[o.Name] = true
	}
	return nil
}

// LoadSettings reads the settings file. A missing file gives the defaults.
// A file that cannot be used is renamed aside and the defaults are used;
// notice then says, in plain words, what happened and where the old file is.
func LoadSettings(p Paths) (s Settings, notice string, err error) {
	aside, why, err := readKept(p.SettingsFile(), func(data []byte) error {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		return s.Validate()
	})
	if err != nil {
		return Settings{}, "", fmt.Errorf("reading settings: %w", err)
	}
	if aside == "" {
		return s, "", nil
	}
	return Settings{}, fmt.Sprintf("Your settings file could not be read (%v), so Beatcast started with the defaults. "+
		"The old file was kept as %s.", why, aside), nil
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
