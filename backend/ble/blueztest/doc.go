// Package blueztest simulates BlueZ for tests, as
// ../shared/docs/real-peers.md describes: a private D-Bus bus, and
// python3-dbusmock's bluez5 template on it as org.bluez, with heart-rate
// straps added the way BlueZ shows them (org.bluez.Device1, and
// GattService1/GattCharacteristic1 objects for the Heart Rate and Battery
// services). The unmodified Bluetooth library, pointed at the bus with
// DBUS_SYSTEM_BUS_ADDRESS, scans, connects and receives notifications.
// What the template lacks is added from BlueZ's own documentation
// (doc/org.bluez.Device.rst, doc/org.bluez.GattCharacteristic.rst), each
// place saying so. Production code never imports it.
package blueztest

import "github.com/beatcast/beatcast/backend/testkit"

// T is what it needs of a test (testkit.T).
type T = testkit.T
