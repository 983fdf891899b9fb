// Package proc tells whether a program runs on this computer, by name:
// the one signal that a local peer is there when its port cannot say
// (VRChat on Windows, where UDP reports no closed port; OBS with its
// websocket server turned off).
package proc

import (
	"errors"
	"strings"
)

// ErrUnsupported: this system's process list is not read.
var ErrUnsupported = errors.New("proc: the process list is not read on this system")

// Running reports whether a process with one of names runs: its
// executable's file name, compared without case ("VRChat.exe", "obs").
func Running(names ...string) (bool, error) { return running(names) }

func matches(exe string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(exe, n) {
			return true
		}
	}
	return false
}
