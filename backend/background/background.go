// Package background is how Beatcast lives outside its window: a
// notification-area (tray) icon that shows the stream's status with Show
// and Quit, and starting with the computer. The tray uses fyne.io/systray,
// which runs its own loop on a thread of its own, so it works beside
// Wails' window or without one. Windows-only and Linux-only code sits
// behind the Tray and Autostart interfaces.
package background

import (
	"context"
	"fmt"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
)

// Tray is the notification-area icon.
type Tray interface {
	// SetStatus shows the stream's status in the icon's tooltip and menu.
	SetStatus(text string)
	// Close removes the icon.
	Close()
}

// Menu is what the tray's items do.
type Menu struct {
	Show func() // bring the window back (nil: there is no window)
	Quit func()
}

// Describe says the stream's status in a few words, for the tray.
func Describe(st heartrate.Status, beat *heartrate.Beat) string {
	switch st.State {
	case heartrate.StateLive:
		if beat != nil {
			if st.Source == "demo" {
				return fmt.Sprintf("Demo · %d BPM", beat.BPM)
			}
			return fmt.Sprintf("Live · %d BPM", beat.BPM)
		}
		return "Live"
	case heartrate.StateNoSignal:
		return "No signal from the strap"
	case heartrate.StateReconnecting:
		return "Reconnecting to Pulsoid"
	case heartrate.StateConnecting:
		return "Connecting"
	case heartrate.StateSigningIn:
		return "Waiting for you to approve Beatcast"
	default:
		return "Signed out"
	}
}

// Follow keeps the tray's status up to date with the hub until ctx ends.
// The tray shows the newest state, so a slow tray skips the rest.
func Follow(ctx context.Context, h *hub.Hub, tray Tray) {
	sub := h.Subscribe()
	defer sub.Close()
	shown := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.Ready():
		}
		if _, open := sub.Take(); !open {
			return
		}
		snap := h.Snapshot()
		if text := Describe(snap.Status, snap.Beat); text != shown {
			shown = text
			tray.SetStatus(text)
		}
	}
}
