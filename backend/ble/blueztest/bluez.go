//go:build linux

package blueztest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/beatcast/beatcast/backend/testkit"
)

// BlueZ is a simulated BlueZ on a bus of its own.
type BlueZ struct {
	// Address is the bus; a Bluetooth program finds it in
	// DBUS_SYSTEM_BUS_ADDRESS (Env).
	Address string
	conn    *dbus.Conn
	daemon  *exec.Cmd
	mock    *exec.Cmd

	mu     sync.Mutex
	straps []*Strap
	broken []string // AddBrokenDevice's paths
	stop   chan struct{}
}

const (
	bluezName    = "org.bluez"
	adapterPath  = "/org/bluez/hci0"
	mockIface    = "org.freedesktop.DBus.Mock"
	deviceIface  = "org.bluez.Device1"
	adapterIface = "org.bluez.Adapter1"
	charIface    = "org.bluez.GattCharacteristic1"
	serviceIface = "org.bluez.GattService1"
)

// The GATT UUIDs straps use (Bluetooth SIG assigned numbers).
const (
	HeartRateService     = "0000180d-0000-1000-8000-00805f9b34fb"
	HeartRateMeasurement = "00002a37-0000-1000-8000-00805f9b34fb"
	BatteryService       = "0000180f-0000-1000-8000-00805f9b34fb"
	BatteryLevel         = "00002a19-0000-1000-8000-00805f9b34fb"
)

// Require fails the test when the simulation's programs are missing.
func Require(t T) {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("dbus-daemon is missing: make setup-test installs it (Debian's dbus)")
	}
	if _, err := os.Stat("/usr/lib/python3/dist-packages/dbusmock"); err != nil {
		t.Fatal("python3-dbusmock is missing: make setup-test installs it")
	}
}

// Start runs a private bus with BlueZ on it, without an adapter yet (a
// computer without Bluetooth); AddAdapter plugs one in.
func Start(t T) *BlueZ {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	b := &BlueZ{stop: make(chan struct{})}
	b.daemon = exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1",
		"--address=unix:path="+filepath.Join(dir, "bus"))
	b.daemon.SysProcAttr = testkit.EndsWithTest()
	out, err := b.daemon.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.daemon.Start(); err != nil {
		t.Fatalf("dbus-daemon: %v", err)
	}
	t.Cleanup(b.close)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	b.Address = strings.TrimSpace(line)
	// Debian's own python3 has dbusmock (a pyenv's may not).
	b.mock = exec.Command("/usr/bin/python3", "-m", "dbusmock", "--system", "--template", "bluez5")
	b.mock.Env = append(os.Environ(), "DBUS_SYSTEM_BUS_ADDRESS="+b.Address)
	b.mock.SysProcAttr = testkit.EndsWithTest()
	b.mock.Stdout, b.mock.Stderr = io.Discard, os.Stderr // it logs every call on stdout
	if err := b.mock.Start(); err != nil {
		t.Fatalf("dbusmock: %v", err)
	}
	if b.conn, err = dbus.Connect(b.Address); err != nil {
		t.Fatalf("connecting to the private bus: %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var has bool
		if b.conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, bluezName).Store(&has) == nil && has {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the simulated BlueZ never appeared on the bus")
		}
	}
	go b.advertise()
	return b
}

// Env is the environment a Bluetooth program needs to find this BlueZ.
func (b *BlueZ) Env() string { return "DBUS_SYSTEM_BUS_ADDRESS=" + b.Address }

func (b *BlueZ) close() {
	close(b.stop)
	if b.conn != nil {
		b.conn.Close()
	}
	for _, c := range []*exec.Cmd{b.mock, b.daemon} {
		if c != nil && c.Process != nil {
			c.Process.Signal(syscall.SIGTERM)
			c.Wait()
		}
	}
}

func (b *BlueZ) call(t T, path, method string, args ...any) *dbus.Call {
	t.Helper()
	c := b.conn.Object(bluezName, dbus.ObjectPath(path)).Call(method, 0, args...)
	if c.Err != nil {
		t.Fatalf("%s on %s: %v", method, path, c.Err)
	}
	return c
}

// update changes properties of an object and signals it, as BlueZ does.
func (b *BlueZ) update(t T, path, iface string, props map[string]dbus.Variant) {
	t.Helper()
	b.call(t, path, mockIface+".UpdateProperties", iface, props)
}

// AddAdapter plugs in a powered adapter, hci0.
func (b *BlueZ) AddAdapter(t T) {
	t.Helper()
	b.call(t, "/", "org.bluez.Mock.AddAdapter", "hci0", "beatcast-test")
}

// RemoveAdapter unplugs it.
func (b *BlueZ) RemoveAdapter(t T) {
	t.Helper()
	b.call(t, "/", "org.bluez.Mock.RemoveAdapterWithDevices", "hci0")
}

// SetPowered turns Bluetooth on or off, as the desktop's switch does.
func (b *BlueZ) SetPowered(t T, on bool) {
	t.Helper()
	b.update(t, adapterPath, adapterIface, map[string]dbus.Variant{"Powered": dbus.MakeVariant(on)})
}

// DenyScans makes BlueZ refuse this program discovery, as a D-Bus policy
// refuses a user outside the bluetooth group (org.freedesktop.DBus.Error.AccessDenied).
func (b *BlueZ) DenyScans(t T) {
	t.Helper()
	b.call(t, adapterPath, mockIface+".AddMethod", adapterIface, "StartDiscovery", "", "",
		"raise dbus.exceptions.DBusException('Rejected send message', name='org.freedesktop.DBus.Error.AccessDenied')")
}

// advertise plays the radio: while a strap is in range and not connected,
// BlueZ updates its RSSI on every advertisement it hears during discovery
// (doc/org.bluez.Device.rst, "RSSI"), so a scan sees it.
func (b *BlueZ) advertise() {
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for n := 0; ; n++ {
		select {
		case <-b.stop:
			return
		case <-tick.C:
		}
		b.mu.Lock()
		straps := append([]*Strap(nil), b.straps...)
		broken := append([]string(nil), b.broken...)
		b.mu.Unlock()
		for _, path := range broken {
			b.conn.Object(bluezName, dbus.ObjectPath(path)).Call(mockIface+".UpdateProperties", 0, deviceIface,
				map[string]dbus.Variant{"RSSI": dbus.MakeVariant(int16(-70 - n%3))})
		}
		for _, s := range straps {
			if s.inRange() && !s.Connected() {
				rssi := int16(s.RSSI - n%3)
				b.conn.Object(bluezName, dbus.ObjectPath(s.path)).Call(mockIface+".UpdateProperties", 0, deviceIface,
					map[string]dbus.Variant{"RSSI": dbus.MakeVariant(rssi)})
			}
		}
	}
}
