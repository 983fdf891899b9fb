package main

// The Settings screen's methods. They need nothing of Wails, so they live
// outside app.go; the App binds them all the same.

import (
	"os"
	"strings"
	"time"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/monitor"
	"github.com/beatcast/beatcast/backend/osc"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/textfile"
)

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
func (a *App) Background() (BackgroundSettings, error) {
	on, err := a.cfg.Autostart.Enabled()
	return BackgroundSettings{Autostart: on, StartMinimised: a.cfg.Store.Get().StartMinimised, Tray: a.hasTray}, err
}

// SetBackground turns starting with the computer on or off, minimised or not.
func (a *App) SetBackground(autostart, minimised bool) (BackgroundSettings, error) {
	if _, err := a.cfg.Store.Update(func(s *config.Settings) error { s.StartMinimised = minimised; return nil }); err != nil {
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
		err = a.cfg.Autostart.Enable(exe, args)
	} else {
		err = a.cfg.Autostart.Disable()
	}
	if err != nil {
		return BackgroundSettings{}, problem.Wrap("autostart", "Beatcast could not change whether it starts with the computer.", err)
	}
	return a.Background()
}

// SettingsForm is what the Settings screen edits, with what it needs to
// explain the fields.
type SettingsForm struct {
	config.Settings
	// ClientIDFromEnv: BEATCAST_CLIENT_ID overrides the client id field.
	ClientIDFromEnv bool `json:"client_id_from_env"`
	// DefaultOverlayAddr and DefaultSignalTimeout show what empty means.
	DefaultOverlayAddr   string `json:"default_overlay_addr"`
	DefaultSignalTimeout int    `json:"default_signal_timeout_seconds"`
}

// Settings are the saved settings, for the Settings screen.
func (a *App) Settings() SettingsForm {
	return SettingsForm{Settings: a.cfg.Store.Get(), ClientIDFromEnv: a.cfg.ClientID.FromEnvironment(),
		DefaultOverlayAddr: config.DefaultOverlayAddr, DefaultSignalTimeout: int(monitor.DefaultSignalTimeout / time.Second)}
}

// SaveSettings validates and keeps the Settings screen's fields (the
// others are kept as they are), applies what can change at once and says
// what needs a restart.
func (a *App) SaveSettings(form config.Settings) (string, error) {
	saved, err := a.cfg.Store.Update(func(s *config.Settings) error {
		s.OverlayAddr = strings.TrimSpace(form.OverlayAddr)
		s.OverlayLAN = form.OverlayLAN
		s.SignalTimeoutSeconds = form.SignalTimeoutSeconds
		s.ClientID = strings.TrimSpace(form.ClientID)
		return nil
	})
	if err != nil {
		return "", err
	}
	a.cfg.Service.ApplySettings(saved)
	a.cfg.Session.AccountChanged() // the client id may have changed
	return "Saved." + a.restartAdvice(saved), nil
}

// TextFileInfo is the heart-rate text file as the window shows it.
type TextFileInfo struct {
	textfile.Target
	// Flag is --text-file, which wins over the saved path.
	Flag string `json:"flag"`
	// InUse is the file being written now ("" for none).
	InUse          string `json:"in_use"`
	DefaultOffline string `json:"default_offline"`
	// Suggested is a good place for it, beside Beatcast's other files.
	Suggested string `json:"suggested"`
}

// TextFile says where the heart rate is kept as text.
func (a *App) TextFile() TextFileInfo {
	set := a.cfg.Store.Get()
	return TextFileInfo{Target: textfile.Target{Path: set.TextFile, Offline: set.TextFileOffline},
		Flag: a.cfg.Service.TextFileFlag(), InUse: a.cfg.Service.Text.Target().Path, DefaultOffline: textfile.DefaultOffline,
		Suggested: a.cfg.Service.SuggestedTextFile()}
}

