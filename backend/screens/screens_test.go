package screens

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/beatcast/beatcast/backend/ble"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/feed"
	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/service"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// stubFeed stands in for *feed.Feed: it counts what the screens ask of it.
type stubFeed struct {
	accountChanges int
	straps         []ble.Strap // UseStrap
	again          int         // Again
}

func (f *stubFeed) Account() feed.Account                       { return feed.Account{} }
func (f *stubFeed) AccountChanged()                             { f.accountChanges++ }
func (f *stubFeed) SignInState() feed.SignIn                    { return feed.SignIn{} }
func (f *stubFeed) SignIn(context.Context) (feed.SignIn, error) { return feed.SignIn{}, nil }
func (f *stubFeed) CancelSignIn(context.Context)                {}
func (f *stubFeed) UseToken(context.Context, string) error      { return nil }
func (f *stubFeed) RetryNow()                                   {}
func (f *stubFeed) UseDemo(context.Context)                     {}
func (f *stubFeed) SignOut(context.Context) error               { return nil }
func (f *stubFeed) UseStrap(_ context.Context, s ble.Strap)     { f.straps = append(f.straps, s) }
func (f *stubFeed) Again(context.Context) string                { f.again++; return "" }

// open returns screens over a real store and service serving on addr
// ("" for none), with flags.
func open(t *testing.T, addr string, flags config.Flags, history bool) (*Screens, *stubFeed, config.Paths) {
	t.Helper()
	dir := t.TempDir()
	paths := config.Paths{ConfigDir: filepath.Join(dir, "config"), DataDir: filepath.Join(dir, "data")}
	store, _, err := config.OpenStore(paths)
	if err != nil {
		t.Fatal(err)
	}
	cfg := service.Config{OverlayAddr: addr, Log: quiet, Store: store, Flags: flags, KeepGoingWithoutOverlay: true}
	if history {
		cfg.HistoryDir = paths.StreamsDir()
	}
	svc, err := service.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := &stubFeed{}
	return New(Config{Context: context.Background(), Service: svc, Feed: f, Store: store,
		ClientID: config.NewClientID(flags, "", store)}), f, paths
}

func TestSavingTheOverlayAddressSaysWhenARestartIsNeeded(t *testing.T) {
	s, f, _ := open(t, "127.0.0.1:0", config.Flags{}, false)
	served := s.cfg.Service.ServedAddr()
	said, err := s.SaveSettings(config.Settings{OverlayAddr: served})
	if err != nil || said != "Saved." {
		t.Errorf("the address being served: %q, %v", said, err)
	}
	said, err = s.SaveSettings(config.Settings{OverlayAddr: "127.0.0.1:9999"})
	if err != nil || !strings.Contains(said, "Restart Beatcast to serve the overlay on 127.0.0.1:9999") {
		t.Errorf("another address: %q, %v", said, err)
	}
	if f.accountChanges != 2 {
		t.Errorf("the client id may change with every save: the feed was told %d times, want 2", f.accountChanges)
	}
}

func TestTheOverlayAddressFlagWinsAndTheFormSaysSo(t *testing.T) {
	s, _, _ := open(t, "127.0.0.1:0", config.Flags{OverlayAddr: "127.0.0.1:8800"}, false)
	said, err := s.SaveSettings(config.Settings{OverlayAddr: "127.0.0.1:9999"})
	if err != nil || !strings.Contains(said, "started with --overlay-addr 127.0.0.1:8800, which wins") {
		t.Errorf("%q, %v", said, err)
	}
	if form := s.Settings(); form.OverlayAddr != "127.0.0.1:9999" {
		t.Errorf("form %+v: the saved field is kept, though the flag wins", form)
	}
}

func TestABadFieldIsRefusedInWordsAndNothingIsSaved(t *testing.T) {
	s, _, paths := open(t, "", config.Flags{}, false)
	_, err := s.SaveSettings(config.Settings{OverlayAddr: "127.0.0.1:99999"})
	if shown := problem.ForWindow(err); shown.Code != "overlay_addr" || !strings.Contains(shown.Message, "port from 1 to 65535") {
		t.Fatalf("a port beyond 65535: %v", err)
	}
	if _, err := os.Stat(paths.SettingsFile()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused form was written: %v", err)
	}
	if _, err := s.SetAlerts(100, 120); err == nil {
		t.Error("a low alert above the high one was accepted")
	}
}

func TestAlertsApplyAtOnceAndAFlagWinsOverItsSettingOnly(t *testing.T) {
	s, _, _ := open(t, "", config.Flags{AlertHigh: 170}, false)
	got, err := s.SetAlerts(150, 45)
	if err != nil {
		t.Fatal(err)
	}
	if got.Saved.High != 150 || got.Saved.Low != 45 || got.InUse.High != 170 || got.InUse.Low != 45 || got.Flags.High != 170 {
		t.Errorf("alerts %+v", got)
	}
}

func TestTheTextFileIsWrittenFromTheMomentItIsSet(t *testing.T) {
	s, _, paths := open(t, "", config.Flags{}, false)
	path := filepath.Join(paths.DataDir, "bpm.txt")
	info, err := s.SetTextFile(" "+path+" ", "away")
	if err != nil {
		t.Fatal(err)
	}
	if info.Path != path || info.InUse != path || info.Offline != "away" {
		t.Errorf("info %+v: the path is trimmed and in use at once", info)
	}
	if _, err := s.SetTextFile("bpm.txt", ""); err == nil {
		t.Error("a relative path was accepted")
	}
}

