package service

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/beatcast/beatcast/backend/config"
)

func newServiceWithStore(t *testing.T, addr string) (*Service, config.Paths) {
	t.Helper()
	dir := t.TempDir()
	paths := config.Paths{ConfigDir: filepath.Join(dir, "config"), DataDir: filepath.Join(dir, "data")}
	store, _, err := config.OpenStore(paths)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Config{OverlayAddr: addr, Log: quiet, LocalFileDir: paths.DataDir, LocalFileKey: "k", Store: store})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.ln.Close() })
	return svc, paths
}

func TestASavedOverlayIsKeptServedAndWrittenAsALocalFile(t *testing.T) {
	svc, paths := newServiceWithStore(t, "127.0.0.1:0")
	saved, err := svc.Overlays.Save("main", map[string]string{"style": "ring", "size": "64"})
	if err != nil {
		t.Fatal(err)
	}
	if saved.URL != svc.OverlayURL()+"o/main" || len(saved.Options) != 1 || saved.Options["style"] != "ring" {
		t.Errorf("saved %+v: want its fixed URL and only what differs from the defaults", saved)
	}
	page, err := os.ReadFile(saved.LocalFile)
	if err != nil || saved.LocalFile != filepath.Join(paths.DataDir, "overlays", "main.html") || !strings.Contains(string(page), `"overlay":"main"`) {
		t.Fatalf("local file %s: %v", saved.LocalFile, err)
	}
	// Kept in settings.json, through the one writer: a restart finds it.
	reloaded, _, _ := config.LoadSettings(paths)
	if len(reloaded.Overlays) != 1 || reloaded.Overlays[0].Name != "main" {
		t.Errorf("settings on disk: %+v", reloaded.Overlays)
	}
	if err := svc.Overlays.Delete("main"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(saved.LocalFile); !os.IsNotExist(err) || len(svc.Overlays.List()) != 0 {
		t.Error("a deleted overlay keeps its local file or its place in the list")
	}
}

func TestAnOverlayThatCannotBeSavedSaysWhy(t *testing.T) {
	svc, _ := newServiceWithStore(t, "127.0.0.1:0")
	for _, tc := range []struct {
		name    string
		options map[string]string
		want    string
	}{
		{"Boss Fight!", nil, "lower-case letters, digits and dashes"},
		{"main", map[string]string{"style": "hologram"}, `style="hologram" is not allowed (one of heart,`},
		{"main", map[string]string{"wat": "1"}, `"wat" is not an overlay option`},
	} {
		if _, err := svc.Overlays.Save(tc.name, tc.options); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Save(%q, %v) = %v, want it to say %q", tc.name, tc.options, err, tc.want)
		}
	}
	if err := svc.Overlays.Delete("nothing"); err == nil || !strings.Contains(err.Error(), "no saved overlay named nothing") {
		t.Errorf("Delete of nothing = %v", err)
	}
}

func TestTheLocalFileIsWrittenForTheAddressActuallyServed(t *testing.T) {
	for _, tc := range []struct{ bind, want string }{
		{"127.0.0.1:0", "ws://127.0.0.1:"},
		{"[::1]:0", "ws://[::1]:"},
		{"0.0.0.0:0", "ws://127.0.0.1:"},
	} {
		svc, paths := newServiceWithStore(t, tc.bind)
		page, err := os.ReadFile(filepath.Join(paths.DataDir, "overlay.html"))
		port := svc.ln.Addr().(*net.TCPAddr).Port
		if err != nil || !strings.Contains(string(page), `"ws":"`+tc.want+strconv.Itoa(port)+`/ws"`) {
			t.Errorf("bound to %s: the local file does not point at %s%d", tc.bind, tc.want, port)
		}
	}
}