// SetTextFile keeps the heart rate in the file at path ("" for none), with
// offline while there is none, from now on.
func (a *App) SetTextFile(path, offline string) (TextFileInfo, error) {
	saved, err := a.cfg.Store.Update(func(s *config.Settings) error {
		s.TextFile, s.TextFileOffline = strings.TrimSpace(path), offline
		return nil
	})
	if err != nil {
		return a.TextFile(), err
	}
	a.cfg.Service.ApplySettings(saved)
	return a.TextFile(), nil
}

// restartAdvice says what saving the settings changes about where the
// overlay is served, if anything: only a real change needs a restart.
func (a *App) restartAdvice(saved config.Settings) string {
	wanted, _ := config.ParseOverlayAddr(saved.OverlayAddr, saved.OverlayLAN) // Store.Update validated it
	switch {
	case a.cfg.OverlayAddrFlag != "" && wanted != a.cfg.OverlayAddrFlag:
		return " Beatcast was started with --overlay-addr " + a.cfg.OverlayAddrFlag + ", which wins over this setting."
	case a.cfg.OverlayAddrFlag == "" && wanted != a.cfg.ServedAddr:
		return " Restart Beatcast to serve the overlay on " + wanted + ", then update the URL in OBS."
	}
	return ""
}

// SetClientID keeps the Pulsoid OAuth client id the user entered.
func (a *App) SetClientID(id string) error {
	id = strings.TrimSpace(id)
	if id == "" {
		return problem.New("client_id", "Enter the client id from pulsoid.net/ui/api-clients.")
	}
	_, err := a.cfg.Store.Update(func(s *config.Settings) error { s.ClientID = id; return nil })
	if err == nil {
		a.cfg.Session.AccountChanged() // it may now sign in by browser
	}
	return err
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
func (a *App) Alerts() AlertSettings {
	set := a.cfg.Store.Get()
	svc := a.cfg.Service
	return AlertSettings{Saved: alert.Thresholds{High: set.AlertHigh, Low: set.AlertLow}, InUse: svc.Thresholds(set),
		Flags: svc.AlertFlags(), Now: svc.Hub.Alert()}
}

// SetAlerts keeps the alert thresholds (0: off), applied at once.
func (a *App) SetAlerts(high, low int) (AlertSettings, error) {
	saved, err := a.cfg.Store.Update(func(s *config.Settings) error { s.AlertHigh, s.AlertLow = high, low; return nil })
	if err != nil {
		return a.Alerts(), err
	}
	a.cfg.Service.ApplySettings(saved)
	return a.Alerts(), nil
}

// OSCSettings are VRChat's OSC output as the window shows it.
type OSCSettings struct {
	On              bool   `json:"on"`
	Addr            string `json:"addr"` // "" for the default
	Chatbox         bool   `json:"chatbox"`
	ChatboxTemplate string `json:"chatbox_template"`
	// Flag is --osc, which wins over On and Addr.
	Flag string `json:"flag"`
	// Sending is how sending goes now.
	Sending         osc.Status `json:"sending"`
	DefaultAddr     string     `json:"default_addr"`
	DefaultTemplate string     `json:"default_template"`
}

// OSC is VRChat's OSC output.
func (a *App) OSC() OSCSettings {
	set := a.cfg.Store.Get()
	svc := a.cfg.Service
	return OSCSettings{On: set.OSC, Addr: set.OSCAddr, Chatbox: set.OSCChatbox, ChatboxTemplate: set.OSCChatboxTemplate,
		Flag: svc.OSCFlag(), Sending: svc.OSC.Status(), DefaultAddr: osc.DefaultAddr, DefaultTemplate: osc.DefaultChatbox}
}

// SetOSC turns VRChat's OSC output on or off, to addr ("" for the
// default), with or without the chatbox; applied at once.
func (a *App) SetOSC(on bool, addr string, chatbox bool, template string) (OSCSettings, error) {
	saved, err := a.cfg.Store.Update(func(s *config.Settings) error {
		s.OSC, s.OSCAddr, s.OSCChatbox, s.OSCChatboxTemplate = on, strings.TrimSpace(addr), chatbox, template
		return nil
	})
	if err != nil {
		return a.OSC(), err
	}
	a.cfg.Service.ApplySettings(saved)
	return a.OSC(), nil
}
