package feed

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"
)

// PrintToTerminal tells a headless user, in plain words on w, what to do
// while the device sign-in runs, with a reminder of the time left.
func PrintToTerminal(w io.Writer, log *slog.Logger) func(SignIn) {
	var mu sync.Mutex
	var reminder *time.Timer
	return func(si SignIn) {
		mu.Lock()
		defer mu.Unlock()
		if reminder != nil {
			reminder.Stop()
			reminder = nil
		}
		switch si.Phase {
		case PhaseWaiting:
			var remind func()
			remind = func() {
				left := time.Until(time.UnixMilli(si.ExpiresAt)).Round(time.Second)
				if left <= 0 {
					return
				}
				fmt.Fprintf(w, "\nTo show your heart rate, open this link and approve Beatcast on Pulsoid:\n\n    %s\n\n"+
					"The link works for %s more. Beatcast starts streaming as soon as you approve.\n\n", si.URL, plainDuration(left))
				mu.Lock()
				reminder = time.AfterFunc(min(2*time.Minute, left), remind)
				mu.Unlock()
			}
			go remind()
		case PhaseFailed:
			fmt.Fprintf(w, "\nSigning in to Pulsoid did not finish: %s\n\n", si.Message)
		}
		if si.Offline {
			log.Warn("can't reach Pulsoid right now; still waiting for the sign-in")
		}
	}
}

// plainDuration says d the way a person would: "9 minutes 30 seconds".
func plainDuration(d time.Duration) string {
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case m == 0:
		return unit(s, "second")
	case s == 0:
		return unit(m, "minute")
	default:
		return unit(m, "minute") + " " + unit(s, "second")
	}
}
