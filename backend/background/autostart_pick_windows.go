package background

func systemRunKey() Autostart        { return RunKey{Name: "Beatcast"} }
func systemXDG(dir string) Autostart { return nil }
