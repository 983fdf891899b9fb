package config

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/osc"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/safefile"
)

// Settings are the user's choices that outlive a run.
type Settings struct {
	// OverlayAddr is where the overlay is served; empty means the default.
	OverlayAddr string `json:"overlay_addr,omitempty"`
	// OverlayLAN is the streamer's explicit choice to serve the overlay
	// beyond this computer (see ParseOverlayAddr).
	OverlayLAN bool `json:"overlay_lan,omitempty"`
	// SignalTimeoutSeconds is how long without a beat before "no signal";
	// zero means the default.
	SignalTimeoutSeconds int `json:"signal_timeout_seconds,omitempty"`
	// ClientID is a Pulsoid OAuth client id entered by the user.
	ClientID string `json:"client_id,omitempty"`
	// StartMinimised: when Beatcast starts with the computer, it starts in
	// the tray (or minimised) rather than with its window open.
	StartMinimised bool `json:"start_minimised,omitempty"`
	// HistoryOff: streams are not recorded (on by default).
	HistoryOff bool `json:"history_off,omitempty"`
	// HistoryDays is how long recorded streams are kept; zero means
	// history.DefaultKeepDays.
	HistoryDays int `json:"history_days,omitempty"`
	// MaxHeartRate is the streamer's maximum heart rate, which the history's
	// colour zones are shares of; zero means history.DefaultMaxBPM.
	MaxHeartRate int `json:"max_heart_rate,omitempty"`
	// TextFile, if set, receives the current BPM as plain text (absolute
	// path); TextFileOffline is written there while there is no heart rate
	// (empty: textfile.DefaultOffline).
	TextFile        string `json:"text_file,omitempty"`
	TextFileOffline string `json:"text_file_offline,omitempty"`
	// AlertHigh and AlertLow are the alert thresholds in BPM; zero is off.
	AlertHigh int `json:"alert_high,omitempty"`
	AlertLow  int `json:"alert_low,omitempty"`
	// OSC sends the heart rate to VRChat at OSCAddr (empty:
	// osc.DefaultAddr); OSCChatbox also types it in the chatbox from
	// OSCChatboxTemplate (empty: osc.DefaultChatbox). OSCParameters picks
	// whose avatar parameters are sent (empty: both tools').
	OSC                bool           `json:"osc,omitempty"`
	OSCAddr            string         `json:"osc_addr,omitempty"`
	OSCChatbox         bool           `json:"osc_chatbox,omitempty"`
	OSCChatboxTemplate string         `json:"osc_chatbox_template,omitempty"`
	OSCParameters      osc.Parameters `json:"osc_parameters,omitempty"`
	// Overlays are the looks saved in the overlay builder, each served at
	// /o/<name>.
	Overlays []SavedOverlay `json:"overlays,omitempty"`
	// OBS is how Beatcast drives OBS through its websocket server; its
	// password is kept apart, like the Pulsoid token (obs-password.json).
	// (omitempty only makes it optional in the window's types: Go writes
	// a struct always.)
	OBS OBSSettings `json:"obs,omitempty"`
	// Strap is the Bluetooth strap the streamer picked; UseStrap: Beatcast
	// reads it on every start (a sign-in or the demo turns it off).
	Strap    *ble.Strap `json:"strap,omitempty"`
	UseStrap bool       `json:"use_strap,omitempty"`
}

// OBSSettings say whether Beatcast drives OBS, at which address (empty:
// obs.DefaultURL), the Text source kept at the heart rate, and the actions.
type OBSSettings struct {
	On         bool       `json:"on,omitempty"`
	URL        string     `json:"url,omitempty"`
	TextSource string     `json:"text_source,omitempty"`
	Rules      []obs.Rule `json:"rules,omitempty"`
}

// SavedOverlay is one named look: its options as URL parameters (the
// overlay package checks their values).
type SavedOverlay struct {
	Name    string            `json:"name"`
	Options map[string]string `json:"options"`
}

// overlayName: lower-case letters, digits and dashes, as it appears in
// /o/<name>.
var overlayName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ValidOverlayName says why name cannot name a saved overlay, or nil.
func ValidOverlayName(name string) error {
	if !overlayName.MatchString(name) {
		return problem.New("overlay_name", fmt.Sprintf("Name the overlay with up to 32 lower-case letters, digits and dashes "+
			"(it becomes its address, /o/<name>), not %q.", name))
	}
	return nil
}

// maxChatbox is VRChat's chatbox limit.
const maxChatbox = 144

