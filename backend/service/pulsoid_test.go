package service

import (
	"context"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// The whole chain with Pulsoid: fake socket → source → monitor → hub. When
// the strap goes quiet the status turns no_signal within the timeout and
// the overlay feed says so; the next beat makes it live again.
func TestPulsoidSilenceBecomesNoSignalThenLive(t *testing.T) {
	fake := pulsoidtest.New(t)
	fake.AddToken("tok")
	svc, err := New(Config{OverlayAddr: "127.0.0.1:0", SignalTimeout: 300 * time.Millisecond, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { _ = svc.Run(ctx, nil); close(ran) }()
	defer func() { cancel(); <-ran }()
	svc.Use(ctx, &pulsoid.Realtime{Client: pulsoid.NewClient(fake.URL, nil), APIURL: fake.URL, Token: "tok", Log: quiet})
	if !fake.AwaitConnections(1, 3*time.Second) {
		t.Fatal("no socket to the fake")
	}

	sub := svc.Hub.Subscribe()
	defer sub.Close()
	next := func(want heartrate.State) time.Time {
		t.Helper()
		deadline := time.After(3 * time.Second)
		for {
			select {
			case m := <-sub.C():
				if m.Topic == hub.TopicStatus && m.Status.State == want {
					return time.Now()
				}
			case <-deadline:
				t.Fatalf("no %s status within 3s", want)
			}
		}
	}

	fake.Send(72, 1)
	next(heartrate.StateLive)
	silentSince := time.Now()
	at := next(heartrate.StateNoSignal)
	if quiet := at.Sub(silentSince); quiet < 250*time.Millisecond {
		t.Errorf("no_signal after %v of silence, before the 300ms timeout", quiet)
	}
	if b := svc.Hub.Snapshot().Beat; b == nil || b.BPM != 72 {
		t.Fatalf("snapshot beat %+v", b)
	}
	fake.Send(75, 2)
	next(heartrate.StateLive)
}
