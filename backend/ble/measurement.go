package ble

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Contact is what a strap says about touching the skin.
type Contact uint8

const (
	// ContactUnknown: the sensor does not report contact (most watches).
	ContactUnknown Contact = iota
	// ContactDetected: it touches the skin.
	ContactDetected
	// ContactLost: it reports contact and has none; its number is not a
	// heart rate.
	ContactLost
)

// Measurement is one Heart Rate Measurement (GATT characteristic 0x2A37).
type Measurement struct {
	BPM     int
	Contact Contact
	// EnergyKJ is the energy expended since the strap's last reset, in
	// kilojoules, when the strap sends it (-1 when it does not).
	EnergyKJ int
	// RR are the intervals between beats in this notification, in
	// milliseconds (the strap's 1/1024 s, rounded).
	RR []int
}

// The flags of the first byte (Heart Rate Service 1.0, 3.1.1.1–3.1.1.5).
const (
	flagUint16      = 1 << 0 // the heart rate is a UINT16, else a UINT8
	flagContact     = 1 << 1 // contact detected (meaningful with flagSupported)
	flagSupported   = 1 << 2 // the sensor reports contact
	flagEnergy      = 1 << 3 // a UINT16 of energy expended follows, in kJ
	flagRRIntervals = 1 << 4 // one or more UINT16 RR-intervals follow, in 1/1024 s
)

// errShort is a notification too short for what its flags announce.
var errShort = errors.New("ble: heart rate measurement too short for its flags")

// ParseMeasurement reads the value of the Heart Rate Measurement
// characteristic: little-endian fields after a flags byte. A trailing odd
// byte after the RR-intervals is ignored: the rest still counts.
func ParseMeasurement(b []byte) (Measurement, error) {
	if len(b) < 2 {
		return Measurement{}, errShort
	}
	flags, rest := b[0], b[1:]
	m := Measurement{EnergyKJ: -1}
	if flags&flagUint16 != 0 {
		if len(rest) < 2 {
			return Measurement{}, errShort
		}
		m.BPM, rest = int(binary.LittleEndian.Uint16(rest)), rest[2:]
	} else {
		m.BPM, rest = int(rest[0]), rest[1:]
	}
	switch {
	case flags&flagSupported == 0:
		m.Contact = ContactUnknown
	case flags&flagContact != 0:
		m.Contact = ContactDetected
	default:
		m.Contact = ContactLost
	}
	if flags&flagEnergy != 0 {
		if len(rest) < 2 {
			return Measurement{}, errShort
		}
		m.EnergyKJ, rest = int(binary.LittleEndian.Uint16(rest)), rest[2:]
	}
	if flags&flagRRIntervals != 0 {
		for ; len(rest) >= 2; rest = rest[2:] {
			m.RR = append(m.RR, rrMillis(binary.LittleEndian.Uint16(rest)))
		}
	}
	return m, nil
}

// rrMillis turns an RR-interval in 1/1024 s into milliseconds.
func rrMillis(v uint16) int { return int(math.Round(float64(v) * 1000 / 1024)) }

func (c Contact) String() string {
	switch c {
	case ContactDetected:
		return "detected"
	case ContactLost:
		return "lost"
	}
	return "unknown"
}

func (m Measurement) String() string {
	return fmt.Sprintf("%d BPM, contact %s, energy %d kJ, RR %v ms", m.BPM, m.Contact, m.EnergyKJ, m.RR)
}
