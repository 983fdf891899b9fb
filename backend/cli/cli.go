// Package cli parses Beatcast's command line and environment. The flag and
// variable names are a contract that scripts and tests depend on.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/beatcast/beatcast/backend/alert"
	"github.com/beatcast/beatcast/backend/ble"
	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/obs"
)

// Defaults for the Pulsoid hosts.
const (
	DefaultAPIURL  = "https://dev.pulsoid.net"
	DefaultAuthURL = "https://pulsoid.net"
)

// Options is what the user asked for.
type Options struct {
	Headless bool
	Demo     bool
	// BLE reads a Bluetooth strap: Strap names which (empty: the
	// remembered one, else the first heart-rate device heard).
	BLE         bool
	Strap       ble.Strap
	BLEScan     bool   // --ble-scan: list nearby heart-rate devices and exit
	OverlayAddr string // empty: use the settings or the default
	LAN         bool   // --lan: serving the overlay beyond this computer is wanted
	Minimised   bool   // start with the window hidden in the tray (or minimised)
	NoHistory   bool   // --no-history: record nothing this run
	TextFile    string // --text-file: absolute; wins over the setting
	OSC         string // --osc HOST:PORT: send to VRChat there; wins over the settings
	AlertHigh   int    // --alert-high, --alert-low: win over the settings (0: not given)
	AlertLow    int
	OBS         string // --obs ws://HOST:PORT: drive OBS there; wins over the settings
	OBSText     string // --obs-text SOURCE: keep that Text source at the heart rate
	OBSScene    string // --obs-alert-scene SCENE: the program scene during a high alert
	Version     bool
	Help        bool

	APIURL   string // BEATCAST_PULSOID_API_URL
	AuthURL  string // BEATCAST_PULSOID_AUTH_URL
	ClientID string // BEATCAST_CLIENT_ID
	Token    string // BEATCAST_TOKEN; never logged
	// OBSPassword is BEATCAST_OBS_PASSWORD, OBS's websocket password; it
	// wins over the one kept by Settings and is never logged.
	OBSPassword obs.Password
}

// Usage is what --help prints, with this system's paths.
func Usage() string { return usage(runtime.GOOS) }

func usage(goos string) string {
	files := `Files:
  ~/.config/beatcast/        settings.json, token.json (mode 0600), overlay-key
  ~/.local/share/beatcast/   overlay.html and overlays/<name>.html for OBS's Local file,
                             sessions/ with every recorded stream (CSV, mode 0600)
  (the folders follow XDG_CONFIG_HOME and XDG_DATA_HOME when they are set)`
	xdgVars := `  XDG_CONFIG_HOME            where settings and token live ($XDG_CONFIG_HOME/beatcast)
  XDG_DATA_HOME              where the local-file overlays live ($XDG_DATA_HOME/beatcast)
`
	if goos == "windows" {
		files = `Files:
  %LOCALAPPDATA%\beatcast\   settings.json, token.json, overlay-key, overlay.html
                             and overlays\<name>.html for OBS's Local file,
                             sessions\ with every recorded stream (CSV)`
		xdgVars = ""
	}
	return `Beatcast puts your live heart rate on stream, from Pulsoid or straight from a Bluetooth strap.

Usage:
  beatcast [flags]

Flags:
  --headless             run without a window; logs go to stderr; Ctrl-C stops
  --demo                 use a synthetic heart rate instead of Pulsoid (no sign-in)
  --ble                  read a Bluetooth strap or watch directly: the one chosen in the
                         window, else the first device advertising heart rate
  --ble-device N|ADDR    that strap only, by name (or its start) or address (implies --ble)
  --ble-scan             list nearby heart-rate devices for about 5 s (address, name,
                         signal) and exit
  --overlay-addr H:P     where to serve the OBS overlay (default 127.0.0.1:8765;
                         :PORT means 127.0.0.1:PORT)
  --lan                  allow an --overlay-addr that other devices on your network
                         can reach, e.g. 0.0.0.0:8765 (your heart rate is health data)
  --minimised            start with the window hidden in the tray (or minimised)
  --text-file PATH       keep the current BPM in PATH for OBS's Text source and bots
                         ("--" while there is no heart rate; wins over Settings)
  --no-history           record nothing this run (Settings can turn it off for good)
  --osc H:P              send the heart rate to VRChat's OSC at H:P, e.g. 127.0.0.1:9000
                         (the avatar parameters of HRtoVRChat_OSC and of PulsoidToOSC)
  --alert-high N         alert when the heart rate reaches N BPM (on /ws and in the window)
  --alert-low N          alert when it falls to N BPM
  --obs ws://H:P         drive OBS through its websocket server (OBS 28+: Tools →
                         WebSocket Server Settings), e.g. ws://127.0.0.1:4455;
                         the password comes from BEATCAST_OBS_PASSWORD or Settings
  --obs-text SOURCE      keep OBS's Text source SOURCE at the current BPM ("--" without
                         one); needs --obs or OBS set up in Settings
  --obs-alert-scene S    during a high alert the program scene is S; afterwards the one
                         that was showing (set the alert with --alert-high or Settings)
  --version              print the version and exit
  --help                 print this help and exit

Environment:
  BEATCAST_PULSOID_API_URL   Pulsoid API (default https://dev.pulsoid.net)
  BEATCAST_PULSOID_AUTH_URL  Pulsoid sign-in (default https://pulsoid.net)
  BEATCAST_CLIENT_ID         Pulsoid OAuth client id for the device sign-in
  BEATCAST_TOKEN             a Pulsoid token to use instead of signing in
  BEATCAST_OBS_PASSWORD      the password of OBS's websocket server (with --obs)
` + xdgVars + `
` + files + `

OBS: add a Browser Source with the URL http://127.0.0.1:8765/
`
}

