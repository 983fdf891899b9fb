package service

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/heartrate"
	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/testkit/memnet"
)

// The whole chain with Pulsoid, in a synctest bubble on an in-memory
// network: fake socket → source → monitor → hub → what an overlay reads.
// When the strap goes quiet the status turns no_signal exactly at the
// timeout; the next beat makes it live again.
func TestPulsoidSilenceBecomesNoSignalThenLive(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := pulsoidtest.NewInMemory(t)
		fake.AddToken("tok")
		svc, err := New(Config{Listener: memnet.Listen("127.0.0.1:8765"), Log: quiet})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go func() { _ = svc.Run(ctx, nil) }()
		svc.Use(ctx, &pulsoid.Realtime{Client: pulsoid.NewClient(fake.URL, fake.Client()), APIURL: fake.URL,
			Token: "tok", HTTP: fake.Client(), Log: quiet})
		overlay := svc.Hub.Subscribe()
		defer overlay.Close()
		synctest.Wait()                   // connected
		shown := func() heartrate.State { // what an overlay that reads now is told
			synctest.Wait()
			var st heartrate.State
			msgs, _ := overlay.Take()
			for _, m := range msgs {
				if m.Status.State != "" {
					st = m.Status.State
				}
			}
			if st == "" {
				st = svc.Hub.Snapshot().Status.State
			}
			return st
		}

		fake.Send(72, 1)
		if st := shown(); st != heartrate.StateLive {
			t.Fatalf("after a beat: %s, want live", st)
		}
		time.Sleep(10*time.Second - time.Millisecond)
		if st := shown(); st != heartrate.StateLive {
			t.Errorf("just before the timeout: %s, want still live", st)
		}
		time.Sleep(time.Millisecond)
		if st := shown(); st != heartrate.StateNoSignal {
			t.Errorf("at the timeout: %s, want no_signal", st)
		}
		if b := svc.Hub.Snapshot().Beat; b == nil || b.BPM != 72 {
			t.Fatalf("snapshot beat %+v", b)
		}
		fake.Send(75, 2)
		if st := shown(); st != heartrate.StateLive {
			t.Errorf("after the next beat: %s, want live", st)
		}
	})
}
