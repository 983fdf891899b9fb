package background

// trayHostAvailable: Windows always has a notification area.
func trayHostAvailable() bool { return true }
