package ble

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
)

// The words each system's stack uses, as tinygo.org/x/bluetooth v0.16.0
// passes them on (Linux: BlueZ's D-Bus errors; Windows: HRESULTs and
// BluetoothError codes; the Windows rows cannot run here and are tested
// as words).
func TestEachStacksWordsForTroubleAreToldApart(t *testing.T) {
	for _, tc := range []struct {
		goos, err, want string
	}{
		{"linux", "bluetooth: adapter /org/bluez/hci0 does not exist", stNoAdapter},
		{"linux", "could not activate BlueZ adapter: The name org.bluez was not provided by any .service files", stNoAdapter},
		{"linux", "org.freedesktop.DBus.Error.ServiceUnknown: The name org.bluez was not provided", stNoAdapter},
		{"linux", "dial unix /run/dbus/system_bus_socket: connect: no such file or directory", stNoAdapter},
		{"linux", "bluetooth: adaptor is not powered", stOff},
		{"linux", "org.bluez.Error.NotReady: Resource Not Ready", stOff},
		{"linux", "org.freedesktop.DBus.Error.AccessDenied: Rejected send message", stDenied},
		{"linux", "org.bluez.Error.NotPermitted: Operation not permitted", stDenied},
		{"linux", "bluetooth: failed to connect: org.bluez.Error.Failed: le-connection-abort-by-local", ""},
		{"windows", "HRESULT 0x80070005: Access is denied.", stDenied},
		{"windows", "failed to stop scanning (error code 7)", stDenied},
		{"windows", "failed to stop scanning (error code 1)", stOff},
		{"windows", "HRESULT 0x8007048F: The device is not connected.", stNoAdapter},
		{"windows", "error connecting to device: HRESULT 0x80070490", ""},
	} {
		if got := classify(tc.goos, errors.New(tc.err)); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.goos, tc.err, got, tc.want)
		}
	}
	// BlueZ's errors as godbus gives them: the text, and the name apart.
	denied := fmt.Errorf("scan: %w", dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"Rejected send message"}})
	if got := classify("linux", denied); got != stDenied {
		t.Errorf("AccessDenied by name: %q", got)
	}
}

// The log of a helper that died keeps why (a panic's first line), however
// long the stack trace after it.
func TestTheHelpersLastWordsKeepWhyItDied(t *testing.T) {
	var tl tail
	fmt.Fprint(&tl, "time=… level=INFO msg=scanning\npanic: interface conversion: interface {} is nil, not []string\n\ngoroutine 1 [running]:\n")
	for i := range 40 {
		fmt.Fprintf(&tl, "frame %d\n", i)
	}
	said := tl.String()
	if !strings.HasPrefix(said, "panic: interface conversion") || !strings.Contains(said, "frame 39") || strings.Contains(said, "frame 20\n") {
		t.Errorf("the helper's last words:\n%s", said)
	}
}
