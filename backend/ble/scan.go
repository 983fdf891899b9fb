package ble

import (
	"context"
	"errors"
	"time"
)

// Found is a heart-rate device heard while scanning.
type Found struct {
	Address string `json:"address"`
	Name    string `json:"name"`
	RSSI    int    `json:"rssi"` // dBm: -50 is near, -90 far
	// Battery is its level in percent when it advertises it.
	Battery *int `json:"battery,omitempty"`
}

// ScanTime is how long a scan listens: straps advertise every second or
// so, and a few seconds hear them all.
const ScanTime = 6 * time.Second

// Scan lists nearby heart-rate devices for d through the helper, calling
// found for each as it is heard (again when its name or battery shows
// up). It returns what stops Bluetooth, in words, if something does.
func Scan(ctx context.Context, h Helper, d time.Duration, found func(Found)) error {
	ctx, cancel := context.WithTimeout(ctx, d+watchdogDefault)
	defer cancel()
	p, err := h.start(ctx, helperArgs{scan: d})
	if err != nil {
		return err
	}
	defer p.stop()
	var stopped error
	for e := range p.events {
		switch {
		case e.E == evFound:
			found(Found{Address: e.Address, Name: e.Name, RSSI: e.RSSI, Battery: e.Battery})
		case e.E == evState && e.State != stScanning:
			_, message := trouble(e.State)
			stopped = errors.New(message)
		}
	}
	if stopped == nil && ctx.Err() != nil {
		stopped = errors.New("Bluetooth stopped answering during the scan: try again.")
	}
	return stopped
}
