//go:build linux || windows

package ble

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"tinygo.org/x/bluetooth"
)

// runHelper drives tinygo.org/x/bluetooth: a scan that lists heart-rate
// devices, or the strap's connection, kept for ever. Every call to the
// library is made from the calling goroutine (HelperMain's, locked to
// its thread).
func runHelper(ctx context.Context, h helperArgs, out *writer, log *slog.Logger) int {
	adapter := bluetooth.DefaultAdapter
	for {
		err := adapter.Enable()
		if err == nil {
			break
		}
		report(out, err, log)
		if !sleep(ctx, retryEvery) {
			return exitDone
		}
	}
	if h.scan > 0 {
		return list(ctx, adapter, h.scan, out, log)
	}
	for ctx.Err() == nil {
		keep(ctx, adapter, h, out, log)
	}
	return exitDone
}

// report says what stops Bluetooth, if it is one of the states a person
// can act on; anything else is only logged.
func report(out *writer, err error, log *slog.Logger) {
	log.Warn("bluetooth: "+err.Error(), "os", runtime.GOOS)
	if st := classify(runtime.GOOS, err); st != "" {
		out.send(event{E: evState, State: st, Detail: err.Error()})
	}
}

// heard is a device a scan heard.
type heard struct {
	address, name string
	rssi          int
	heartRate     bool
	battery       *int
	result        bluetooth.ScanResult
}

func hear(r bluetooth.ScanResult) heard {
	d := heard{address: r.Address.String(), name: r.LocalName(), rssi: int(r.RSSI),
		heartRate: r.HasServiceUUID(bluetooth.ServiceUUIDHeartRate), result: r}
	for _, sd := range r.ServiceData() { // a battery level some straps advertise
		if sd.UUID == bluetooth.ServiceUUIDBattery && len(sd.Data) == 1 {
			d.battery = percent(sd.Data[0])
		}
	}
	return d
}

// scanFor scans until pick takes a device, ctx ends (false) or the scan
// fails (its error).
func scanFor(ctx context.Context, adapter *bluetooth.Adapter, pick func(heard) bool) (heard, bool, error) {
	var chosen heard
	found := false
	stop := context.AfterFunc(ctx, func() { adapter.StopScan() })
	defer stop()
	err := adapter.Scan(func(a *bluetooth.Adapter, r bluetooth.ScanResult) {
		if d := hear(r); !found && pick(d) {
			chosen, found = d, true
			a.StopScan()
		}
	})
	if ctx.Err() != nil {
		return chosen, false, nil
	}
	if err != nil {
		return chosen, false, err
	}
	return chosen, found, nil
}

// list sends every heart-rate device heard for d, once each (again when
// its name or battery shows up), then ends.
func list(ctx context.Context, adapter *bluetooth.Adapter, d time.Duration, out *writer, log *slog.Logger) int {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	out.send(event{E: evState, State: stScanning})
	sent := map[string]heard{}
	for ctx.Err() == nil {
		_, _, err := scanFor(ctx, adapter, func(h heard) bool {
			before, seen := sent[h.address]
			if h.heartRate && (!seen || before.name != h.name || (h.battery != nil) != (before.battery != nil)) {
				sent[h.address] = h
				out.send(event{E: evFound, Address: h.address, Name: h.name, RSSI: h.rssi, Battery: h.battery})
			}
			return false
		})
		if err != nil {
			report(out, err, log)
			sleep(ctx, retryEvery)
		}
	}
	return exitDone
}

// keep finds the strap, connects, passes its notifications on, and
// returns when the link drops (or ctx ends).
func keep(ctx context.Context, adapter *bluetooth.Adapter, h helperArgs, out *writer, log *slog.Logger) {
	out.send(event{E: evState, State: stScanning, Name: h.name, Address: h.address})
	strap, found, err := scanFor(ctx, adapter, func(d heard) bool { return h.matches(d.address, d.name, d.heartRate) })
	if err != nil {
		report(out, err, log)
		sleep(ctx, retryEvery)
		return
	}
	if !found {
		return
	}
	name := strap.name
	out.send(event{E: evState, State: stConnecting, Name: name, Address: strap.address})
	done := deadline(connectTimeout, "connect", log)
	dev, err := adapter.Connect(strap.result.Address, bluetooth.ConnectionParams{})
	done()
	if err != nil {
		report(out, err, log)
		sleep(ctx, time.Second)
		return
	}
	defer dev.Disconnect()
	done = deadline(discoverLimit, "discover", log)
	hrm, level, err := discover(dev)
	done()
	if err != nil {
		log.Warn("bluetooth: the strap's heart rate service: " + err.Error())
		sleep(ctx, time.Second)
		return
	}
	// Readings that keep coming say the link is up: the stack is asked (a
	// round trip) only when they stop. Each reading pushes the question
	// back, so a live strap wakes the helper for its readings alone.
	ask := make(chan struct{}, 1)
	quiet := time.AfterFunc(watchAfter, func() {
		select {
		case ask <- struct{}{}:
		default:
		}
	})
	defer quiet.Stop()
	err = hrm.EnableNotifications(func(value []byte) {
		quiet.Reset(watchAfter)
		out.send(event{E: evMeasurement, Data: append([]byte(nil), value...), At: time.Now().UnixMilli()})
	})
	if err != nil {
		log.Warn("bluetooth: heart rate notifications: " + err.Error())
		return
	}
	defer hrm.EnableNotifications(nil)
	if level != nil {
		buf := make([]byte, 1)
		if n, err := level.Read(buf); err == nil && n == 1 {
			out.send(event{E: evBattery, Battery: percent(buf[0])})
		}
		_ = level.EnableNotifications(func(v []byte) {
			if len(v) == 1 {
				out.send(event{E: evBattery, Battery: percent(v[0])})
			}
		})
	}
	out.send(event{E: evState, State: stConnected, Name: name, Address: strap.address})
	for {
		select {
		case <-ctx.Done():
			return
		case <-ask:
		}
		if on, err := dev.Connected(); err != nil || !on {
			out.send(event{E: evState, State: stLost, Name: name, Address: strap.address})
			return
		}
		quiet.Reset(watchEvery)
	}
}

// discover finds the Heart Rate Measurement and, if the strap has one,
// its Battery Level.
func discover(dev bluetooth.Device) (hrm *bluetooth.DeviceCharacteristic, level *bluetooth.DeviceCharacteristic, err error) {
	services, err := dev.DiscoverServices(nil)
	if err != nil {
		return nil, nil, err
	}
	for _, s := range services {
		if s.UUID() != bluetooth.ServiceUUIDHeartRate && s.UUID() != bluetooth.ServiceUUIDBattery {
			continue
		}
		chars, err := s.DiscoverCharacteristics(nil)
		if err != nil {
			continue
		}
		for i := range chars {
			switch chars[i].UUID() {
			case bluetooth.CharacteristicUUIDHeartRateMeasurement:
				hrm = &chars[i]
			case bluetooth.CharacteristicUUIDBatteryLevel:
				level = &chars[i]
			}
		}
	}
	if hrm == nil {
		return nil, nil, errNoHeartRate
	}
	return hrm, level, nil
}
