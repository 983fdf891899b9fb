//go:build !linux && !windows

package background

import "log/slog"

// StartTray: this build has no tray (macOS is not built yet).
func StartTray(log *slog.Logger, icon []byte, m Menu) (Tray, bool) { return nil, false }
