package screens

import (
	"os"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/monitor"
	"github.com/beatcast/beatcast/backend/osc"
	"github.com/beatcast/beatcast/backend/problem"
)

// The Settings screen.

// SettingsForm is what the Settings screen edits, with what it needs to
// explain the fields.
type SettingsForm struct {
	config.Settings
	// ClientIDFromEnv: BEATCAST_CLIENT_ID overrides the client id field.
	ClientIDFromEnv bool `json:"client_id_from_env"`
	// DefaultOverlayAddr and DefaultSignalTimeout show what empty means.
	DefaultOverlayAddr   string `json:"default_overlay_addr"`
	DefaultSignalTimeout int    `json:"default_signal_timeout_seconds"`
	// OverlayAddrFlag is --overlay-addr, which wins over the address field
	// this run ("" without it).
	OverlayAddrFlag string `json:"overlay_addr_flag,omitempty"`
}

// Settings are the saved settings, for the Settings screen.
func (s *Screens) Settings() SettingsForm {
	return SettingsForm{Settings: s.cfg.Store.Get(), ClientIDFromEnv: s.cfg.ClientID.FromEnvironment(),
		DefaultOverlayAddr:   config.DefaultOverlayAddr,
		DefaultSignalTimeout: int(monitor.DefaultSignalTimeout / time.Second), OverlayAddrFlag: s.cfg.Service.Flags().OverlayAddr}
}

// SaveSettings validates and keeps the Settings screen's fields (the
// others are kept as they are), applies what can change at once and says
// what needs a restart.
func (s *Screens) SaveSettings(form config.Settings) (string, error) {
	saved, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.OverlayAddr = strings.TrimSpace(form.OverlayAddr)
		set.OverlayLAN = form.OverlayLAN
		set.SignalTimeoutSeconds = form.SignalTimeoutSeconds
		set.ClientID = strings.TrimSpace(form.ClientID)
		return nil
	})
	if err != nil {
		return "", err
	}
	s.cfg.Feed.AccountChanged() // the client id may have changed
	return "Saved." + s.restartAdvice(saved), nil
}

// restartAdvice says what saving the settings changes about where the
// overlay is served, if anything: only a real change needs a restart.
func (s *Screens) restartAdvice(saved config.Settings) string {
	flag := s.cfg.Service.Flags().OverlayAddr
	wanted, _ := config.ParseOverlayAddr(saved.OverlayAddr, saved.OverlayLAN) // UpdateSettings validated it
	switch {
	case flag != "" && wanted != flag:
		return " Beatcast was started with --overlay-addr " + flag + ", which wins over this setting."
	case flag == "" && wanted != s.cfg.Service.ServedAddr():
		return " Restart Beatcast to serve the overlay on " + wanted + ", then update the URL in OBS."
	}
	return ""
}

// SetClientID keeps the Pulsoid OAuth client id the user entered.
func (s *Screens) SetClientID(id string) error {
	id = strings.TrimSpace(id)
	if id == "" {
		return problem.New("client_id", "Enter the client id from pulsoid.net/ui/api-clients.")
	}
	if _, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error { set.ClientID = id; return nil }); err != nil {
		return err
	}
	s.cfg.Feed.AccountChanged() // it may now sign in by browser
	return nil
}

// BackgroundSettings are how Beatcast lives outside its window.
type BackgroundSettings struct {
	// Autostart: Beatcast starts when the streamer signs in to the computer.
	Autostart bool `json:"autostart"`
	// StartMinimised: it then starts in the tray (or minimised).
	StartMinimised bool `json:"start_minimised"`
	// Tray: this desktop shows Beatcast's tray icon.
	Tray bool `json:"tray"`
}

// Background reads how Beatcast lives outside its window.
func (s *Screens) Background() (BackgroundSettings, error) {
	on, err := s.cfg.Autostart.Enabled()
	return BackgroundSettings{Autostart: on, StartMinimised: s.cfg.Store.Get().StartMinimised, Tray: s.cfg.HasTray != nil && s.cfg.HasTray()}, err
}

