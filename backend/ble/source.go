// Package ble reads the heart rate straight from a Bluetooth strap or
// watch: the standard GATT Heart Rate service (0x180D), its Heart Rate
// Measurement (0x2A37, measurement.go) and the Battery service (0x180F).
// The Bluetooth library (tinygo.org/x/bluetooth: BlueZ over D-Bus on
// Linux, WinRT on Windows) runs in a helper process (helper.go): a crash
// or a hang of the stack ends only the helper, which the Source starts
// again, while the overlay and the window go on.
package ble

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
)

// Strap is which strap to read: by address, by name (or the start of
// it), or, with neither, the first device advertising the Heart Rate
// service. Kept in the settings: keep the names.
type Strap struct {
	Address string `json:"address,omitempty"`
	Name    string `json:"name,omitempty"`
}

func (s Strap) args() helperArgs { return helperArgs{address: s.Address, name: s.Name} }

// StrapNamed is the strap a person names: an address (AA:BB:CC:DD:EE:FF)
// or a name, or the start of one.
func StrapNamed(nameOrAddress string) Strap {
	if isAddress(nameOrAddress) {
		return Strap{Address: strings.ToUpper(nameOrAddress)}
	}
	return Strap{Name: nameOrAddress}
}

func isAddress(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i, c := range strings.ToLower(s) {
		switch {
		case i%3 == 2:
			if c != ':' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdef", c):
			return false
		}
	}
	return true
}

// Source is a strap as a heart-rate source. It never gives up: the strap
// off or away, Bluetooth off or missing, the stack crashing — it says so
// and keeps trying until ctx ends.
type Source struct {
	Strap  Strap
	Helper Helper
	Log    *slog.Logger
	// Watchdog is how long the helper may stay silent before it is taken
	// for hung and killed (0: watchdogDefault).
	Watchdog time.Duration
}

const watchdogDefault = 5 * time.Second

// Name says this is a strap read directly.
func (s *Source) Name() heartrate.SourceName { return heartrate.SourceBLE }

// restartAfter is the wait before starting a helper that ended again:
// 0.5, 1, 2, 4, then 5 s.
func restartAfter(attempt int) time.Duration {
	return min(500*time.Millisecond<<min(attempt, 4), 5*time.Second)
}

