//go:build !windows

package textfile

// heldByAnother: Unix has no mandatory sharing modes; no open waits.
func heldByAnother(error) bool { return false }