// SetBackground turns starting with the computer on or off, minimised or not.
func (s *Screens) SetBackground(autostart, minimised bool) (BackgroundSettings, error) {
	if _, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error { set.StartMinimised = minimised; return nil }); err != nil {
		return BackgroundSettings{}, err
	}
	var err error
	if autostart {
		exe, eerr := os.Executable()
		if eerr != nil {
			return BackgroundSettings{}, problem.Wrap("autostart", "Beatcast cannot tell where it is installed, so it cannot start with the computer.", eerr)
		}
		var args []string
		if minimised {
			args = []string{"--minimised"}
		}
		err = s.cfg.Autostart.Enable(exe, args)
	} else {
		err = s.cfg.Autostart.Disable()
	}
	if err != nil {
		return BackgroundSettings{}, problem.Wrap("autostart", "Beatcast could not change whether it starts with the computer.", err)
	}
	return s.Background()
}

// AlertSettings are the alert thresholds as the window shows them.
type AlertSettings struct {
	// Saved are the settings; InUse the thresholds applied now (a flag
	// wins); Flags --alert-high and --alert-low (0: not given).
	Saved alert.Thresholds `json:"saved"`
	InUse alert.Thresholds `json:"in_use"`
	Flags alert.Thresholds `json:"flags"`
	// Now is the alert under way, if any.
	Now *alert.Alert `json:"now,omitempty"`
}

// Alerts are the alert thresholds.
func (s *Screens) Alerts() AlertSettings {
	svc := s.cfg.Service
	set := s.cfg.Store.Get()
	in, flags := svc.InUse(set), svc.Flags()
	return AlertSettings{Saved: alert.Thresholds{High: set.AlertHigh, Low: set.AlertLow},
		InUse: alert.Thresholds{High: in.AlertHigh, Low: in.AlertLow},
		Flags: alert.Thresholds{High: flags.AlertHigh, Low: flags.AlertLow}, Now: svc.Hub.Alert()}
}

// SetAlerts keeps the alert thresholds (0: off), applied at once.
func (s *Screens) SetAlerts(high, low int) (AlertSettings, error) {
	_, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error { set.AlertHigh, set.AlertLow = high, low; return nil })
	return s.Alerts(), err
}

// OSCSettings are VRChat's OSC output as the window shows it.
type OSCSettings struct {
	On              bool   `json:"on"`
	Addr            string `json:"addr"` // "" for the default
	Chatbox         bool   `json:"chatbox"`
	ChatboxTemplate string `json:"chatbox_template"`
	// Parameters is whose avatar parameters are sent ("": both tools').
	Parameters osc.Parameters `json:"parameters"`
	// Flag is --osc, which wins over On and Addr.
	Flag string `json:"flag"`
	// Sending is how sending goes now.
	Sending         osc.Status `json:"sending"`
	DefaultAddr     string     `json:"default_addr"`
	DefaultTemplate string     `json:"default_template"`
}

// OSC is VRChat's OSC output.
func (s *Screens) OSC() OSCSettings {
	set := s.cfg.Store.Get()
	svc := s.cfg.Service
	return OSCSettings{On: set.OSC, Addr: set.OSCAddr, Chatbox: set.OSCChatbox, ChatboxTemplate: set.OSCChatboxTemplate, Parameters: set.OSCParameters,
		Flag: svc.Flags().OSC, Sending: svc.OSC.Status(), DefaultAddr: osc.DefaultAddr, DefaultTemplate: osc.DefaultChatbox}
}

// SetOSC turns VRChat's OSC output on or off, to addr ("" for the
// default), with or without the chatbox, with the avatar parameters of
// one tool or both ("" or an osc.Parameters); applied at once.
func (s *Screens) SetOSC(on bool, addr string, chatbox bool, template string, parameters string) (OSCSettings, error) {
	_, err := s.cfg.Service.UpdateSettings(func(set *config.Settings) error {
		set.OSC, set.OSCAddr, set.OSCChatbox, set.OSCChatboxTemplate = on, strings.TrimSpace(addr), chatbox, template
		set.OSCParameters = osc.Parameters(parameters)
		return nil
	})
	return s.OSC(), err
}
