package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beatcast/beatcast/backend/pulsoid"
)

func TestTokenIsKeptPrivatelyAndAtomically(t *testing.T) {
	p := testPaths(t)
	if err := SaveToken(p, pulsoid.Token("secret-1"), "device"); err != nil {
		t.Fatal(err)
	}
	if err := SaveToken(p, pulsoid.Token("secret-2"), "pasted"); err != nil { // replaces, never appends
		t.Fatal(err)
	}
	tok, notice, err := LoadToken(p)
	if err != nil || notice != "" || tok != "secret-2" {
		t.Fatalf("LoadToken = %q %q %v", tok, notice, err)
	}
	if printed := fmt.Sprint(tok, " ", tok.String()); strings.Contains(printed, "secret") {
		t.Errorf("the loaded token prints as %q: it must leave the file redacted", printed)
	}
	info, err := os.Stat(p.TokenFile())
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("token file mode %o, want 600", mode)
	}
	dir, _ := os.Stat(p.ConfigDir)
	if mode := dir.Mode().Perm(); mode != 0o700 {
		t.Errorf("config folder mode %o, want 700", mode)
	}
	entries, _ := os.ReadDir(p.ConfigDir)
	if len(entries) != 1 {
		t.Errorf("config folder holds %d files, want only the token file", len(entries))
	}
}

func TestCorruptTokenFileIsSetAside(t *testing.T) {
	p := testPaths(t)
	if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.TokenFile(), []byte("\x00garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, notice, err := LoadToken(p)
	if err != nil || tok != "" {
		t.Fatalf("LoadToken = %q, %v; want no token and no error", tok, err)
	}
	aside, _ := filepath.Glob(p.TokenFile() + ".corrupt-*")
	if len(aside) != 1 || !strings.Contains(notice, aside[0]) || !strings.Contains(notice, "sign in again") {
		t.Errorf("notice %q, set aside %v", notice, aside)
	}
}

func TestDeleteTokenForgetsIt(t *testing.T) {
	p := testPaths(t)
	_ = SaveToken(p, pulsoid.Token("x"), "env")
	if err := DeleteToken(p); err != nil {
		t.Fatal(err)
	}
	if err := DeleteToken(p); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
	if tok, _, _ := LoadToken(p); tok != "" {
		t.Errorf("token still there: %q", tok)
	}
}

func TestOBSsPasswordIsKeptApartReadableOnlyByTheUserAndForgotten(t *testing.T) {
	p := Paths{ConfigDir: t.TempDir()}
	if pw, notice, err := LoadOBSPassword(p); pw != "" || notice != "" || err != nil {
		t.Fatalf("none kept: %q %q %v", pw, notice, err)
	}
	if err := SaveOBSPassword(p, "hunter2"); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p.OBSPasswordFile())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", info.Mode(), err)
	}
	if pw, _, _ := LoadOBSPassword(p); pw.Reveal() != "hunter2" {
		t.Errorf("read back %q", pw.Reveal())
	}
	settings, _ := os.ReadFile(p.SettingsFile())
	if strings.Contains(string(settings), "hunter2") {
		t.Error("the password is in settings.json")
	}
	os.WriteFile(p.OBSPasswordFile(), []byte("{not json"), 0o600)
	if pw, notice, err := LoadOBSPassword(p); pw != "" || !strings.Contains(notice, "enter it again in Settings → OBS") || err != nil {
		t.Errorf("damaged file: %q %q %v", pw, notice, err)
	}
	SaveOBSPassword(p, "hunter2")
	if err := SaveOBSPassword(p, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.OBSPasswordFile()); !os.IsNotExist(err) {
		t.Errorf("an empty password left the file: %v", err)
	}
}
