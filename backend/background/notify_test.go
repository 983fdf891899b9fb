package background

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

type notes struct {
	mu   sync.Mutex
	sent []string
}

func (n *notes) Notify(title, body string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, title+": "+body)
	return nil
}

func (n *notes) got() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.sent...)
}

func TestASignInThatEndsMidStreamIsNotifiedAndShownInTheTray(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := hub.New()
		n, tray := &notes{}, &fakeTray{}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go Warnings{Notifier: n, Log: testkit.Quiet}.Follow(ctx, h)
		go Follow(ctx, h, tray)
		publish := func(st heartrate.Status) { h.PublishStatus(st); synctest.Wait() }

		// Signing out by hand, or starting signed out, is nothing to warn about.
		publish(heartrate.Status{State: heartrate.StateSignedOut, Reason: heartrate.ReasonNotSignedIn})
		publish(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
		publish(heartrate.Status{State: heartrate.StateSignedOut, Reason: heartrate.ReasonSignedOutByUser, Message: "You signed out."})
		if got := n.got(); len(got) != 0 {
			t.Fatalf("notified %q", got)
		}
		publish(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
		expired := "Your Pulsoid sign-in has expired. Sign in again."
		publish(heartrate.Status{State: heartrate.StateSignedOut, Reason: heartrate.ReasonTokenExpired, Message: expired})
		if got := n.got(); len(got) != 1 || got[0] != "Beatcast stopped showing your heart rate: "+expired {
			t.Errorf("notified %q, want one with what to do", got)
		}
		tray.mu.Lock()
		last := tray.shown[len(tray.shown)-1]
		tray.mu.Unlock()
		if last != "Signed out: the Pulsoid sign-in expired" {
			t.Errorf("the tray says %q", last)
		}

		// A plan that lapses mid-stream: Beatcast keeps trying, and says why once.
		publish(heartrate.Status{State: heartrate.StateLive, Source: "pulsoid"})
		plan := "This Pulsoid account needs Pulsoid's paid plan (BRO) for this."
		for range 3 {
			publish(heartrate.Status{State: heartrate.StateReconnecting, Reason: heartrate.ReasonPremiumRequired, Message: plan})
		}
		if got := n.got(); len(got) != 2 || got[1] != "Beatcast stopped showing your heart rate: "+plan {
			t.Errorf("notified %q, want the plan said once", got)
		}
		tray.mu.Lock()
		last = tray.shown[len(tray.shown)-1]
		tray.mu.Unlock()
		if last != "Waiting: needs Pulsoid's paid plan" {
			t.Errorf("the tray says %q", last)
		}
	})
}
