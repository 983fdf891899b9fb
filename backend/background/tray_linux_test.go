package background

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/beatcast/beatcast/backend/testkit"
)

// watcher plays a desktop's tray host: the StatusNotifierWatcher that tray
// icons register with.
type watcher struct {
	mu    sync.Mutex
	items []string
}

func (w *watcher) RegisterStatusNotifierItem(service string) *dbus.Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, service)
	return nil
}

func (w *watcher) registered() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.items...)
}

// serve plays a part of the desktop on the session bus: obj's methods at
// path, under the well-known name iface, until the test ends. It returns
// its connection, to look at the bus with.
func serve(t *testing.T, obj any, path dbus.ObjectPath, iface string) *dbus.Conn {
	t.Helper()
	host, err := dbus.SessionBusPrivate()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { host.Close() })
	if err := host.Auth(nil); err != nil {
		t.Fatal(err)
	}
	if err := host.Hello(); err != nil {
		t.Fatal(err)
	}
	if err := host.Export(obj, path, iface); err != nil {
		t.Fatal(err)
	}
	if _, err := host.RequestName(iface, dbus.NameFlagDoNotQueue); err != nil {
		t.Fatal(err)
	}
	return host
}

func TestTheTrayIconRegistersWithTheDesktopAndItsMenuWorks(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", testkit.SessionBus(t))
	if trayHostAvailable() {
		t.Fatal("a tray host is seen before any runs")
	}
	w := &watcher{}
	host := serve(t, w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher")

	quit := make(chan struct{})
	tray, ok := StartTray(testkit.Quiet, []byte{}, Menu{Show: func() {}, Quit: func() { close(quit) }})
	if !ok {
		t.Fatal("no tray although the desktop has a host")
	}
	defer tray.Close()
	testkit.Eventually(t, "the icon to register", func() bool { return len(w.registered()) == 1 })
	tray.SetStatus("Live · 72 BPM")

	names := []string{}
	_ = host.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names)
	var bus string
	for _, n := range names {
		if strings.HasPrefix(n, "org.kde.StatusNotifierItem-") {
			bus = n
		}
	}
	if bus == "" {
		t.Fatalf("no StatusNotifierItem on the bus: %v", names)
	}
	tooltip, err := host.Object(bus, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.ToolTip")
	if err != nil || !strings.Contains(tooltip.String(), "Live · 72 BPM") {
		t.Errorf("tooltip %v, %v; want the status", tooltip, err)
	}

	// The menu, as the desktop reads it (com.canonical.dbusmenu).
	var revision uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	menuPath, err := host.Object(bus, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		t.Fatal(err)
	}
	menu := host.Object(bus, menuPath.Value().(dbus.ObjectPath))
	if err := menu.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&revision, &layout); err != nil {
		t.Fatal(err)
	}
	labels := map[string]int32{}
	for _, c := range layout.Children {
		var child struct {
			ID       int32
			Props    map[string]dbus.Variant
			Children []dbus.Variant
		}
		if err := dbus.Store([]any{c.Value()}, &child); err != nil {
			t.Fatal(err)
		}
		if label, ok := child.Props["label"]; ok {
			labels[label.Value().(string)] = child.ID
		}
	}
	for _, want := range []string{"Live · 72 BPM", "Show Beatcast", "Quit Beatcast"} {
		if _, ok := labels[want]; !ok {
			t.Errorf("the tray menu lacks %q: %v", want, labels)
		}
	}
	// The streamer clicks Quit.
	call := menu.Call("com.canonical.dbusmenu.Event", 0, labels["Quit Beatcast"], "clicked", dbus.MakeVariant(""), uint32(time.Now().Unix()))
	if call.Err != nil {
		t.Fatal(call.Err)
	}
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Fatal("clicking Quit in the tray did nothing")
	}
}