// CheckOSCAddr says why addr cannot be where OSC goes, or nil; empty
// means the default.
func CheckOSCAddr(addr string) error {
	if addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(addr)
	n, perr := strconv.Atoi(port)
	if err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		return problem.New("osc_addr", fmt.Sprintf("Send OSC to HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:9000 "+
			"(VRChat on this computer), not %q.", addr))
	}
	return nil
}

// maxOBSName bounds a source's name as OBS could have it.
const maxOBSName = 256

// maxOfflineText bounds the text file's placeholder.
const maxOfflineText = 20

// CheckTextFile says why path cannot be the heart-rate text file, or nil;
// empty means none.
func CheckTextFile(path string) error {
	switch {
	case path == "":
		return nil
	case !filepath.IsAbs(path):
		return problem.New("text_file", fmt.Sprintf("Give the text file's full path, e.g. %s, not %q.", exampleTextFile(), path))
	case len(path) > 1024 || strings.ContainsFunc(path, unicode.IsControl):
		return problem.New("text_file", "That text file path is not one a file can have.")
	}
	if info, err := os.Stat(path); strings.HasSuffix(path, string(filepath.Separator)) || (err == nil && info.IsDir()) {
		return problem.New("text_file", fmt.Sprintf("%s is a folder; give a file in it, e.g. %s.", path, filepath.Join(path, "heart-rate.txt")))
	}
	return nil
}

func exampleTextFile() string {
	if runtime.GOOS == "windows" {
		return `C:\Users\you\Documents\heart-rate.txt`
	}
	return "/home/you/heart-rate.txt"
}

// Range is the whole numbers a setting accepts; zero always means "the
// default" and is not in it. The window reads these as data (facts.json).
type Range struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Has reports whether n is in the range.
func (r Range) Has(n int) bool { return n >= r.Min && n <= r.Max }

var (
	SignalTimeoutRange = Range{1, 600}   // seconds without a beat before "no signal"
	HistoryDaysRange   = Range{1, 3650}  // days recorded streams are kept
	MaxHeartRateRange  = Range{100, 250} // BPM the colour zones are shares of
)

// maxSavedOverlays keeps a hand-edited or hostile file from costing more
// than the builder could ever list.
const maxSavedOverlays = 100

// Validate reports the settings a person must fix: one problem per field,
// each coded with the field's JSON name, in words that say how.
func (s Settings) Validate() error { return s.check(false).Err() }

