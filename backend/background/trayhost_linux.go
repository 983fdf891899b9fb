package background

import "github.com/godbus/dbus/v5"

// trayHostAvailable reports whether a StatusNotifierWatcher runs on the
// session bus: only then is a tray icon shown (and only then is
// fyne.io/systray safe to start; without a bus it panics on Quit).
func trayHostAvailable() bool {
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return false
	}
	defer conn.Close()
	if conn.Auth(nil) != nil || conn.Hello() != nil {
		return false
	}
	var owned bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&owned)
	return err == nil && owned
}
