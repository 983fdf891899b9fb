package session

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
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
	out := &lockedBuffer{} // the reminder writes from its own goroutine
	show := PrintToTerminal(out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	show(SignIn{Phase: "waiting", URL: "https://pulsoid.net/activate?code=x", ExpiresAt: time.Now().Add(5*time.Minute + 500*time.Millisecond).UnixMilli()})
	deadline := time.Now().Add(time.Second)
	for !strings.Contains(out.String(), "works for") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	show(SignIn{Phase: "failed", Message: "The sign-in link expired before it was approved. Start again for a new one."})
	got := out.String()
	for _, want := range []string{"open this link and approve Beatcast", "https://pulsoid.net/activate?code=x", "works for 5 minutes more", "did not finish: The sign-in link expired"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, got)
		}
	}
}
