//go:build linux

package blueztest

import (
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// StrapSpec says what a simulated strap is.
type StrapSpec struct {
	Name    string
	Address string // AA:BB:CC:DD:EE:FF
	RSSI    int    // dBm while advertising (0: -60)
	// Battery is the level the strap reports, or -1 for a strap without a
	// Battery service.
	Battery int
}

// Strap is a simulated heart-rate strap: a BlueZ device with the Heart
// Rate service and, when it reports one, a Battery service.
type Strap struct {
	StrapSpec
	b    *BlueZ
	path string

	mu    sync.Mutex
	away  bool
	hrm   string // the Heart Rate Measurement's object path
	level string // the Battery Level's, or ""
}

// AddStrap puts a strap in range, advertising the Heart Rate service.
func (b *BlueZ) AddStrap(t T, s StrapSpec) *Strap {
	t.Helper()
	if s.RSSI == 0 {
		s.RSSI = -60
	}
	st := &Strap{StrapSpec: s, b: b}
	st.appear(t)
	b.mu.Lock()
	b.straps = append(b.straps, st)
	b.mu.Unlock()
	return st
}

// appear adds the device and its services, as BlueZ shows a strap it
// hears and has resolved before.
func (s *Strap) appear(t T) {
	t.Helper()
	b := s.b
	var path string
	b.call(t, "/", "org.bluez.Mock.AddDevice", "hci0", s.Address, s.Name).Store(&path)
	s.mu.Lock()
	s.path, s.away = path, false
	s.mu.Unlock()
	// The template's Connect sets no property. BlueZ's sets Connected, and
	// ServicesResolved once it has read the services
	// (doc/org.bluez.Device.rst): the library waits for both.
	b.call(t, path, mockIface+".AddMethod", deviceIface, "Connect", "", "",
		"self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(True, variant_level=1), "+
			"'ServicesResolved': dbus.Boolean(True, variant_level=1)})")
	b.call(t, path, mockIface+".AddMethod", deviceIface, "Disconnect", "", "",
		"self.UpdateProperties('org.bluez.Device1', {'Connected': dbus.Boolean(False, variant_level=1), "+
			"'ServicesResolved': dbus.Boolean(False, variant_level=1)})")
	hr := path + "/service000c"
	b.call(t, "/", mockIface+".AddObject", hr, serviceIface, map[string]dbus.Variant{
		"UUID": dbus.MakeVariant(HeartRateService), "Primary": dbus.MakeVariant(true), "Device": dbus.MakeVariant(dbus.ObjectPath(path)),
	}, []struct{ A, B, C, D string }{})
	hrm := hr + "/char000d"
	b.call(t, "/", mockIface+".AddObject", hrm, charIface, map[string]dbus.Variant{
		"UUID": dbus.MakeVariant(HeartRateMeasurement), "Service": dbus.MakeVariant(dbus.ObjectPath(hr)),
		"Flags": dbus.MakeVariant([]string{"notify"}), "Value": dbus.MakeVariant([]byte{}), "Notifying": dbus.MakeVariant(false),
	}, []struct{ A, B, C, D string }{
		{"StartNotify", "", "", "self.UpdateProperties('org.bluez.GattCharacteristic1', {'Notifying': dbus.Boolean(True, variant_level=1)})"},
		{"StopNotify", "", "", "self.UpdateProperties('org.bluez.GattCharacteristic1', {'Notifying': dbus.Boolean(False, variant_level=1)})"},
	})
	uuids := []string{HeartRateService}
	level := ""
	if s.Battery >= 0 {
		bat := path + "/service0010"
		b.call(t, "/", mockIface+".AddObject", bat, serviceIface, map[string]dbus.Variant{
			"UUID": dbus.MakeVariant(BatteryService), "Primary": dbus.MakeVariant(true), "Device": dbus.MakeVariant(dbus.ObjectPath(path)),
		}, []struct{ A, B, C, D string }{})
		level = bat + "/char0011"
		b.call(t, "/", mockIface+".AddObject", level, charIface, map[string]dbus.Variant{
			"UUID": dbus.MakeVariant(BatteryLevel), "Service": dbus.MakeVariant(dbus.ObjectPath(bat)),
			"Flags": dbus.MakeVariant([]string{"read", "notify"}), "Value": dbus.MakeVariant([]byte{byte(s.Battery)}),
			"Notifying": dbus.MakeVariant(false),
		}, []struct{ A, B, C, D string }{
			// ReadValue answers the current value (doc/org.bluez.GattCharacteristic.rst).
			{"ReadValue", "a{sv}", "ay", "ret = self.props['org.bluez.GattCharacteristic1']['Value']"},
			{"StartNotify", "", "", "self.UpdateProperties('org.bluez.GattCharacteristic1', {'Notifying': dbus.Boolean(True, variant_level=1)})"},
			{"StopNotify", "", "", ""},
		})
		uuids = append(uuids, BatteryService)
	}
	s.mu.Lock()
	s.hrm, s.level = hrm, level
	s.mu.Unlock()
	// It advertises the Heart Rate service: BlueZ lists it in UUIDs.
	b.update(t, path, deviceIface, map[string]dbus.Variant{"UUIDs": dbus.MakeVariant(uuids)})
}

// Notify sends one Heart Rate Measurement notification: the new Value in
// a PropertiesChanged signal, as BlueZ relays it.
func (s *Strap) Notify(t T, value []byte) {
	t.Helper()
	if err := s.Send(value); err != nil {
		t.Fatalf("notifying %x: %v", value, err)
	}
}

// Send is Notify for a goroutine of the test's own: it says what failed
// (the strap out of range, the test over) rather than fail the test.
func (s *Strap) Send(value []byte) error {
	s.mu.Lock()
	hrm := s.hrm
	s.mu.Unlock()
	return s.b.conn.Object(bluezName, dbus.ObjectPath(hrm)).Call(mockIface+".UpdateProperties", 0, charIface,
		map[string]dbus.Variant{"Value": dbus.MakeVariant(value)}).Err
}

// SetBattery changes the battery level, notified like a measurement.
func (s *Strap) SetBattery(t T, percent int) {
	t.Helper()
	s.mu.Lock()
	level := s.level
	s.mu.Unlock()
	s.b.update(t, level, charIface, map[string]dbus.Variant{"Value": dbus.MakeVariant([]byte{byte(percent)})})
}

// Connected says whether a program is connected to the strap.
func (s *Strap) Connected() bool {
	s.mu.Lock()
	path, away := s.path, s.away
	s.mu.Unlock()
	if away {
		return false
	}
	v, err := s.b.conn.Object(bluezName, dbus.ObjectPath(path)).GetProperty(deviceIface + ".Connected")
	on, _ := v.Value().(bool)
	return err == nil && on
}

func (s *Strap) inRange() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.away
}

