package safefile

import (
	"errors"
	"os"
	"time"
)

// openNonBlocking: Windows has no FIFOs in the file system to block on.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// replace renames tmp over path. os.Rename replaces an existing file on
// Windows (MoveFileEx with MOVEFILE_REPLACE_EXISTING), but fails while
// another program (OBS reading a text file, an antivirus) has the target
// open without sharing delete access; such locks last milliseconds, so it
// tries again for a short while.
func replace(tmp, path string) error {
	var err error
	for range 20 {
		if err = os.Rename(tmp, path); err == nil || !errors.Is(err, os.ErrPermission) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

// syncDir: Windows cannot open a folder to flush it; NTFS journals the rename.
func syncDir(string) {}