// check finds each field's problem; with fix it also puts the field back
// to its default, so that one bad field does not cost the others.
func (s *Settings) check(fix bool) problem.List {
	var bad problem.List
	if s.SignalTimeoutSeconds != 0 && !SignalTimeoutRange.Has(s.SignalTimeoutSeconds) {
		bad = append(bad, problem.New("signal_timeout_seconds",
			fmt.Sprintf("The no-signal timeout must be between %d and %d seconds, not %d.",
				SignalTimeoutRange.Min, SignalTimeoutRange.Max, s.SignalTimeoutSeconds)))
		if fix {
			s.SignalTimeoutSeconds = 0
		}
	}
	if _, err := ParseOverlayAddr(s.OverlayAddr, s.OverlayLAN); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.OverlayAddr = ""
		}
	}
	if s.HistoryDays != 0 && !HistoryDaysRange.Has(s.HistoryDays) {
		bad = append(bad, problem.New("history_days",
			fmt.Sprintf("Keep recorded streams for %d to %d days, not %d.", HistoryDaysRange.Min, HistoryDaysRange.Max, s.HistoryDays)))
		if fix {
			s.HistoryDays = 0
		}
	}
	if s.MaxHeartRate != 0 && !MaxHeartRateRange.Has(s.MaxHeartRate) {
		bad = append(bad, problem.New("max_heart_rate",
			fmt.Sprintf("Your maximum heart rate must be between %d and %d BPM, not %d.",
				MaxHeartRateRange.Min, MaxHeartRateRange.Max, s.MaxHeartRate)))
		if fix {
			s.MaxHeartRate = 0
		}
	}
	if err := CheckTextFile(s.TextFile); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.TextFile = ""
		}
	}
	if len(s.TextFileOffline) > maxOfflineText || strings.ContainsFunc(s.TextFileOffline, unicode.IsControl) {
		bad = append(bad, problem.New("text_file_offline",
			fmt.Sprintf("The text shown without a heart rate must be one line of at most %d characters.", maxOfflineText)))
		if fix {
			s.TextFileOffline = ""
		}
	}
	if err := (alert.Thresholds{High: s.AlertHigh, Low: s.AlertLow}).Check(); err != nil {
		bad = append(bad, err.(problem.List)...)
		if fix {
			s.AlertHigh, s.AlertLow = 0, 0
		}
	}
	if err := CheckOSCAddr(s.OSCAddr); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.OSCAddr = ""
		}
	}
	if utf8.RuneCountInString(s.OSCChatboxTemplate) > maxChatbox || strings.ContainsFunc(s.OSCChatboxTemplate, unicode.IsControl) {
		bad = append(bad, problem.New("osc_chatbox_template",
			fmt.Sprintf("VRChat's chatbox takes one line of at most %d characters.", maxChatbox)))
		if fix {
			s.OSCChatboxTemplate = ""
		}
	}
	if !s.OSCParameters.Valid() {
		bad = append(bad, problem.New("osc_parameters", "Send the avatar parameters of HRtoVRChat_OSC, of PulsoidToOSC, or of both."))
		if fix {
			s.OSCParameters = osc.BothTools
		}
	}
	if s.Strap != nil && (len(s.Strap.Name) > maxOBSName || strings.ContainsFunc(s.Strap.Name+s.Strap.Address, unicode.IsControl)) {
		bad = append(bad, problem.New("strap", "That is not a Bluetooth strap Beatcast can look for: pick it again in Settings."))
		if fix {
			s.Strap, s.UseStrap = nil, false
		}
	}
	if s.UseStrap && s.Strap == nil {
		bad = append(bad, problem.New("strap", "Pick a Bluetooth strap first."))
		if fix {
			s.UseStrap = false
		}
	}
	if err := obs.CheckURL(s.OBS.URL); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.OBS.URL = ""
		}
	}
	if len(s.OBS.TextSource) > maxOBSName || strings.ContainsFunc(s.OBS.TextSource, unicode.IsControl) {
		bad = append(bad, problem.New("obs_text_source", "That is not the name of an OBS source: pick one from the list."))
		if fix {
			s.OBS.TextSource = ""
		}
	}
	if err := obs.CheckRules(s.OBS.Rules); err != nil {
		bad = append(bad, err.(*problem.Problem))
		if fix {
			s.OBS.Rules = nil
		}
	}
	seen := map[string]bool{}
	kept := s.Overlays[:0:0]
	for _, o := range s.Overlays {
		switch err := ValidOverlayName(o.Name); {
		case err != nil:
			bad = append(bad, err.(*problem.Problem))
		case seen[o.Name]:
			bad = append(bad, problem.New("overlay_name", fmt.Sprintf("Two saved overlays are named %q.", o.Name)))
		case len(kept) == maxSavedOverlays:
			bad = append(bad, problem.New("overlays", fmt.Sprintf("At most %d overlays can be saved.", maxSavedOverlays)))
		default:
			kept = append(kept, o)
		}
		seen[o.Name] = true
	}
	if fix {
		s.Overlays = kept
	}
	return bad
}

// LoadSettings reads the settings file. A missing file gives the defaults.
// A file that cannot be read is renamed aside and the defaults are used;
// one with fields Beatcast cannot use keeps its other fields: the bad ones
// take their defaults, the original is renamed aside and the mended file
// written in its place. notice then says, in plain words, what happened and
// where the old file is.
func LoadSettings(p Paths) (s Settings, notice string, err error) {
	var bad problem.List
	aside, why, err := readKept(p.SettingsFile(), func(data []byte) error {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		bad = s.check(true)
		return bad.Err()
	})
	switch {
	case err != nil:
		return Settings{}, "", fmt.Errorf("reading settings: %w", err)
	case aside == "":
		return s, "", nil
	case len(bad) == 0: // not even JSON
		return Settings{}, fmt.Sprintf("Your settings file could not be read (%v), so Beatcast started with the defaults. "+
			"The old file was kept as %s.", why, aside), nil
	}
	if err := SaveSettings(p, s); err != nil {
		return s, "", fmt.Errorf("writing the mended settings: %w", err)
	}
	return s, fmt.Sprintf("Your settings file had settings Beatcast cannot use: %s Those are back to their defaults; "+
		"the rest are kept. The old file was kept as %s.", bad.Error(), aside), nil
}

// SaveSettings validates s and writes it atomically. Only Store calls it:
// one writer for the file.
func SaveSettings(p Paths, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return safefile.Write(p.SettingsFile(), append(data, '\n'), 0o600)
}
