//go:build !windows

package console

// Attach does nothing: the program already has its terminal.
func Attach() bool { return false }
