package config

import (
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/obs"
)

// Flags are the command line's (and the environment's) choices for one
// run. Each one given wins over its saved setting; InUse is the one place
// that rule is written, so the service, the screens and the overlay address
// all read the same answer.
type Flags struct {
	OverlayAddr   string       // --overlay-addr, already checked
	LAN           bool         // --lan: serving beyond this computer is wanted
	TextFile      string       // --text-file, absolute
	OSC           string       // --osc HOST:PORT: send to VRChat there
	AlertHigh     int          // --alert-high (0: not given)
	AlertLow      int          // --alert-low (0: not given)
	NoHistory     bool         // --no-history: record nothing this run
	ClientID      string       // BEATCAST_CLIENT_ID
	OBS           string       // --obs ws://HOST:PORT, already checked
	OBSText       string       // --obs-text SOURCE
	OBSAlertScene string       // --obs-alert-scene SCENE
	OBSPassword   obs.Password // BEATCAST_OBS_PASSWORD (wins over the kept one)
	BLE           bool         // --ble (or --ble-device): read a strap this run
	Strap         ble.Strap    // --ble-device: that strap
}

// StartStrap is the strap to begin this run with, or nil: --ble-device's;
// with --ble the remembered strap, else the first heart-rate device heard;
// without a flag the remembered strap if the streamer chose to read it.
func (f Flags) StartStrap(s Settings) *ble.Strap {
	switch {
	case f.BLE && f.Strap != (ble.Strap{}):
		return &f.Strap
	case f.BLE && s.Strap != nil:
		strap := *s.Strap
		return &strap
	case f.BLE:
		return &ble.Strap{}
	case s.UseStrap && s.Strap != nil:
		strap := *s.Strap
		return &strap
	}
	return nil
}

// InUse is s as this run uses it: every flag given replaces its setting.
func (f Flags) InUse(s Settings) Settings {
	switch {
	case f.OverlayAddr != "":
		s.OverlayAddr, s.OverlayLAN = f.OverlayAddr, f.LAN
	case f.LAN:
		s.OverlayLAN = true
	}
	if f.TextFile != "" {
		s.TextFile = f.TextFile
	}
	if f.OSC != "" {
		s.OSC, s.OSCAddr = true, f.OSC
	}
	if f.AlertHigh != 0 {
		s.AlertHigh = f.AlertHigh
	}
	if f.AlertLow != 0 {
		s.AlertLow = f.AlertLow
	}
	if f.NoHistory {
		s.HistoryOff = true
	}
	if f.ClientID != "" {
		s.ClientID = f.ClientID
	}
	if f.OBS != "" {
		s.OBS.On, s.OBS.URL = true, f.OBS
	}
	if f.OBSText != "" {
		s.OBS.TextSource = f.OBSText
	}
	if f.OBSAlertScene != "" {
		// The flag's scene replaces any saved scene for high alerts.
		rules := []obs.Rule{{When: obs.WhenHigh, Do: obs.SwitchScene, Scene: f.OBSAlertScene}}
		for _, r := range s.OBS.Rules {
			if r.When != obs.WhenHigh || r.Do != obs.SwitchScene {
				rules = append(rules, r)
			}
		}
		s.OBS.Rules = rules
	}
	return s
}

// ServeAddr is where the overlay is served with s this run (the flags
// win, then the settings, then the default), checked.
func (f Flags) ServeAddr(s Settings) (string, error) {
	in := f.InUse(s)
	return ParseOverlayAddr(in.OverlayAddr, in.OverlayLAN)
}