func TestATextFileThatCannotBeWrittenIsRefusedNotSaved(t *testing.T) {
	s, _, paths := open(t, "", config.Flags{}, false)
	notAFolder := filepath.Join(paths.DataDir, "notes.txt")
	if err := os.MkdirAll(paths.DataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notAFolder, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(notAFolder, "bpm.txt")
	info, err := s.SetTextFile(bad, "")
	if err == nil {
		t.Fatal("a file in a folder that cannot exist was accepted")
	}
	if p := problem.ForWindow(err); p.Code != "text_file" || !strings.Contains(p.Message, "Beatcast cannot write to "+bad) ||
		!strings.Contains(p.Message, "Pick a file in a folder you can write to") {
		t.Errorf("problem %+v, want the path and what to do", p)
	}
	if info.InUse != "" || s.TextFile().Path != "" {
		t.Errorf("an unwritable file was saved: %+v, settings %+v", info, s.TextFile())
	}
	if data, _ := os.ReadFile(notAFolder); string(data) != "mine" {
		t.Error("the check touched the file in the way")
	}
}

func TestTheFlagsThatWinAreShownBesideTheSettings(t *testing.T) {
	s, _, _ := open(t, "", config.Flags{OSC: "127.0.0.1:9001", TextFile: "/tmp/x.txt", NoHistory: true, OverlayAddr: "127.0.0.1:9002"}, true)
	if f := s.Settings(); f.OverlayAddrFlag != "127.0.0.1:9002" || f.OverlayAddr != "" {
		t.Errorf("settings form %+v: the flag's address is shown, the saved one stays empty", f)
	}
	if o := s.OSC(); o.Flag != "127.0.0.1:9001" || o.On {
		t.Errorf("osc %+v: the flag is shown, the saved setting stays off", o)
	}
	if tf := s.TextFile(); tf.Flag != "/tmp/x.txt" || tf.InUse != "/tmp/x.txt" || tf.Path != "" {
		t.Errorf("text file %+v", tf)
	}
	if h := s.HistoryInfo(); !h.OffByFlag || h.Recording || !h.Record {
		t.Errorf("history %+v: --no-history stops recording, the setting stays on", h)
	}
}

func TestWithoutAHistoryTheScreenSaysSo(t *testing.T) {
	s, _, _ := open(t, "", config.Flags{}, false)
	if _, err := s.Streams(); err == nil || !strings.Contains(err.Error(), "keeps no history") {
		t.Errorf("streams without a history: %v", err)
	}
	if err := NewExports(s.cfg.Service).Check(); err == nil {
		t.Error("an export was offered without a history")
	}
}

func TestClientIDMustBeGivenAndTellsTheFeed(t *testing.T) {
	s, f, _ := open(t, "", config.Flags{}, false)
	if err := s.SetClientID("  "); err == nil {
		t.Error("an empty client id was accepted")
	}
	if err := s.SetClientID(" abc "); err != nil || s.cfg.ClientID.Get() != "abc" || f.accountChanges != 1 {
		t.Errorf("client id %q, %v, feed told %d times", s.cfg.ClientID.Get(), err, f.accountChanges)
	}
}

func TestAnExportIsNamedAfterTheStreamsStart(t *testing.T) {
	if got := FileName("20261123T200500Z-abc", ".csv"); !strings.HasPrefix(got, "Beatcast 2026-11-2") || !strings.HasSuffix(got, ".csv") {
		t.Errorf("name %q", got)
	}
	if got := FileName("x", ".png"); got != "Beatcast.png" {
		t.Errorf("a stream id that is not a time: %q", got)
	}
}

// The window reads its ranges and bounds from facts.json: a fact changed in
// Go and not regenerated would let the window say one range and Go enforce
// another.
func TestFactsFileIsCurrent(t *testing.T) {
	onDisk, err := os.ReadFile("../../frontend/src/lib/facts.json")
	if err != nil {
		t.Fatalf("%v: run make bindings", err)
	}
	want, _ := json.MarshalIndent(WindowFacts(), "", "  ")
	if string(onDisk) != string(want)+"\n" {
		t.Errorf("frontend/src/lib/facts.json is out of date: run make bindings and commit it\nhave %s\nwant %s", onDisk, want)
	}
}

// A strap picked is remembered and read on every start; forgotten, the
// next start goes back to Pulsoid, and a stream from it goes back now.
func TestAStrapPickedIsRememberedAndForgotten(t *testing.T) {
	s, f, _ := open(t, "", config.Flags{}, false)
	if err := s.UseStrap("", ""); err == nil {
		t.Error("a strap without an address or a name was taken")
	}
	if err := s.UseStrap("A0:9E:1A:00:00:01", "Polar H10 1A2B3C4D"); err != nil {
		t.Fatal(err)
	}
	want := ble.Strap{Address: "A0:9E:1A:00:00:01", Name: "Polar H10 1A2B3C4D"}
	if len(f.straps) != 1 || f.straps[0] != want {
		t.Errorf("the feed was asked for %+v", f.straps)
	}
	info := s.Strap()
	if info.Strap == nil || *info.Strap != want || !info.UseStrap {
		t.Errorf("remembered %+v", info)
	}
	if start := s.cfg.Service.Flags().StartStrap(s.cfg.Store.Get()); start == nil || *start != want {
		t.Errorf("the next start reads %+v", start)
	}
	s.cfg.Service.Hub.PublishStatus(heartrate.Status{State: heartrate.StateLive, Source: heartrate.SourceBLE})
	if err := s.ForgetStrap(); err != nil {
		t.Fatal(err)
	}
	if info := s.Strap(); info.Strap != nil || info.UseStrap {
		t.Errorf("after forgetting: %+v", info)
	}
	if f.again != 1 {
		t.Errorf("the stream from the forgotten strap went on (Again %d times)", f.again)
	}
	if start := s.cfg.Service.Flags().StartStrap(s.cfg.Store.Get()); start != nil {
		t.Errorf("the next start still reads %+v", start)
	}
}
