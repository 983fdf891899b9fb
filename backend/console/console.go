// Package console gives a Windows GUI program the terminal it was started
// from. Beatcast's .exe is a GUI-subsystem program, so that a double-click
// opens no console window; started from cmd or PowerShell, it attaches to
// that console so that --help, --version, the headless log and the
// sign-in link print there, and Ctrl-C stops --headless. Elsewhere a
// program always has its terminal, and Attach does nothing.
package console
