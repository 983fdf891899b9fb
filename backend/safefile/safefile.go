// Package safefile writes the files Beatcast keeps so that neither a crash
// nor a reader ever sees half of one, and reads them back without trusting
// what is on disk: only regular files, only up to a size, never blocking on
// a FIFO or a device put in their place.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrNotRegular: the path is a directory, a device, a FIFO or a socket.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge: the file is larger than the reader allows.
var ErrTooLarge = errors.New("file too large")

// Write replaces path with data atomically: a reader, or a crash, sees the
// old file or the new one, never half of each. The data reaches the disk
// (fsync) before the rename, and the file has mode perm from its creation
// on, so a secret is never readable by others even for a moment. Missing
// folders are created 0700.
func Write(path string, data []byte, perm os.FileMode) error { return write(path, data, perm, true) }

// Swap replaces path with data atomically like Write, but without waiting
// for the disk: for a file rewritten every second whose content matters
// only while Beatcast runs (the text file for OBS), where a crash may
// leave the previous value but never half of one.
func Swap(path string, data []byte, perm os.FileMode) error { return write(path, data, perm, false) }

func write(path string, data []byte, perm os.FileMode, durable bool) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil && durable {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = replace(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if durable {
		syncDir(dir)
	}
	return nil
}

// Read returns the contents of the regular file at path if it holds at
// most max bytes. A missing file gives an error that satisfies
// errors.Is(err, fs.ErrNotExist); anything else in its place gives
// ErrNotRegular, and a bigger file ErrTooLarge.
func Read(path string, max int64) ([]byte, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, info.Mode().Type())
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%s: %w (%d bytes; at most %d)", path, ErrTooLarge, info.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1)) // it may grow while read
	if err == nil && int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w (more than %d bytes)", path, ErrTooLarge, max)
	}
	return data, err
}
