//go:build !windows

package background

func systemRunKey() Autostart        { return nil }
func systemXDG(dir string) Autostart { return XDGAutostart{Dir: dir} }
