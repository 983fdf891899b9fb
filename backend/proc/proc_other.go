//go:build !linux && !windows

package proc

func running([]string) (bool, error) { return false, ErrUnsupported }
