package ble

import (
	"os"
	"os/exec"
	"syscall"
)

// terminate: Windows has no SIGTERM for another process. The helper ends
// when its stdin closes, which stop does first (and the kill after
// stopGrace is the last word).
func terminate(*os.Process) error { return nil }

// hide keeps a console window from flashing up for the helper.
func hide(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true} }