// Run reads the strap until ctx ends.
func (s *Source) Run(ctx context.Context, out heartrate.Sink) error {
	r := &reading{out: out, log: s.Log, wanted: s.Strap}
	for attempt := 0; ; attempt++ {
		p, err := s.Helper.start(ctx, s.Strap.args())
		if err != nil {
			r.link(heartrate.Link{State: heartrate.LinkRetrying, Reason: heartrate.ReasonBluetoothStopped,
				Message: "Beatcast cannot start its Bluetooth helper (" + err.Error() + "). It tries again."})
		} else {
			if r.follow(ctx, p, s.watchdog()) {
				attempt = 0
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.lostOnce = r.lostOnce || r.connected // the strap is looked for again
			r.connected = false
			s.Log.Warn("the Bluetooth helper stopped; starting it again", "err", p.err, "helper_said", p.stderr.String())
			r.link(heartrate.Link{State: heartrate.LinkRetrying, Reason: heartrate.ReasonBluetoothStopped, Device: r.device(),
				Message: "Bluetooth stopped answering; Beatcast started it again and is looking for " + r.strapWords() + "."})
		}
		if !sleep(ctx, restartAfter(attempt)) {
			return ctx.Err()
		}
	}
}

func (s *Source) watchdog() time.Duration {
	if s.Watchdog > 0 {
		return s.Watchdog
	}
	return watchdogDefault
}

// reading turns one strap's events into links and beats.
type reading struct {
	out    heartrate.Sink
	log    *slog.Logger
	wanted Strap

	strap     heartrate.Device // as far as known
	connected bool             // the link is up now
	lostOnce  bool             // it was up and dropped: looking "again"
	noContact bool
}

// follow passes one helper's events on until it ends, hangs (silent for
// watchdog: killed) or ctx ends (stopped). It reports whether the strap
// was connected meanwhile.
func (r *reading) follow(ctx context.Context, p *process, watchdog time.Duration) (wasConnected bool) {
	silent := time.NewTimer(watchdog)
	defer silent.Stop()
	for {
		select {
		case <-ctx.Done():
			p.stop()
			return wasConnected
		case <-silent.C:
			r.log.Warn("the Bluetooth helper stopped answering; ending it", "silent_for", watchdog)
			p.kill()
			p.err = errors.Join(p.err, fmt.Errorf("silent for %v", watchdog))
			return wasConnected
		case e, open := <-p.events:
			if !open {
				<-p.exited
				return wasConnected
			}
			silent.Reset(watchdog)
			r.take(e)
			wasConnected = wasConnected || r.connected
		}
	}
}

// take turns one event into what the stream sees.
func (r *reading) take(e event) {
	if e.Name != "" {
		r.strap.Name = e.Name
	}
	if e.Address != "" {
		r.strap.Address = e.Address
	}
	switch e.E {
	case evState:
		r.state(e)
	case evBattery:
		r.strap.Battery = e.Battery
		if r.connected {
			r.up()
		}
	case evMeasurement:
		r.measurement(e)
	}
}

func (r *reading) state(e event) {
	retrying := func(reason heartrate.Reason, message string) {
		r.link(heartrate.Link{State: heartrate.LinkRetrying, Reason: reason, Message: message, Device: r.device()})
	}
	switch e.State {
	case stScanning:
		if r.lostOnce {
			retrying(heartrate.ReasonStrapLost, capital(r.strapWords())+" is out of reach or off: Beatcast is looking for it again.")
			return
		}
		r.link(heartrate.Link{State: heartrate.LinkConnecting, Device: r.device(),
			Message: "Looking for " + r.strapWords() + ": put it on (straps wake up when they touch the skin)."})
	case stConnecting:
		if r.lostOnce {
			retrying(heartrate.ReasonStrapLost, capital(r.strapWords())+" is back: connecting.")
			return
		}
		r.link(heartrate.Link{State: heartrate.LinkConnecting, Device: r.device(), Message: "Found " + r.strapWords() + ": connecting."})
	case stConnected:
		r.connected, r.noContact = true, false
		r.up()
	case stLost:
		r.connected, r.lostOnce = false, true
		retrying(heartrate.ReasonStrapLost, capital(r.strapWords())+" is out of reach or off: Beatcast is looking for it again.")
	case stNoAdapter, stOff, stDenied, stUnsupported:
		r.connected = false
		reason, message := trouble(e.State)
		retrying(reason, message)
	}
}

// trouble is what stops Bluetooth, for a person: the status's reason and
// what to do.
func trouble(state string) (heartrate.Reason, string) {
	switch state {
	case stNoAdapter:
		return heartrate.ReasonNoAdapter, "This computer has no Bluetooth adapter that Beatcast can use (or Bluetooth's " +
			"service is not running). Plug one in: Beatcast keeps looking."
	case stOff:
		return heartrate.ReasonBluetoothOff, "Bluetooth is off. Turn it on: on Windows in Settings → Bluetooth & devices; " +
			"on Linux with your desktop's Bluetooth switch or bluetoothctl power on."
	case stDenied:
		return heartrate.ReasonBluetoothDenied, "Beatcast is not allowed to use Bluetooth. On Windows, allow it in Settings → " +
			"Privacy & security → Radios; on Linux, add yourself to the bluetooth group (sudo usermod -aG bluetooth $USER) " +
			"and log in again."
	}
	return heartrate.ReasonNoBluetooth, "This build of Beatcast cannot use Bluetooth (macOS). Use Pulsoid or the demo."
}

// up says the strap is connected, in words with its battery.
func (r *reading) up() {
	msg := "Connected to " + r.strapWords()
	if b := r.strap.Battery; b != nil {
		msg += fmt.Sprintf(" · battery %d %%", *b)
	}
	r.link(heartrate.Link{State: heartrate.LinkUp, Device: r.device(), Message: msg + "."})
}

// measurement passes a heart rate on, unless the strap says it is not one.
func (r *reading) measurement(e event) {
	m, err := ParseMeasurement(e.Data)
	if err != nil {
		r.log.Debug("dropped a measurement the strap garbled", "data", fmt.Sprintf("%x", e.Data), "err", err)
		return
	}
	if m.Contact == ContactLost {
		if !r.noContact {
			r.noContact = true
			r.link(heartrate.Link{State: heartrate.LinkNoContact, Reason: heartrate.ReasonNoContact, Device: r.device(),
				Message: capital(r.strapWords()) + " is not touching your skin: wet its electrodes and tighten it."})
		}
		return
	}
	if r.noContact || !r.connected {
		r.noContact, r.connected = false, true
		r.up()
	}
	r.out.Beat(heartrate.Beat{BPM: m.BPM, MeasuredAt: e.At, RR: m.RR})
}

func (r *reading) link(l heartrate.Link) { r.out.Link(l) }

// device is the strap as far as known, a copy for a link (nil before
// anything is known of it).
func (r *reading) device() *heartrate.Device {
	if r.strap.Name == "" && r.strap.Address == "" {
		return nil
	}
	d := r.strap
	return &d
}

// strapWords names the strap in a sentence.
func (r *reading) strapWords() string {
	switch {
	case r.strap.Name != "":
		return r.strap.Name
	case r.wanted.Name != "":
		return r.wanted.Name
	case r.strap.Address != "":
		return "the strap " + r.strap.Address
	}
	return "your strap"
}

func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
