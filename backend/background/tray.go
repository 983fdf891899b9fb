//go:build linux || windows

package background

import (
	"log/slog"
	"runtime"
	"sync"

	"fyne.io/systray"
)

// systrayTray is the Tray on fyne.io/systray: a StatusNotifierItem over
// D-Bus on Linux, a notification-area icon on Windows.
type systrayTray struct {
	status *systray.MenuItem
	once   sync.Once
}

// StartTray shows the tray icon (a PNG of at most 256 pixels a side) with
// menu m, or reports false when this
// desktop has nowhere to show one (Linux without a StatusNotifierWatcher:
// GNOME without the AppIndicator extension, a bare X server).
func StartTray(log *slog.Logger, icon []byte, m Menu) (Tray, bool) {
	if !trayHostAvailable() {
		log.Info("this desktop shows no tray icons: Beatcast minimises instead of hiding in the background")
		return nil, false
	}
	t := &systrayTray{}
	ready := make(chan struct{})
	go func() {
		// Its own thread, with its own message loop on Windows: the tray
		// works whether or not Wails' window and loop exist.
		runtime.LockOSThread()
		if m.Show != nil {
			// Before Run: Linux reads it while onReady runs alongside.
			systray.SetOnTapped(m.Show)
		}
		systray.Run(func() {
			if runtime.GOOS == "windows" {
				systray.SetIcon(pngICO(icon))
			} else {
				systray.SetIcon(icon)
			}
			systray.SetTitle("Beatcast")
			systray.SetTooltip("Beatcast")
			t.status = systray.AddMenuItem("Starting…", "What Beatcast is doing")
			t.status.Disable()
			systray.AddSeparator()
			var show *systray.MenuItem
			if m.Show != nil {
				show = systray.AddMenuItem("Show Beatcast", "Bring the window back")
			}
			quit := systray.AddMenuItem("Quit Beatcast", "Stop showing your heart rate and quit")
			close(ready)
			go func() {
				var shown <-chan struct{}
				if show != nil {
					shown = show.ClickedCh
				}
				for {
					select {
					case <-shown:
						m.Show()
					case <-quit.ClickedCh:
						m.Quit()
						return
					}
				}
			}()
		}, nil)
	}()
	<-ready
	return t, true
}

func (t *systrayTray) SetStatus(text string) {
	systray.SetTooltip("Beatcast · " + text)
	t.status.SetTitle(text)
}

func (t *systrayTray) Close() { t.once.Do(systray.Quit) }
