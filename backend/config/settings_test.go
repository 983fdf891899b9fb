//go:build !windows

package config

import (
	"github.com/beatcast/beatcast/backend/obs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

func TestSettingsRoundTripPrivately(t *testing.T) {
	p := testPaths(t)
	want := Settings{OverlayAddr: "127.0.0.1:9999", SignalTimeoutSeconds: 15, ClientID: "cid",
		Overlays: []SavedOverlay{{Name: "main", Options: map[string]string{"style": "ring"}}}}
	if err := SaveSettings(p, want); err != nil {
		t.Fatal(err)
	}
	got, notice, err := LoadSettings(p)
	if err != nil || notice != "" || !reflect.DeepEqual(got, want) {
		t.Fatalf("LoadSettings = %+v, %q, %v; want %+v", got, notice, err, want)
	}
	info, err := os.Stat(p.SettingsFile())
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("settings file mode %o, want 600", mode)
	}
	leftovers, _ := filepath.Glob(filepath.Join(p.ConfigDir, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestMissingSettingsAreDefaults(t *testing.T) {
	got, notice, err := LoadSettings(testPaths(t))
	if err != nil || notice != "" || !reflect.DeepEqual(got, Settings{}) {
		t.Fatalf("got %+v %q %v, want defaults and no notice", got, notice, err)
	}
}

func TestUnreadableSettingsAreSetAsideNotCrashedOn(t *testing.T) {
	p := testPaths(t)
	content := "{ overlay_addr: oops"
	if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.SettingsFile(), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	got, notice, err := LoadSettings(p)
	if err != nil || !reflect.DeepEqual(got, Settings{}) {
		t.Fatalf("got %+v, %v; want defaults and no error", got, err)
	}
	aside, _ := filepath.Glob(p.SettingsFile() + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("set-aside files: %v, want one", aside)
	}
	if kept, _ := os.ReadFile(aside[0]); string(kept) != content {
		t.Errorf("the set-aside file holds %q, want the original %q", kept, content)
	}
	if !strings.Contains(notice, aside[0]) || !strings.Contains(notice, "defaults") {
		t.Errorf("notice %q should say defaults are used and where the old file is", notice)
	}
	if _, err := os.Stat(p.SettingsFile()); !os.IsNotExist(err) {
		t.Errorf("the corrupt file is still in place")
	}
}

// One bad field must not cost the others: the saved overlays and the
// client id survive a bad timeout, a bad name, or an address beyond this
// computer that the streamer never chose to share.
func TestOneBadFieldKeepsTheRestOfTheSettings(t *testing.T) {
	for name, tc := range map[string]struct {
		content string
		says    string
		want    Settings
	}{
		"bad timeout": {`{"signal_timeout_seconds": -3, "client_id": "cid"}`, "between 1 and 600",
			Settings{ClientID: "cid"}},
		"bad overlay name": {`{"client_id": "cid", "overlays": [{"name": "Not A Slug", "options": {}}, {"name": "ok", "options": {}}]}`,
			"lower-case letters", Settings{ClientID: "cid", Overlays: []SavedOverlay{{Name: "ok", Options: map[string]string{}}}}},
		"twin names": {`{"overlays": [{"name": "a", "options": {}}, {"name": "a", "options": {"style": "ring"}}]}`, "Two saved overlays",
			Settings{Overlays: []SavedOverlay{{Name: "a", Options: map[string]string{}}}}},
		"every interface without asking": {`{"overlay_addr": "0.0.0.0:8765", "client_id": "cid"}`, "every device on your network",
			Settings{ClientID: "cid"}},
		"history kept for ever": {`{"history_days": 99999, "max_heart_rate": 190}`, "1 to 3650 days",
			Settings{MaxHeartRate: 190}},
		"impossible maximum": {`{"max_heart_rate": 40, "history_off": true}`, "between 100 and 250 BPM",
			Settings{HistoryOff: true}},
		"relative text file": {`{"text_file": "bpm.txt", "text_file_offline": "away"}`, "full path",
			Settings{TextFileOffline: "away"}},
		"two-line placeholder": {`{"text_file_offline": "a\nb", "history_days": 30}`, "one line",
			Settings{HistoryDays: 30}},
		"low alert above the high one": {`{"alert_high": 120, "alert_low": 140, "osc": true}`, "must be below the high one",
			Settings{OSC: true}},
		"OSC to nowhere": {`{"osc_addr": "9000", "alert_high": 150}`, "HOST:PORT",
			Settings{AlertHigh: 150}},
		"avatar parameters of no tool": {`{"osc_parameters": "hrtovrchat_v2", "osc": true}`, "PulsoidToOSC, or of both",
			Settings{OSC: true}},
		"OBS without ws://": {`{"obs": {"url": "127.0.0.1:4455", "text_source": "HR"}}`, "ws://HOST:PORT",
			Settings{OBS: OBSSettings{TextSource: "HR"}}},
		"an OBS action of no kind": {`{"obs": {"url": "ws://127.0.0.1:4455", "rules": [{"when": "high_alert", "do": "dance"}]}}`,
			"not something Beatcast can do in OBS", Settings{OBS: OBSSettings{URL: "ws://127.0.0.1:4455"}}},
	} {
		t.Run(name, func(t *testing.T) {
			p := testPaths(t)
			if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p.SettingsFile(), []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, notice, err := LoadSettings(p)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			aside, _ := filepath.Glob(p.SettingsFile() + ".corrupt-*")
			if len(aside) != 1 || !strings.Contains(notice, tc.says) || !strings.Contains(notice, aside[0]) || !strings.Contains(notice, "the rest are kept") {
				t.Errorf("notice %q, set aside %v", notice, aside)
			}
			again, notice, _ := LoadSettings(p)
			if !reflect.DeepEqual(again, tc.want) || notice != "" {
				t.Errorf("the mended file reads back as %+v (%q)", again, notice)
			}
		})
	}
}

func TestSaveRefusesInvalidSettings(t *testing.T) {
	err := SaveSettings(testPaths(t), Settings{SignalTimeoutSeconds: 9000})
	if err == nil || !strings.Contains(err.Error(), "between 1 and 600") {
		t.Fatalf("SaveSettings = %v, want a range error", err)
	}
}

func TestDefaultPathsFollowXDGConfigHome(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if got := DefaultPaths().SettingsFile(); got != filepath.Join(dir, "beatcast", "settings.json") {
		t.Errorf("settings file = %s, want under %s/beatcast", got, dir)
	}
}

func TestOneRuleForTheOverlayAddress(t *testing.T) {
	for _, tc := range []struct {
		addr, want string
		lan        bool
		refused    string
	}{
		{"", "127.0.0.1:8765", false, ""},
		{":8766", "127.0.0.1:8766", false, ""},
		{"127.0.0.1:9000", "127.0.0.1:9000", false, ""},
		{"localhost:9000", "localhost:9000", false, ""},
		{"[::1]:9000", "[::1]:9000", false, ""},
		{"0.0.0.0:8765", "", false, "every device on your network"},
		{"[::]:8765", "", false, "every device on your network"},
		{"192.168.1.20:8765", "", false, "every device on your network"},
		{"obs-pc.local:8765", "", false, "every device on your network"},
		{"0.0.0.0:8765", "0.0.0.0:8765", true, ""},
		{"8765", "", false, "HOST:PORT"},
		{"127.0.0.1:", "", false, "HOST:PORT"},
		{"127.0.0.1:99999", "", false, "HOST:PORT"},
		{"127.0.0.1:http", "", false, "HOST:PORT"},
	} {
		got, err := ParseOverlayAddr(tc.addr, tc.lan)
		switch {
		case tc.refused == "" && (err != nil || got != tc.want):
			t.Errorf("ParseOverlayAddr(%q, lan=%v) = %q, %v; want %q", tc.addr, tc.lan, got, err, tc.want)
		case tc.refused != "" && (err == nil || !strings.Contains(err.Error(), tc.refused)):
			t.Errorf("ParseOverlayAddr(%q, lan=%v) = %q, %v; want refused saying %q", tc.addr, tc.lan, got, err, tc.refused)
		}
	}
}

func TestTwoWritersAtOnceLoseNothing(t *testing.T) {
	p := testPaths(t)
	store, _, err := OpenStore(p)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() {
		_, err := store.Update(func(s *Settings) error { s.ClientID = "from-settings"; return nil })
		done <- err
	}()
	go func() {
		_, err := store.Update(func(s *Settings) error {
			s.Overlays = append(s.Overlays, SavedOverlay{Name: "main", Options: map[string]string{}})
			return nil
		})
		done <- err
	}()
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	got, _, _ := LoadSettings(p)
	if got.ClientID != "from-settings" || len(got.Overlays) != 1 {
		t.Errorf("on disk: %+v, want both changes", got)
	}
	if _, err := store.Update(func(s *Settings) error { s.SignalTimeoutSeconds = 9000; return nil }); err == nil {
		t.Error("an invalid change was accepted")
	}
	if store.Get().SignalTimeoutSeconds != 0 {
		t.Error("a refused change became current")
	}
}

func TestAFileThatIsNotASmallRegularFileIsSetAsideUnread(t *testing.T) {
	for name, make := range map[string]func(path string) error{
		"a FIFO":                  func(path string) error { return syscall.Mkfifo(path, 0o600) },
		"a link to /dev/zero":     func(path string) error { return os.Symlink("/dev/zero", path) },
		"two megabytes of spaces": func(path string) error { return os.WriteFile(path, []byte(strings.Repeat(" ", 2<<20)), 0o600) },
	} {
		t.Run(name, func(t *testing.T) {
			p := testPaths(t)
			if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			for _, file := range []string{p.SettingsFile(), p.TokenFile()} {
				if err := make(file); err != nil {
					t.Fatal(err)
				}
			}
			s, notice, err := LoadSettings(p)
			if err != nil || notice == "" || !reflect.DeepEqual(s, Settings{}) {
				t.Errorf("settings: %+v %q %v; want defaults with a notice", s, notice, err)
			}
			tok, notice, err := LoadToken(p)
			if err != nil || tok != "" || !strings.Contains(notice, "sign in again") {
				t.Errorf("token: %q %q %v; want none, with a notice", tok, notice, err)
			}
			aside, _ := filepath.Glob(filepath.Join(p.ConfigDir, "*.corrupt-*"))
			if len(aside) != 2 {
				t.Errorf("set aside: %v, want both files", aside)
			}
		})
	}
}

func TestOBSFlagsWinAndTheAlertSceneReplacesTheSavedOne(t *testing.T) {
	saved := Settings{OBS: OBSSettings{URL: "ws://192.168.1.20:4455", TextSource: "HR", Rules: []obs.Rule{
		{When: obs.WhenHigh, Do: obs.SwitchScene, Scene: "Saved panic"},
		{When: obs.WhenLow, Do: obs.SwitchScene, Scene: "Calm"},
		{When: obs.WhenHigh, Do: obs.ShowSource, Scene: "Game", Source: "Flames"}}}}
	in := Flags{OBS: "ws://127.0.0.1:4455", OBSText: "BPM", OBSAlertScene: "Panic"}.InUse(saved)
	want := OBSSettings{On: true, URL: "ws://127.0.0.1:4455", TextSource: "BPM", Rules: []obs.Rule{
		{When: obs.WhenHigh, Do: obs.SwitchScene, Scene: "Panic"},
		{When: obs.WhenLow, Do: obs.SwitchScene, Scene: "Calm"},
		{When: obs.WhenHigh, Do: obs.ShowSource, Scene: "Game", Source: "Flames"}}}
	if !reflect.DeepEqual(in.OBS, want) {
		t.Errorf("in use: %+v\nwant %+v", in.OBS, want)
	}
	if !reflect.DeepEqual(Flags{}.InUse(saved), saved) {
		t.Error("no flags changed the settings")
	}
}
