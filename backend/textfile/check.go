package textfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/beatcast/beatcast/backend/problem"
)

// CanWrite checks that the file at path can be kept as Writer keeps it
// (created by a rename beside it, then rewritten in place) without
// changing the file itself, which OBS may be showing. The error says, in a sentence, what to pick
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
	info, err := os.Stat(path)
	if err != nil {
		return nil // it will be created
	}
	if !info.Mode().IsRegular() {
		return problem.New("text_file", fmt.Sprintf("%s is not a plain file. Pick a .txt file, e.g. %s.", path,
			filepath.Join(dir, "heart-rate.txt")))
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0) // opening for writing changes nothing
	if err != nil {
		return cannot(err)
	}
	return f.Close()
}
