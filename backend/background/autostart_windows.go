package background

import (
	"errors"
	"strings"
	"syscall"

	"golang.org/x/sys/windows/registry"
)

// RunKey is Autostart on Windows: a value under HKCU's Run key, as
// Windows' own Startup apps settings list it. No administrator is needed.
type RunKey struct{ Name string }

const runPath = `Software\Microsoft\Windows\CurrentVersion\Run`

func (r RunKey) Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runPath, registry.QUERY_VALUE)
	if err != nil {
		return false, err
	}
	defer k.Close()
	_, _, err = k.GetStringValue(r.Name)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func (r RunKey) Enable(exe string, args []string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runPath, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	words := []string{syscall.EscapeArg(exe)}
	for _, a := range args {
		words = append(words, syscall.EscapeArg(a))
	}
	return k.SetStringValue(r.Name, strings.Join(words, " "))
}

func (r RunKey) Disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runPath, registry.SET_VALUE)
	if err != nil {
		return err
	}
	defer k.Close()
	if err := k.DeleteValue(r.Name); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return err
	}
	return nil
}
