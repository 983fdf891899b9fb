package proc

import (
	"os"
	"path/filepath"
	"strings"
)

// running reads each process's executable name from /proc/PID/comm (the
// kernel's first 15 bytes of it).
func running(names []string) (bool, error) {
	comms, err := filepath.Glob("/proc/[0-9]*/comm")
	if err != nil {
		return false, err
	}
	for _, path := range comms {
		data, err := os.ReadFile(path)
		if err == nil && matches(strings.TrimSpace(string(data)), names) {
			return true, nil
		}
	}
	return false, nil
}
