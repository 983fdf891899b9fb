//go:build !windows

package ble

import (
	"os"
	"os/exec"
	"syscall"
)

// terminate asks the helper to stop: it lets go of the strap first.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }

func hide(*exec.Cmd) {}
