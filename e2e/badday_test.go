//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// The real binary, headless, against a Pulsoid having a bad day (issue #11).

// waitLog waits for stderr to match re.
func (b *beatcast) waitLog(t *testing.T, re string) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if m := rx.FindString(b.log()); m != "" {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("stderr never matched %q:\n%s", re, b.log())
	return ""
}

func TestStartsWithoutNetworkRecoverWhenPulsoidAnswers(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		// then makes the stream live once Pulsoid answers
		then func(*testing.T, *pulsoidtest.Server, *beatcast)
	}{
		{"BEATCAST_TOKEN", []string{"BEATCAST_TOKEN=env-token"}, func(t *testing.T, fake *pulsoidtest.Server, b *beatcast) {}},
		{"headless sign-in", nil, func(t *testing.T, fake *pulsoidtest.Server, b *beatcast) {
			b.waitLog(t, `device_authorization_consent\?user_code=`)
			fake.Approve()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := pulsoidtest.New(t)
			fake.AddToken("env-token")
			fake.FailFor(pulsoidtest.AnyRoute, 4*time.Second, pulsoidtest.HangUp)
			b := startHeadless(t, fake, t.TempDir(), tc.env...)
			b.waitLog(t, `Can't reach Pulsoid\. Check your internet connection\. Retrying in \d s`)
			s := b.waitFor(t, "reconnecting", func(s state) bool { return s.Status.State == "reconnecting" })
			if !strings.HasPrefix(s.Status.Message, "Can't reach Pulsoid.") || s.Status.RetryAt == 0 {
				t.Errorf("status %+v, want why in words and when in retry_at", s.Status)
			}
			tc.then(t, fake, b)
			for !fake.AwaitConnections(1, 100*time.Millisecond) {
				fake.Approve() // harmless when no sign-in waits; the next poll may come 3 s later
			}
			fake.Send(91, 1)
			b.waitFor(t, "live once Pulsoid answers", func(s state) bool { return s.Status.State == "live" && s.Beat != nil })
		})
	}
}

func TestRefusedEnvTokenSignsOutWithItsReasonThenSignsIn(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	b := startHeadless(t, fake, t.TempDir(), "BEATCAST_TOKEN=mistyped")
	b.waitLog(t, `state=signed_out reason=token_revoked`)
	b.waitFor(t, "a device sign-in, by itself", func(s state) bool { return s.Status.State == "signing_in" })
	b.waitLog(t, `device_authorization_consent\?user_code=`)
}

func TestSIGTERMWhileARequestHangsExitsWithinASecond(t *testing.T) {
	t.Parallel()
	fake := pulsoidtest.New(t)
	fake.Fail(pulsoidtest.RouteDevice, 1, pulsoidtest.Stall)
	b := startHeadless(t, fake, t.TempDir())
	for fake.Calls(pulsoidtest.RouteDevice) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the request is in flight, hanging
	began := time.Now()
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	err := b.cmd.Wait()
	if took := time.Since(began); took > time.Second {
		t.Errorf("exited %v after SIGTERM, want within 1 s", took)
	}
	if err != nil {
		t.Errorf("exit: %v, want 0\n%s", err, b.log())
	}
}
