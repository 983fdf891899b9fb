//go:build !windows

package background

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGAutostartWritesAnEntryThatStartsBeatcast(t *testing.T) {
	a := XDGAutostart{Dir: filepath.Join(t.TempDir(), "autostart")}
	if on, err := a.Enabled(); on || err != nil {
		t.Fatalf("Enabled before = %v, %v", on, err)
	}
	if err := a.Enable("/opt/My Apps/beatcast", []string{"--minimised"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(a.Dir, "beatcast.desktop"))
	if !strings.Contains(string(data), "Exec=\"/opt/My Apps/beatcast\" --minimised\n") || !strings.HasPrefix(string(data), "[Desktop Entry]\n") {
		t.Errorf("autostart entry:\n%s", data)
	}
	if on, _ := a.Enabled(); !on {
		t.Error("Enabled after Enable = false")
	}
	if err := a.Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := a.Enabled(); on {
		t.Error("still enabled after Disable")
	}
	if err := a.Disable(); err != nil {
		t.Errorf("Disable twice: %v", err)
	}
}

func TestDesktopQuoteEscapesWhatTheSpecSays(t *testing.T) {
	for in, want := range map[string]string{
		"/usr/bin/beatcast": "/usr/bin/beatcast",
		"/a b/c":            `"/a b/c"`,
		`/it's "$HOME"\x`:   `"/it's \"\$HOME\"\\x"`,
	} {
		if got := desktopQuote(in); got != want {
			t.Errorf("desktopQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