// WalkAway takes the strap out of range: the link drops (Connected false)
// and BlueZ forgets the device it no longer hears.
func (s *Strap) WalkAway(t T) {
	t.Helper()
	s.mu.Lock()
	path := s.path
	s.away = true
	s.mu.Unlock()
	s.b.update(t, path, deviceIface, map[string]dbus.Variant{"Connected": dbus.MakeVariant(false), "ServicesResolved": dbus.MakeVariant(false)})
	for _, child := range []string{path + "/service000c/char000d", path + "/service000c", path + "/service0010/char0011", path + "/service0010"} {
		s.b.conn.Object(bluezName, "/").Call(mockIface+".RemoveObject", 0, child)
	}
	s.b.call(t, adapterPath, adapterIface+".RemoveDevice", dbus.ObjectPath(path))
}

// ComeBack brings it back in range, advertising again.
func (s *Strap) ComeBack(t T) {
	t.Helper()
	s.appear(t)
}

// HangConnects makes BlueZ never answer a connection to the strap (the
// whole simulated BlueZ stalls for a minute in it), as a strap at the edge
// of range does to a library without a connect timeout of its own.
func (s *Strap) HangConnects(t T) {
	t.Helper()
	s.b.call(t, s.path, mockIface+".AddMethod", deviceIface, "Connect", "", "", "import time; time.sleep(60)")
}

// AddBrokenDevice adds a device object without properties BlueZ always
// gives one (no UUIDs, no AddressType) that keeps advertising: a
// Bluetooth library that trusts BlueZ's shape crashes on it whenever it
// scans (tinygo's makeScanResult does), until RemoveBrokenDevice.
func (b *BlueZ) AddBrokenDevice(t T, address string) {
	t.Helper()
	path := adapterPath + "/dev_" + strings.ReplaceAll(address, ":", "_")
	props := map[string]dbus.Variant{"Address": dbus.MakeVariant(address), "Name": dbus.MakeVariant("Broken"),
		"Connected": dbus.MakeVariant(false), "RSSI": dbus.MakeVariant(int16(-70))}
	b.call(t, "/", mockIface+".AddObject", path, deviceIface, props, []struct{ A, B, C, D string }{})
	b.call(t, "/", mockIface+".EmitSignal", "org.freedesktop.DBus.ObjectManager", "InterfacesAdded", "oa{sa{sv}}",
		[]dbus.Variant{dbus.MakeVariant(dbus.ObjectPath(path)), dbus.MakeVariant(map[string]map[string]dbus.Variant{deviceIface: props})})
	b.mu.Lock()
	b.broken = append(b.broken, path)
	b.mu.Unlock()
}

// RemoveBrokenDevice takes the broken devices away.
func (b *BlueZ) RemoveBrokenDevice(t T) {
	t.Helper()
	b.mu.Lock()
	broken := b.broken
	b.broken = nil
	b.mu.Unlock()
	for _, path := range broken {
		b.call(t, "/", mockIface+".RemoveObject", path)
	}
}
