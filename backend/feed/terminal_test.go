package feed

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/testkit"
)

func TestPlainDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Minute:               "10 minutes",
		9*time.Minute + 30*time.Second: "9 minutes 30 seconds",
		time.Minute + time.Second:      "1 minute 1 second",
		45 * time.Second:               "45 seconds",
	} {
		if got := plainDuration(d); got != want {
			t.Errorf("plainDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTerminalSaysWhereToGoAndHowLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := &testkit.LogBuffer{} // the reminder writes from its own goroutine
		show := PrintToTerminal(out, testkit.Quiet)
		link := "https://pulsoid.net/oauth2/device_authorization_consent?user_code=x"
		show(SignIn{Phase: PhaseWaiting, URL: link, ExpiresAt: time.Now().Add(5 * time.Minute).UnixMilli()})
		synctest.Wait()
		time.Sleep(2 * time.Minute) // the reminder
		synctest.Wait()
		show(SignIn{Phase: PhaseFailed, Message: "The sign-in link expired before it was approved. Start again for a new one."})
		got := out.String()
		for _, want := range []string{"open this link and approve Beatcast", link, "works for 5 minutes more",
			"works for 3 minutes more", "did not finish: The sign-in link expired"} {
			if !strings.Contains(got, want) {
				t.Errorf("terminal output lacks %q:\n%s", want, got)
			}
		}
	})
}
