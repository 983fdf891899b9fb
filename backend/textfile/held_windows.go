package textfile

import (
	"errors"

	"golang.org/x/sys/windows"
)

// heldByAnother: another program opened the file without sharing write
// access, for the moment it reads it.
func heldByAnother(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
