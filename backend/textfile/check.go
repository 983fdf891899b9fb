package textfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/beatcast/beatcast/backend/problem"
)

// CanWrite checks that the file at path can be kept as Writer keeps it (a
// new file beside it, renamed over it) without touching the file itself,
// which OBS may be showing. The error says, in a sentence, what to pick
// instead.
func CanWrite(path string) error {
	cannot := func(err error) error {
		return problem.Wrap("text_file", fmt.Sprintf("Beatcast cannot write to %s (%v). Pick a file in a folder you can write to.",
			path, problem.RootCause(err)), err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return cannot(err)
	}
	probe, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return cannot(err)
	}
	probe.Close()
	os.Remove(probe.Name())
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return problem.New("text_file", fmt.Sprintf("%s is not a plain file. Pick a .txt file, e.g. %s.", path,
			filepath.Join(dir, "heart-rate.txt")))
	}
	return nil
}
