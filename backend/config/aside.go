package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/beatcast/beatcast/backend/safefile"
)

// maxFileSize bounds every file Beatcast reads back: settings, token and
// key are a few hundred bytes; a megabyte is already absurd.
const maxFileSize = 1 << 20

// readKept reads one of Beatcast's files into parse. A missing file is not
// an error (parse is not called). A file that is not a small regular file
// (a FIFO, a device, a symlink to /dev/zero, a huge file) is renamed aside
// unread, and so is one that parse rejects: aside then names where it
// went, and why says what was wrong with it.
func readKept(path string, parse func([]byte) error) (aside string, why, err error) {
	data, err := safefile.Read(path, maxFileSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil, nil
	case errors.Is(err, safefile.ErrNotRegular), errors.Is(err, safefile.ErrTooLarge):
		why = err
	case err != nil:
		return "", nil, err
	default:
		why = parse(data)
	}
	if why == nil {
		return "", nil, nil
	}
	aside, err = setAside(path, time.Now())
	return aside, why, err
}

// setAside renames an unreadable file out of the way, keeping it for the
// user to inspect, and returns its new name.
func setAside(path string, now time.Time) (string, error) {
	aside := fmt.Sprintf("%s.corrupt-%s", path, now.Format("20060102-150405"))
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("setting aside the unreadable %s: %w", path, err)
	}
	return aside, nil
}
