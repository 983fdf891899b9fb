package background

import (
	"context"
	"log/slog"
	"sync"

	"github.com/gen2brain/beeep"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// Notifier shows a desktop notification.
type Notifier interface {
	Notify(title, body string) error
}

// DesktopNotifier uses the desktop's own notifications through beeep:
// org.freedesktop.Notifications over D-Bus on Linux, a toast on Windows
// (not yet run on real Windows).
type DesktopNotifier struct {
	Icon []byte // PNG
}

func (d DesktopNotifier) Notify(title, body string) error {
	nameApp.Do(func() { beeep.AppName = "Beatcast" })
	return beeep.Notify(title, body, d.Icon)
}

var nameApp sync.Once

// Warnings tells the streamer, outside the window, when the stream stops
// for something only they can mend while nobody may be watching it: the
// Pulsoid sign-in ended mid-stream (it expired, was revoked or refused,
// or the plan changed). The overlay then shows no number; the tray says
// why and a notification says what to do. It is an output
// (service.Config.Outputs).
type Warnings struct {
	Notifier Notifier
	Log      *slog.Logger
}

// Follow notifies on each such ending until ctx ends.
func (w Warnings) Follow(ctx context.Context, h *hub.Hub) {
	var was heartrate.State
	h.FollowFunc(ctx, nil, func(snap heartrate.Snapshot) {
		st := snap.Status
		streaming := was == heartrate.StateLive || was == heartrate.StateNoSignal || was == heartrate.StateReconnecting
		if st.State == was {
			return
		}
		was = st.State
		// The token ended, or the plan did (Beatcast keeps trying then).
		ended := st.State == heartrate.StateSignedOut && st.Reason.TokenEnded() || st.Reason == heartrate.ReasonPremiumRequired
		if !streaming || !ended {
			return
		}
		if err := w.Notifier.Notify("Beatcast stopped showing your heart rate", st.Message); err != nil {
			w.Log.Info("could not show a desktop notification", "err", err)
		}
	})
}
