//go:build !windows

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWriteReplacesAtomicallyWithItsModeFromTheStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "token.json")
	for _, content := range []string{"first", "second, longer"} {
		if err := Write(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Read(path, 1<<20)
	if err != nil || string(got) != "second, longer" {
		t.Fatalf("Read = %q, %v", got, err)
	}
	info, _ := os.Stat(path)
	dir, _ := os.Stat(filepath.Dir(path))
	if info.Mode().Perm() != 0o600 || dir.Mode().Perm() != 0o700 {
		t.Errorf("file %v, folder %v; want 0600 and 0700", info.Mode().Perm(), dir.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files in the folder, want no temporary file left behind", len(entries))
	}
}

func TestReadRefusesWhatIsNotASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{big, ErrTooLarge},
		{fifo, ErrNotRegular}, // would block forever if opened plainly
		{zero, ErrNotRegular}, // would fill memory if read plainly
		{dir, ErrNotRegular},
		{filepath.Join(dir, "missing"), fs.ErrNotExist},
	} {
		if _, err := Read(tc.path, 1000); !errors.Is(err, tc.want) {
			t.Errorf("Read(%s) = %v, want %v", filepath.Base(tc.path), err, tc.want)
		}
	}
}
