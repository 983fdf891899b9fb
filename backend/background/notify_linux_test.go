package background

import (
	"os"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/beatcast/beatcast/backend/testkit"
)

// notificationServer plays the desktop's notification daemon as the
// Desktop Notifications Specification 1.2 defines it
// (specifications.freedesktop.org/notification-spec, "D-BUS Protocol"):
// org.freedesktop.Notifications at /org/freedesktop/Notifications, whose
// Notify returns the notification's id.
type notificationServer struct {
	mu   sync.Mutex
	seen []map[string]any
}

func (s *notificationServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, image := hints["image-data"]
	s.seen = append(s.seen, map[string]any{"app": app, "summary": summary, "body": body, "image": image})
	return uint32(len(s.seen)), nil
}

func (s *notificationServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body"}, nil
}

func (s *notificationServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "test", "beatcast", "1", "1.2", nil
}

func TestTheDesktopShowsTheNotification(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", testkit.SessionBus(t))
	server := &notificationServer{}
	serve(t, server, "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
	icon, err := os.ReadFile("../../build/trayicon.png")
	if err != nil {
		t.Fatal(err)
	}
	if err := (DesktopNotifier{Icon: icon}).Notify("Beatcast stopped showing your heart rate", "Sign in again."); err != nil {
		t.Fatal(err)
	}
	server.mu.Lock()
	defer server.mu.Unlock()
	if len(server.seen) != 1 || server.seen[0]["app"] != "Beatcast" || server.seen[0]["summary"] != "Beatcast stopped showing your heart rate" ||
		server.seen[0]["body"] != "Sign in again." || server.seen[0]["image"] != true {
		t.Errorf("the desktop got %v", server.seen)
	}
}
