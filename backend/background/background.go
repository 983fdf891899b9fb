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
	if st.Source == heartrate.SourceBLE {
		return describeStrap(st, beat)
	}
	switch st.State {
	case heartrate.StateLive:
		if beat != nil {
			if st.Source == heartrate.SourceDemo {
				return fmt.Sprintf("Demo · %d BPM", beat.BPM)
			}
			return fmt.Sprintf("Live · %d BPM", beat.BPM)
		}
		return "Live"
	case heartrate.StateNoSignal:
		return "No signal from the strap"
	case heartrate.StateReconnecting:
		if st.Reason == heartrate.ReasonPremiumRequired {
			return "Waiting: needs Pulsoid's paid plan"
		}
		return "Reconnecting to Pulsoid"
	case heartrate.StateConnecting:
		return "Connecting"
	case heartrate.StateSigningIn:
		return "Waiting for you to approve Beatcast"
	default:
		return signedOut(st.Reason)
	}
}

// describeStrap says a strap's status in a few words: its name, its
// battery, and what to do when it cannot be read.
func describeStrap(st heartrate.Status, beat *heartrate.Beat) string {
	name := "your strap"
	if st.Device != nil && st.Device.Name != "" {
		name = st.Device.Name
	}
	switch {
	case st.State == heartrate.StateLive && beat != nil:
		text := fmt.Sprintf("Live · %d BPM · %s", beat.BPM, name)
		if st.Device != nil && st.Device.Battery != nil {
			text += fmt.Sprintf(" · battery %d %%", *st.Device.Battery)
		}
		return text
	case st.Reason == heartrate.ReasonNoContact:
		return name + " is not touching your skin"
	case st.State == heartrate.StateNoSignal:
		return "No signal from " + name
	case st.Reason == heartrate.ReasonStrapLost:
		return name + " lost: looking again"
	case st.Reason == heartrate.ReasonNoAdapter:
		return "No Bluetooth adapter"
	case st.Reason == heartrate.ReasonBluetoothOff:
		return "Bluetooth is off: turn it on"
	case st.Reason == heartrate.ReasonBluetoothDenied:
		return "Bluetooth not allowed for Beatcast"
	case st.Reason == heartrate.ReasonNoBluetooth:
		return "No Bluetooth in this build"
	case st.Reason == heartrate.ReasonBluetoothStopped:
		return "Bluetooth restarted: looking for " + name
	}
	return "Looking for " + name
}

// signedOut says in a few words why nothing streams.
func signedOut(r heartrate.Reason) string {
	switch r {
	case heartrate.ReasonTokenExpired:
		return "Signed out: the Pulsoid sign-in expired"
	case heartrate.ReasonTokenRevoked, heartrate.ReasonTokenRejected:
		return "Signed out: Pulsoid refused the sign-in"
	case heartrate.ReasonMissingScope:
		return "Signed out: the token cannot read heart rate"
	}
	return "Signed out"
}

// Follow keeps the tray's status up to date with the hub until ctx ends.
// The tray shows the newest state, so a slow tray skips the rest.
func Follow(ctx context.Context, h *hub.Hub, tray Tray) {
	shown := ""
	h.FollowFunc(ctx, nil, func(snap heartrate.Snapshot) {
		if text := Describe(snap.Status, snap.Beat); text != shown {
			shown = text
			tray.SetStatus(text)
		}
	})
}

// TrayOutput is the tray as one of the service's outputs: it follows the
// hub once the tray has started (Attach), and never if none does.
type TrayOutput struct{ attached chan Tray }

// NewTrayOutput returns an output waiting for its tray.
func NewTrayOutput() *TrayOutput { return &TrayOutput{attached: make(chan Tray, 1)} }

// Attach gives the output its tray; call it once.
func (o *TrayOutput) Attach(t Tray) { o.attached <- t }

// Follow shows the stream in the tray from Attach until ctx ends.
func (o *TrayOutput) Follow(ctx context.Context, h *hub.Hub) {
	select {
	case t := <-o.attached:
		Follow(ctx, h, t)
	case <-ctx.Done():
	}
}
