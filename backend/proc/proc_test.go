package proc

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The test binary, copied under another name, stands in for a program to
// find: run with PROC_TEST_WAIT it only waits.
func TestMain(m *testing.M) {
	if os.Getenv("PROC_TEST_WAIT") != "" {
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A program is found while it runs and not once it has ended, by its
// file name in any case (on Windows, under Wine too: make dist runs this).
func TestAProgramIsFoundByNameWhileItRuns(t *testing.T) {
	name := "bcwaiter"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	// Not t.TempDir: Wine 8 cannot remove a folder with os.RemoveAll.
	dir, err := os.MkdirTemp("", "proc-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	waiter := filepath.Join(dir, name)
	copyFile(t, waiter)
	cmd := exec.Command(waiter)
	cmd.Env = append(os.Environ(), "PROC_TEST_WAIT=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if found, err := Running("nothing-like-it", strings.ToUpper(name)); err != nil || !found {
		t.Errorf("while %s runs: %v, %v", name, found, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if found, err := Running(name); err != nil || found {
		t.Errorf("after %s ended: %v, %v", name, found, err)
	}
}

func copyFile(t *testing.T, to string) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
