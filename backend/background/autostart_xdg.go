//go:build !windows

package background

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/beatcast/beatcast/backend/safefile"
)

// XDGAutostart is Autostart on Linux desktops: a Desktop Entry in
// $XDG_CONFIG_HOME/autostart (freedesktop.org's Desktop Application
// Autostart Specification).
type XDGAutostart struct{ Dir string }

func (a XDGAutostart) file() string { return filepath.Join(a.Dir, "beatcast.desktop") }

func (a XDGAutostart) Enabled() (bool, error) {
	_, err := os.Stat(a.file())
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func (a XDGAutostart) Enable(exe string, args []string) error {
	words := []string{desktopQuote(exe)}
	for _, arg := range args {
		words = append(words, desktopQuote(arg))
	}
	entry := "[Desktop Entry]\nType=Application\nName=Beatcast\nComment=Your heart rate on stream\n" +
		"Exec=" + strings.Join(words, " ") + "\nIcon=beatcast\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
	return safefile.Write(a.file(), []byte(entry), 0o644)
}

func (a XDGAutostart) Disable() error {
	if err := os.Remove(a.file()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// desktopQuote quotes one argument of an Exec key as the Desktop Entry
// Specification says: in double quotes, with ", `, $ and \ escaped.
func desktopQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"'\\><~|&;$*?#()`") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)
	return `"` + r.Replace(s) + `"`
}
