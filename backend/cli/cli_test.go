package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/beatcast/beatcast/backend/ble"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagsAndEnvironment(t *testing.T) {
	o, err := Parse([]string{"--headless", "--demo", "--overlay-addr", "127.0.0.1:9000", "--no-history",
		"--text-file", "/tmp/bpm.txt", "--osc", "192.168.1.20:9000", "--alert-high", "160", "--alert-low", "45"}, env(map[string]string{
		"BEATCAST_PULSOID_API_URL":  "http://127.0.0.1:4000/",
		"BEATCAST_PULSOID_AUTH_URL": "http://127.0.0.1:4001",
		"BEATCAST_CLIENT_ID":        " abc ",
		"BEATCAST_TOKEN":            "tok",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Options{Headless: true, Demo: true, OverlayAddr: "127.0.0.1:9000", NoHistory: true, TextFile: "/tmp/bpm.txt",
		OSC: "192.168.1.20:9000", AlertHigh: 160, AlertLow: 45,
		APIURL: "http://127.0.0.1:4000", AuthURL: "http://127.0.0.1:4001", ClientID: "abc", Token: "tok"}
	if o != want {
		t.Errorf("got %+v\nwant %+v", o, want)
	}
}

func TestOverlayAddressFollowsTheOneRule(t *testing.T) {
	for args, want := range map[string]string{
		"--overlay-addr :8766":              "127.0.0.1:8766",
		"--overlay-addr 0.0.0.0:8765 --lan": "0.0.0.0:8765",
	} {
		o, err := Parse(strings.Fields(args), env(nil))
		if err != nil || o.OverlayAddr != want {
			t.Errorf("%s: %q, %v; want %q", args, o.OverlayAddr, err, want)
		}
	}
}

func TestDefaultsPointAtPulsoid(t *testing.T) {
	o, err := Parse(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if o.APIURL != "https://dev.pulsoid.net" || o.AuthURL != "https://pulsoid.net" || o.Headless || o.Demo || o.OverlayAddr != "" {
		t.Errorf("defaults = %+v", o)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}} {
		if o, err := Parse(args, env(nil)); err != nil || !o.Help {
			t.Errorf("%v: help=%v err=%v", args, o.Help, err)
		}
	}
	if o, err := Parse([]string{"--version"}, env(nil)); err != nil || !o.Version {
		t.Errorf("--version: %+v %v", o, err)
	}
	for _, name := range []string{"--headless", "--demo", "--overlay-addr", "--lan", "--minimised", "--version", "--help",
		"--text-file", "--no-history", "--osc", "--alert-high", "--alert-low", "HRtoVRChat_OSC", "PulsoidToOSC",
		"--obs", "--obs-text", "--obs-alert-scene", "BEATCAST_OBS_PASSWORD",
		"BEATCAST_PULSOID_API_URL", "BEATCAST_PULSOID_AUTH_URL", "BEATCAST_CLIENT_ID", "BEATCAST_TOKEN"} {
		if !strings.Contains(Usage(), name) {
			t.Errorf("--help text does not mention %s", name)
		}
	}
}

func TestHelpNamesThisSystemsPaths(t *testing.T) {
	win, linux := usage("windows"), usage("linux")
	if !strings.Contains(win, `%LOCALAPPDATA%\beatcast\`) || strings.Contains(win, "XDG_") || strings.Contains(win, "~/") {
		t.Errorf("Windows --help names other systems' paths:\n%s", win)
	}
	if !strings.Contains(linux, "~/.config/beatcast/") || !strings.Contains(linux, "XDG_CONFIG_HOME") || strings.Contains(linux, "LOCALAPPDATA") {
		t.Errorf("Linux --help lacks its paths:\n%s", linux)
	}
}

func TestATextFileGivenRelativeIsMadeFullFromHere(t *testing.T) {
	t.Chdir(t.TempDir())
	o, err := Parse([]string{"--text-file", "bpm.txt"}, env(nil))
	if err != nil || !filepath.IsAbs(o.TextFile) || filepath.Base(o.TextFile) != "bpm.txt" {
		t.Errorf("--text-file bpm.txt: %q, %v", o.TextFile, err)
	}
}

func TestBadInputSaysWhatToDo(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--nope"}, nil, "--help"},
		{[]string{"extra"}, nil, "--help"},
		{[]string{"--overlay-addr", "8765"}, nil, "HOST:PORT"},
		{[]string{"--overlay-addr", "0.0.0.0:8765"}, nil, "every device on your network"},
		{[]string{"--text-file", "/tmp/"}, nil, "is a folder"},
		{[]string{"--osc", "9000"}, nil, "HOST:PORT"},
		{[]string{"--alert-high", "120", "--alert-low", "130"}, nil, "below the high one"},
		{[]string{"--alert-high", "999"}, nil, "between 30 and 250"},
		{nil, map[string]string{"BEATCAST_PULSOID_API_URL": "dev.pulsoid.net"}, "BEATCAST_PULSOID_API_URL"},
		{nil, map[string]string{"BEATCAST_PULSOID_AUTH_URL": "ftp://x"}, "BEATCAST_PULSOID_AUTH_URL"},
	}
	for _, c := range cases {
		_, err := Parse(c.args, env(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%v, %v) = %v, want an error mentioning %q", c.args, c.env, err, c.want)
		}
	}
}

func TestThisTestBuildIsHeadless(t *testing.T) {
	// go test builds without the desktop tag, as make build-headless does.
	if CanOpenWindow {
		t.Error("a build without the desktop tag claims it can open a window")
	}
}

func TestVersionLineSaysWhichBuildThisIs(t *testing.T) {
	if got := (Build{Version: "0.2.0", Commit: "abc1234"}).Line(); got != "beatcast 0.2.0 (abc1234)" {
		t.Errorf("release: %q", got)
	}
	if got := (Build{Version: "0.2.0+3", Commit: "abc1234", Development: true}).Line(); !strings.HasPrefix(got, "beatcast 0.2.0+3 (abc1234), development build") {
		t.Errorf("development build: %q", got)
	}
}

func TestOBSFlagsAreCheckedAndThePasswordComesFromTheEnvironment(t *testing.T) {
	o, err := Parse([]string{"--obs", "ws://127.0.0.1:4455", "--obs-text", "Heart rate", "--obs-alert-scene", "Panic"},
		env(map[string]string{"BEATCAST_OBS_PASSWORD": "hunter2"}))
	if err != nil {
		t.Fatal(err)
	}
	f := o.Flags()
	if f.OBS != "ws://127.0.0.1:4455" || f.OBSText != "Heart rate" || f.OBSAlertScene != "Panic" || f.OBSPassword.Reveal() != "hunter2" {
		t.Errorf("flags = %+v", f)
	}
	if _, err := Parse([]string{"--obs", "127.0.0.1:4455"}, env(nil)); err == nil || !strings.Contains(err.Error(), "ws://HOST:PORT") {
		t.Errorf("--obs without ws://: %v", err)
	}
}

func TestTheStrapIsNamedByAddressOrName(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want ble.Strap
	}{
		{[]string{"--ble"}, ble.Strap{}},
		{[]string{"--ble-device", "a0:9e:1a:00:00:01"}, ble.Strap{Address: "A0:9E:1A:00:00:01"}},
		{[]string{"--ble-device", "Polar H10"}, ble.Strap{Name: "Polar H10"}},
	} {
		o, err := Parse(tc.args, env(nil))
		if err != nil || !o.BLE || o.Strap != tc.want {
			t.Errorf("%v: %+v %v, want --ble with %+v", tc.args, o.Strap, err, tc.want)
		}
	}
	if _, err := Parse([]string{"--ble", "--demo"}, env(nil)); err == nil {
		t.Error("--ble with --demo was accepted")
	}
	if o, err := Parse([]string{"--ble-scan"}, env(nil)); err != nil || !o.BLEScan {
		t.Errorf("--ble-scan: %+v %v", o, err)
	}
	for _, name := range []string{"--ble", "--ble-device", "--ble-scan"} {
		if !strings.Contains(Usage(), name) {
			t.Errorf("--help does not mention %s", name)
		}
	}
}
