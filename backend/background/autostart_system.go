package background

import (
	"path/filepath"
	"runtime"

	"github.com/adrg/xdg"
)

// SystemAutostart is Autostart for the system Beatcast runs on: the HKCU
// Run key on Windows, XDG autostart elsewhere.
func SystemAutostart() Autostart {
	if runtime.GOOS == "windows" {
		return systemRunKey()
	}
	return systemXDG(filepath.Join(xdg.ConfigHome, "autostart"))
}
