package testkit

import (
	"bufio"
	"os/exec"
	"strings"
	"syscall"
)

// SessionBus starts a D-Bus session bus of the test's own (Debian package
// dbus) and returns its address. It ends with the test, and with the test
// binary if that is killed first.
func SessionBus(t T) string {
	t.Helper()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	cmd.SysProcAttr = EndsWithTest()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon (Debian package dbus): %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// EndsWithTest makes a program a test starts end with the test binary, even
// one that crashed or was killed before its clean-ups ran: the kernel's
// parent-death signal.
func EndsWithTest() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
