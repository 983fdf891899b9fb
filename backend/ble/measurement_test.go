package ble

import (
	"encoding/hex"
	"reflect"
	"testing"
)

// Each row is a notification as a strap sends it, from the Heart Rate
// Measurement characteristic's definition (Heart Rate Service 1.0, 3.1;
// the first three are the examples of ../shared/docs/real-peers.md).
func TestAHeartRateMeasurementIsReadAsItsDefinitionSays(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		want Measurement
	}{
		{"uint8, contact detected, one RR", "16484003",
			Measurement{BPM: 72, Contact: ContactDetected, EnergyKJ: -1, RR: []int{813}}}, // 832/1024 s = 812.5 ms
		{"uint16, energy, one RR", "1996002c019001",
			Measurement{BPM: 150, Contact: ContactUnknown, EnergyKJ: 300, RR: []int{391}}}, // 400/1024 s
		{"contact supported, not detected", "0450",
			Measurement{BPM: 80, Contact: ContactLost, EnergyKJ: -1}},
		{"uint8, no flags (a watch)", "003c",
			Measurement{BPM: 60, Contact: ContactUnknown, EnergyKJ: -1}},
		{"detected without supported means nothing", "0246",
			Measurement{BPM: 70, Contact: ContactUnknown, EnergyKJ: -1}},
		{"uint16 above 255", "010401",
			Measurement{BPM: 260, Contact: ContactUnknown, EnergyKJ: -1}},
		{"three RR-intervals", "16500004e803ff03",
			Measurement{BPM: 80, Contact: ContactDetected, EnergyKJ: -1, RR: []int{1000, 977, 999}}}, // 1024, 1000, 1023 /1024 s
		{"RR flag without any interval", "1050",
			Measurement{BPM: 80, Contact: ContactUnknown, EnergyKJ: -1}},
		{"an odd byte after the RR-intervals is left", "1050000401",
			Measurement{BPM: 80, Contact: ContactUnknown, EnergyKJ: -1, RR: []int{1000}}},
		{"energy and RR with uint8", "1e5a6400c003",
			Measurement{BPM: 90, Contact: ContactDetected, EnergyKJ: 100, RR: []int{938}}},
		{"reserved bits ignored", "e048",
			Measurement{BPM: 72, Contact: ContactUnknown, EnergyKJ: -1}},
	} {
		data, _ := hex.DecodeString(tc.hex)
		got, err := ParseMeasurement(data)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s (%s): %+v, %v; want %+v", tc.name, tc.hex, got, err, tc.want)
		}
	}
}

func TestAMeasurementShorterThanItsFlagsSayIsRefused(t *testing.T) {
	for _, h := range []string{"", "16", "01", "0148", "0848", "08480a"} {
		data, _ := hex.DecodeString(h)
		if m, err := ParseMeasurement(data); err == nil {
			t.Errorf("%q parsed as %+v", h, m)
		}
	}
}

// Whatever a strap (or a broken one) sends, the parser never panics, and
// what it accepts has the parts its flags announce.
func FuzzParseMeasurement(f *testing.F) {
	for _, h := range []string{"16484003", "1996002c019001", "0450", "003c", "16500004e803ff03", "1e5a6400c003", ""} {
		data, _ := hex.DecodeString(h)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMeasurement(data)
		if err != nil {
			return
		}
		if m.BPM < 0 || m.BPM > 65535 {
			t.Fatalf("BPM %d from %x", m.BPM, data)
		}
		if (data[0]&flagEnergy != 0) != (m.EnergyKJ >= 0) {
			t.Fatalf("energy %d with flags %08b", m.EnergyKJ, data[0])
		}
		if data[0]&flagRRIntervals == 0 && len(m.RR) != 0 {
			t.Fatalf("RR %v without the flag", m.RR)
		}
		for _, rr := range m.RR {
			if rr < 0 || rr > 64000 {
				t.Fatalf("RR %d ms", rr)
			}
		}
	})
}
