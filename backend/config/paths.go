// Package config owns everything Beatcast keeps on disk: where it lives
// (the XDG config home, through adrg/xdg), the settings file, and the
// Pulsoid token. Files are written atomically; a file that cannot be read
// is set aside with a notice, never crashed on.
package config

import (
	"path/filepath"

	"github.com/adrg/xdg"
)

// AppDir is the folder name under the XDG config and data homes.
const AppDir = "beatcast"

// Paths says where Beatcast's files are. Tests build one over t.TempDir().
type Paths struct {
	ConfigDir string // settings and token
	DataDir   string // files Beatcast generates for the user (the local-file overlay)
}

// DefaultPaths follows the XDG base directories ($XDG_CONFIG_HOME,
// $XDG_DATA_HOME and their per-OS equivalents).
func DefaultPaths() Paths {
	xdg.Reload() // pick up the environment as it is now, not at package init
	return Paths{
		ConfigDir: filepath.Join(xdg.ConfigHome, AppDir),
		DataDir:   filepath.Join(xdg.DataHome, AppDir),
	}
}

// SettingsFile is the path of settings.json.
func (p Paths) SettingsFile() string { return filepath.Join(p.ConfigDir, "settings.json") }

// TokenFile is the path of the Pulsoid token.
func (p Paths) TokenFile() string { return filepath.Join(p.ConfigDir, "token.json") }

// StreamsDir is where recorded streams are kept (the history package);
// the folder keeps the name sessions/ that existing installs have.
func (p Paths) StreamsDir() string { return filepath.Join(p.DataDir, "sessions") }
