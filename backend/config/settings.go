package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"time"
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
}

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
	return nil
}

// LoadSettings reads the settings file. A missing file gives the defaults.
// A file that cannot be parsed is renamed aside and the defaults are used;
// notice then says, in plain words, what happened and where the old file is.
func LoadSettings(p Paths) (s Settings, notice string, err error) {
	path := p.SettingsFile()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Settings{}, "", nil
	}
	if err != nil {
		return Settings{}, "", fmt.Errorf("reading settings: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return setAsideSettings(path, err)
	}
	if err := s.Validate(); err != nil {
		return setAsideSettings(path, err)
	}
	return s, "", nil
}

func setAsideSettings(path string, cause error) (Settings, string, error) {
	aside, err := setAside(path, time.Now())
	if err != nil {
		return Settings{}, "", err
	}
	return Settings{}, fmt.Sprintf("Your settings file could not be read (%v), so Beatcast started with the defaults. "+
		"The old file was kept as %s.", cause, aside), nil
}

// SaveSettings validates s and writes it atomically.
func SaveSettings(p Paths, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(p.SettingsFile(), append(data, '\n'), 0o600)
}
