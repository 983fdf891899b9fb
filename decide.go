package main

// What the window does, decided without Wails so that it is tested
// (decide_test.go); app.go and main.go act on the answers.

import "strings"

// startMinimised says whether the window starts minimised: --minimised
// hides it in the tray, and without a tray it starts minimised instead, so
// it stays in the taskbar.
func startMinimised(minimised, hasTray bool) bool { return minimised && !hasTray }

// startHidden says whether the window starts hidden in the tray.
func startHidden(minimised, hasTray bool) bool { return minimised && hasTray }

// askBeforeClose says whether closing the window asks first: only while an
// overlay is connected (OBS shows the heart rate), and never when the
// system or the tray is quitting, or a test probe drives the window.
func askBeforeClose(quitting, probe bool, overlayClients int) bool {
	return !quitting && !probe && overlayClients > 0
}

// CloseQuestion is what the window asks when the streamer closes it while
// OBS shows the overlay (service.EventCloseAsked). It is asked in the
// window, not in a native dialog, whose GTK and Windows versions answer
// only Yes or No: the buttons say what they do.
type CloseQuestion struct {
	Message string `json:"message"`
	Keep    string `json:"keep"` // the button that keeps Beatcast on stream
}

// closeQuestion is the question, for a desktop with a tray or without.
func closeQuestion(hasTray bool) CloseQuestion {
	if hasTray {
		return CloseQuestion{Keep: "Keep it running in the tray",
			Message: "OBS is showing your heart rate from Beatcast. Keep Beatcast running in the background so it " +
				"stays on stream? Its icon in the notification area brings this window back."}
	}
	return CloseQuestion{Keep: "Keep it running, minimised",
		Message: "OBS is showing your heart rate from Beatcast. Keep Beatcast running so it stays on stream? " +
			"This desktop has no tray: the window is minimised to the taskbar."}
}

// startNotices are what a person must hear from the start: a settings file
// set aside, an overlay visible beyond this computer, a port that could
// not be opened.
func startNotices(setAside []string, networkURLs []string, overlayErr error) []string {
	var out []string
	for _, n := range setAside {
		if n != "" {
			out = append(out, n)
		}
	}
	if len(networkURLs) > 0 {
		out = append(out, "Your heart rate is visible to every device on your network at "+strings.Join(networkURLs, " and ")+".")
	}
	if overlayErr != nil {
		out = append(out, overlayErr.Error()+" You can change the port in Settings.")
	}
	return out
}
