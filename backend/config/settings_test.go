//go:build !windows

package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

func testPaths(t *testing.T) Paths {
	dir := t.TempDir()
	return Paths{ConfigDir: filepath.Join(dir, "config", AppDir), DataDir: filepath.Join(dir, "data", AppDir)}
}

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

func TestCorruptSettingsAreSetAsideNotCrashedOn(t *testing.T) {
	for name, content := range map[string]string{
		"not json":    "{ overlay_addr: oops",
		"bad timeout": `{"signal_timeout_seconds": -3}`,
		"bad overlay": `{"overlays": [{"name": "Not A Slug", "options": {}}]}`,
		"twin names":  `{"overlays": [{"name": "a", "options": {}}, {"name": "a", "options": {}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := testPaths(t)
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
			kept, _ := os.ReadFile(aside[0])
			if string(kept) != content {
				t.Errorf("the set-aside file holds %q, want the original %q", kept, content)
			}
			if !strings.Contains(notice, aside[0]) || !strings.Contains(notice, "defaults") {
				t.Errorf("notice %q should say defaults are used and where the old file is", notice)
			}
			if _, err := os.Stat(p.SettingsFile()); !os.IsNotExist(err) {
				t.Errorf("the corrupt file is still in place")
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

func TestOverlayAddressMustBeHostPort(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8765": true, "localhost:9000": true, "0.0.0.0:8765": true, "": true,
		"8765": false, ":8765": false, "127.0.0.1:": false, "127.0.0.1:99999": false, "127.0.0.1:http": false,
	} {
		err := Settings{OverlayAddr: addr}.Validate()
		if (err == nil) != ok {
			t.Errorf("overlay address %q: %v, want ok=%v", addr, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "HOST:PORT") {
			t.Errorf("error %q does not say the form", err)
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