// Parse reads args (without the program name) and the environment.
func Parse(args []string, getenv func(string) string) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("beatcast", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned with advice instead
	fs.BoolVar(&o.Headless, "headless", false, "")
	fs.BoolVar(&o.Demo, "demo", false, "")
	fs.BoolVar(&o.BLE, "ble", false, "")
	device := fs.String("ble-device", "", "")
	fs.BoolVar(&o.BLEScan, "ble-scan", false, "")
	fs.StringVar(&o.OverlayAddr, "overlay-addr", "", "")
	fs.BoolVar(&o.LAN, "lan", false, "")
	fs.BoolVar(&o.Minimised, "minimised", false, "")
	fs.BoolVar(&o.Minimised, "minimized", false, "")
	fs.BoolVar(&o.NoHistory, "no-history", false, "")
	fs.StringVar(&o.TextFile, "text-file", "", "")
	fs.StringVar(&o.OSC, "osc", "", "")
	fs.IntVar(&o.AlertHigh, "alert-high", 0, "")
	fs.IntVar(&o.AlertLow, "alert-low", 0, "")
	fs.StringVar(&o.OBS, "obs", "", "")
	fs.StringVar(&o.OBSText, "obs-text", "", "")
	fs.StringVar(&o.OBSScene, "obs-alert-scene", "", "")
	fs.BoolVar(&o.Version, "version", false, "")
	fs.BoolVar(&o.Help, "help", false, "")
	fs.BoolVar(&o.Help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			o.Help = true
			return o, nil
		}
		return o, fmt.Errorf("%w; run beatcast --help for the flags", err)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q; run beatcast --help for the flags", fs.Arg(0))
	}
	if *device != "" {
		o.BLE, o.Strap = true, ble.StrapNamed(*device)
	}
	if o.BLE && o.Demo {
		return o, errors.New("--ble and --demo each choose where the heart rate comes from: give one of them")
	}
	if o.OverlayAddr != "" {
		addr, err := config.ParseOverlayAddr(o.OverlayAddr, o.LAN)
		if err != nil {
			return o, fmt.Errorf("--overlay-addr: %w", err)
		}
		o.OverlayAddr = addr
	}
	if o.TextFile != "" {
		abs, err := filepath.Abs(o.TextFile)
		if err == nil {
			err = config.CheckTextFile(abs)
		}
		if err != nil {
			return o, fmt.Errorf("--text-file: %w", err)
		}
		o.TextFile = abs
	}
	if o.OSC != "" {
		if err := config.CheckOSCAddr(o.OSC); err != nil {
			return o, fmt.Errorf("--osc: %w", err)
		}
	}
	if err := (alert.Thresholds{High: o.AlertHigh, Low: o.AlertLow}).Check(); err != nil {
		return o, fmt.Errorf("--alert-high/--alert-low: %w", err)
	}
	if err := obs.CheckURL(o.OBS); err != nil {
		return o, fmt.Errorf("--obs: %w", err)
	}

	var err error
	if o.APIURL, err = baseURL(getenv, "BEATCAST_PULSOID_API_URL", DefaultAPIURL); err != nil {
		return o, err
	}
	if o.AuthURL, err = baseURL(getenv, "BEATCAST_PULSOID_AUTH_URL", DefaultAuthURL); err != nil {
		return o, err
	}
	o.ClientID = strings.TrimSpace(getenv("BEATCAST_CLIENT_ID"))
	o.Token = strings.TrimSpace(getenv("BEATCAST_TOKEN"))
	o.OBSPassword = obs.Password(getenv("BEATCAST_OBS_PASSWORD"))
	return o, nil
}

func baseURL(getenv func(string) string, name, def string) (string, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def, nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s=%q is not an http(s) URL such as %s", name, v, def)
	}
	return strings.TrimRight(v, "/"), nil
}

// Flags are the options that win over the saved settings this run.
func (o Options) Flags() config.Flags {
	return config.Flags{OverlayAddr: o.OverlayAddr, LAN: o.LAN, TextFile: o.TextFile, OSC: o.OSC,
		AlertHigh: o.AlertHigh, AlertLow: o.AlertLow, NoHistory: o.NoHistory, ClientID: o.ClientID,
		OBS: o.OBS, OBSText: o.OBSText, OBSAlertScene: o.OBSScene, OBSPassword: o.OBSPassword, BLE: o.BLE, Strap: o.Strap}
}
