//go:build bench

// Package recoverysim measures recovery after Pulsoid outages on a
// simulated clock, for make bench: the whole path — fake Pulsoid → the
// Pulsoid source → monitor → hub → overlay server → a /ws client — runs in
// a testing/synctest bubble on an in-memory network, so a ten-minute outage
// takes milliseconds. Network time is zero here; the real-clock trials in
// benchrun (10 s and 60 s) show what loopback adds.
//
//	go test -tags bench ./tools/benchrun/recoverysim -out build/bench/recovery-sim.json
package recoverysim

import (
	"context"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/pulsoid"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
	"github.com/beatcast/beatcast/backend/service"
	"github.com/beatcast/beatcast/backend/testkit"
	"github.com/beatcast/beatcast/backend/testkit/memnet"
)

var out = flag.String("out", "", "where to write the results as JSON")

type result struct {
	Outage   string    `json:"outage"`
	Clock    string    `json:"clock"`
	TrialsMs []float64 `json:"trials_ms"`
	P50Ms    float64   `json:"p50_ms"`
	MaxMs    float64   `json:"max_ms"`
}

func TestSimulatedRecovery(t *testing.T) {
	var results []result
	for _, outage := range []time.Duration{10 * time.Second, time.Minute, 10 * time.Minute} {
		var ms []float64
		for range 10 {
			synctest.Test(t, func(t *testing.T) { ms = append(ms, trial(t, outage)) })
		}
		s := slices.Clone(ms)
		slices.Sort(s)
		results = append(results, result{Outage: outage.String(), Clock: "simulated", TrialsMs: ms, P50Ms: s[len(s)/2], MaxMs: s[len(s)-1]})
		t.Logf("%v outage: p50 %.0f ms, max %.0f ms", outage, s[len(s)/2], s[len(s)-1])
	}
	if *out != "" {
		data, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// trial returns the milliseconds from Pulsoid answering again to the first
// beat on the overlay client.
func trial(t *testing.T, outage time.Duration) float64 {
	fake := pulsoidtest.NewInMemory(t)
	fake.AddToken("bench")
	overlay := memnet.Listen("127.0.0.1:8765")
	svc, err := service.New(service.Config{Listener: overlay, Log: testkit.Quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = svc.Run(ctx, nil) }()
	svc.Use(ctx, &pulsoid.Realtime{Client: pulsoid.NewClient(fake.URL, fake.Client()), APIURL: fake.URL,
		Token: "bench", HTTP: fake.Client(), Log: testkit.Quiet})

	beats := make(chan time.Time, 1000)
	c, _, err := websocket.Dial(ctx, "ws://127.0.0.1:8765/ws", &websocket.DialOptions{HTTPClient: overlay.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	go func() {
		for {
			_, data, err := c.Read(ctx)
			if err != nil {
				return
			}
			var m struct{ Type string }
			if json.Unmarshal(data, &m) == nil && m.Type == "heart_rate" {
				beats <- time.Now()
			}
		}
	}()
	go func() { // the strap: once a second
		strap := time.NewTicker(time.Second)
		defer strap.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-strap.C:
				fake.Send(72, now.UnixMilli())
			}
		}
	}()
	<-beats // live
	time.Sleep(time.Duration(rand.Int64N(int64(time.Second))))
	fake.FailFor(pulsoidtest.AnyRoute, outage, pulsoidtest.EdgePage(http.StatusServiceUnavailable))
	fake.DropAll()
	answering := time.Now().Add(outage)
	for {
		if at := <-beats; at.After(answering) {
			return float64(at.Sub(answering).Milliseconds())
		}
	}
}
