package proc

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A program is found while it runs and not once it has ended, by its
// file name in any case.
func TestAProgramIsFoundByNameWhileItRuns(t *testing.T) {
	sleeper := filepath.Join(t.TempDir(), "beatcastSleep")
	if err := os.Symlink("/bin/sleep", sleeper); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sleeper, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if found, err := Running("nothing-like-it", "BEATCASTSLEEP"); err != nil || !found {
		t.Errorf("while it runs: %v, %v", found, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if found, err := Running("beatcastsleep"); err != nil || found {
		t.Errorf("after it ended: %v, %v", found, err)
	}
}
