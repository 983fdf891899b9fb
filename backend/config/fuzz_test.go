package config

import (
	"os"
	"testing"
)

// Whatever is in the settings and token files — hand-edited, half-written,
// hostile — Beatcast starts with settings it can use and never panics.

func FuzzLoadSettings(f *testing.F) {
	for _, seed := range []string{
		`{"overlay_addr": "127.0.0.1:9000", "signal_timeout_seconds": 15, "client_id": "cid"}`,
		`{"overlays": [{"name": "main", "options": {"style": "ring"}}]}`,
		`{"overlay_addr": "0.0.0.0:8765"}`, `{"signal_timeout_seconds": 1e99}`, `{`, ``, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Paths{ConfigDir: t.TempDir()}
		if err := os.WriteFile(p.SettingsFile(), data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, _, err := LoadSettings(p)
		if err != nil {
			t.Fatalf("LoadSettings: %v", err)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("loaded settings Beatcast cannot use: %v", err)
		}
	})
}

func FuzzLoadToken(f *testing.F) {
	for _, seed := range []string{`{"access_token": "abc", "via": "device"}`, `{"access_token": ""}`, `{`, "\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Paths{ConfigDir: t.TempDir()}
		if err := os.WriteFile(p.TokenFile(), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := LoadToken(p); err != nil {
			t.Fatalf("LoadToken: %v", err)
		}
	})
}

func FuzzOverlayAddr(f *testing.F) {
	for _, seed := range []string{"", ":8765", "127.0.0.1:8765", "[::1]:1", "0.0.0.0:8765", "a:b:c", "localhost:99999"} {
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, addr string, lan bool) {
		got, err := ParseOverlayAddr(addr, lan)
		if err == nil && !lan && len(NetworkURLs(got)) > 0 {
			t.Errorf("%q was accepted as %q, which other devices can reach, without --lan", addr, got)
		}
	})
}
