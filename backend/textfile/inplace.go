package textfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/beatcast/beatcast/backend/safefile"
)

// rewrite puts text into the file at path in place, so that file watchers
// see a change of that file: inotify's IN_MODIFY and IN_CLOSE_WRITE on its
// path, .NET's FileSystemWatcher "Changed" (Streamer.bot's File Watcher).
// Replacing the file by a rename, as before, raised only "Renamed" there,
// and an inotifywait on the file died at the first beat.
//
// No reader ever finds it empty or half-written: the new text goes in one
// write at offset 0 over the old one, never after a truncation. A shorter
// text is first written padded with spaces to the old length (a reader
// then sees the new value with trailing spaces), and then the file is cut
// to its length. A file that does not exist yet is created whole, by a
// rename (safefile.Swap), as nobody watches it yet.
func rewrite(path string, text []byte) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return safefile.Swap(path, text, 0o600)
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a plain file", path)
	}
	f, err := openForRewrite(path)
	if err != nil {
		return err
	}
	defer f.Close()
	size, err := f.Seek(0, 2)
	if err != nil {
		return err
	}
	padded := text
	if n := int(size) - len(text); n > 0 {
		padded = append(append(make([]byte, 0, size), text...), bytes.Repeat([]byte{' '}, n)...)
	}
	if _, err := f.WriteAt(padded, 0); err != nil {
		return err
	}
	if len(padded) > len(text) {
		if err := f.Truncate(int64(len(text))); err != nil {
			return err
		}
	}
	return f.Close()
}

// openForRewrite opens path for writing without truncating it. Another
// program may hold it for an instant (OBS reading it on Windows, an
// antivirus); such holds last milliseconds, so it tries a few times.
func openForRewrite(path string) (*os.File, error) {
	var err error
	for range 5 {
		var f *os.File
		if f, err = os.OpenFile(path, os.O_WRONLY, 0); err == nil || !heldByAnother(err) {
			return f, err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil, err
}
