package main

import (
	"bufio"
	"fmt"
	"os/exec"
	"strings"

	"github.com/godbus/dbus/v5"
)

// trayHost plays a desktop with a notification area, as KDE or GNOME with
// the AppIndicator extension are: a private D-Bus session bus on which a
// StatusNotifierWatcher takes the icons. With it, Beatcast --minimised
// starts in the tray, its window hidden. What it answers is what the tray
// library calls: fyne.io/systray v1.12.1 (systray_unix.go) calls
// org.kde.StatusNotifierWatcher.RegisterStatusNotifierItem on the object
// /StatusNotifierWatcher and watches that name's owner.
type trayHost struct{}

func (trayHost) RegisterStatusNotifierItem(string) *dbus.Error { return nil }

// startTrayHost returns the bus address to give Beatcast and a stop func.
func startTrayHost() (string, func(), error) {
	daemon := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := daemon.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := daemon.Start(); err != nil {
		return "", nil, fmt.Errorf("dbus-daemon (Debian package dbus): %w", err)
	}
	stopDaemon := func() { _ = daemon.Process.Kill(); _ = daemon.Wait() }
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stopDaemon()
		return "", nil, err
	}
	addr = strings.TrimSpace(addr)
	conn, err := dbus.Connect(addr)
	if err == nil {
		err = conn.Export(trayHost{}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher")
	}
	if err == nil {
		_, err = conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	}
	if err != nil {
		stopDaemon()
		return "", nil, fmt.Errorf("the tray host on the private bus: %w", err)
	}
	return addr, func() { conn.Close(); stopDaemon() }, nil
}
