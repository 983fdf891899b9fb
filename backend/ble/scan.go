package ble

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// ScanPrintTime is how long beatcast --ble-scan listens.
const ScanPrintTime = 5 * time.Second

// PrintScan is beatcast --ble-scan: each heart-rate device heard, one a
// line as it is heard, "ADDRESS<tab>NAME<tab>SIGNAL dBm", for
// ScanPrintTime. It returns the exit code: 0, or 1 when Bluetooth cannot
// be used (said on errs).
func PrintScan(ctx context.Context, out, errs io.Writer) int {
	printed := map[string]bool{}
	err := Scan(ctx, Helper{}, ScanPrintTime, func(f Found) {
		if !printed[f.Address] {
			printed[f.Address] = true
			fmt.Fprintf(out, "%s\t%s\t%d dBm\n", f.Address, f.Name, f.RSSI)
		}
	})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintln(errs, "beatcast:", err)
		return 1
	}
	if len(printed) == 0 {
		fmt.Fprintln(errs, "beatcast: no heart-rate device heard. Put the strap on (straps wake up when they touch the skin), "+
			"or turn on your watch's heart-rate broadcast, and try again.")
	}
	return 0
}
