package background

// Autostart starts Beatcast when the streamer signs in to the computer.
// The system keeps the truth (an autostart file, a registry value):
// Enabled reads it, so it never disagrees with what will happen.
type Autostart interface {
	Enabled() (bool, error)
	// Enable runs exe with args at every sign-in; Disable stops that.
	Enable(exe string, args []string) error
	Disable() error
}
