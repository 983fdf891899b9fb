package ble

import (
	"errors"
	"strings"

	"github.com/godbus/dbus/v5"
)

// classify names what stops Bluetooth from an error of the Bluetooth
// library on system goos: one of stNoAdapter, stOff, stDenied, or "" for
// anything else (worth retrying). It reads the errors' words, as the
// library gives no types for them; each case names where its words come
// from. Pure, so Windows' cases are tested here too.
func classify(goos string, err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var bus dbus.Error // BlueZ's errors: the message is their text, the name says what
	if errors.As(err, &bus) {
		msg += " " + bus.Name
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(msg, w) {
				return true
			}
		}
		return false
	}
	switch goos {
	case "windows":
		switch {
		// HRESULT 0x80070005 E_ACCESSDENIED (adapter_windows.go formats
		// HRESULTs); BluetoothError 5 DisabledByPolicy, 7 DisabledByUser,
		// 8 ConsentRequired end a scan (gap_windows.go: "failed to stop
		// scanning (error code N)"; Windows.Devices.Bluetooth.BluetoothError).
		case has("0x80070005", "error code 5)", "error code 7)", "error code 8)"):
			return stDenied
		// BluetoothError 1 RadioNotAvailable: off, or no radio at all.
		case has("error code 1)"):
			return stOff
		// HRESULT 0x8007048F ERROR_DEVICE_NOT_CONNECTED: no adapter.
		case has("0x8007048F", "0x8007048f"):
			return stNoAdapter
		}
	default: // BlueZ over D-Bus (adapter_linux.go, gap_linux.go)
		switch {
		case has("org.freedesktop.DBus.Error.AccessDenied", "org.bluez.Error.NotPermitted", "org.bluez.Error.NotAuthorized"):
			return stDenied
		case has("adaptor is not powered", "org.bluez.Error.NotReady"):
			return stOff
		// No adapter, no BlueZ on the bus, no system bus at all.
		case has("does not exist", "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
			"org.freedesktop.DBus.Error.UnknownObject", "was not provided by any .service files",
			"dial unix", "no such file or directory", "connection refused"):
			return stNoAdapter
		}
	}
	return ""
}
