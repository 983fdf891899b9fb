package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// recoveryResult is one row of the recovery table: how long after Pulsoid
// answered again the first beat reached an overlay client.
type recoveryResult struct {
	Outage    string    `json:"outage"`
	Clock     string    `json:"clock"` // "real" or "simulated"
	TrialsMs  []float64 `json:"trials_ms"`
	P50Ms     float64   `json:"p50_ms"`
	MaxMs     float64   `json:"max_ms"`
	FailedRun int       `json:"failed,omitempty"`
}

func summarise(outage time.Duration, clock string, ms []float64, failed int) recoveryResult {
	s := slices.Clone(ms)
	slices.Sort(s)
	r := recoveryResult{Outage: outage.String(), Clock: clock, TrialsMs: ms, FailedRun: failed}
	if len(s) > 0 {
		r.P50Ms, r.MaxMs = s[len(s)/2], s[len(s)-1]
	}
	return r
}

// runRecovery runs trials of each outage at once, each its own fake Pulsoid
// and `beatcast --headless` with an overlay client: the fake's strap sends
// once a second (each trial at its own phase), the fake answers every
// request with an edge's 503 page for the outage, and the trial measures
// from the moment it answers again to the first beat on the overlay.
func runRecovery(bin string, outages []time.Duration, trials int) []recoveryResult {
	var mu sync.Mutex
	got := map[time.Duration][]float64{}
	failed := map[time.Duration]int{}
	var wg sync.WaitGroup
	for _, outage := range outages {
		for range trials {
			wg.Go(func() {
				ms, err := recoveryTrial(bin, outage)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed[outage]++
					fmt.Fprintf(os.Stderr, "recovery %v: %v\n", outage, err)
					return
				}
				got[outage] = append(got[outage], ms)
			})
		}
	}
	wg.Wait()
	var out []recoveryResult
	for _, o := range outages {
		out = append(out, summarise(o, "real", got[o], failed[o]))
	}
	return out
}

func recoveryTrial(bin string, outage time.Duration) (float64, error) {
	fake := pulsoidtest.New(noCleanup{})
	defer fake.Close()
	fake.AddToken(benchToken)
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	home, _ := os.MkdirTemp("", "beatcast-recovery-")
	defer os.RemoveAll(home)
	app := exec.Command(bin, "--headless", "--overlay-addr", addr)
	app.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"BEATCAST_PULSOID_API_URL="+fake.URL, "BEATCAST_PULSOID_AUTH_URL="+fake.URL, "BEATCAST_TOKEN="+benchToken)
	if err := app.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = app.Process.Signal(os.Interrupt); _ = app.Wait() }()
	if !fake.AwaitConnections(1, 10*time.Second) {
		return 0, fmt.Errorf("beatcast never connected to the fake Pulsoid")
	}

	ctx, cancel := context.WithTimeout(context.Background(), outage+2*time.Minute)
	defer cancel()
	beats := make(chan time.Time, 1000) // arrival of every heart_rate on the overlay
	c, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws", nil)
	if err != nil {
		return 0, err
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
	// The strap: once a second.
	strap := time.NewTicker(time.Second)
	defer strap.Stop()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case t := <-strap.C:
				fake.Send(70+int(t.Unix()%30), t.UnixMilli())
			}
		}
	}()
	if _, err := waitBeat(ctx, beats, time.Time{}); err != nil {
		return 0, fmt.Errorf("never live: %w", err)
	}
	// Start the outage at a random moment between two strap readings, so
	// that it ends at one too.
	time.Sleep(time.Duration(rand.Int64N(int64(time.Second))))
	fake.FailFor(pulsoidtest.AnyRoute, outage, pulsoidtest.EdgePage(http.StatusServiceUnavailable))
	answering := time.Now().Add(outage)
	fake.DropAll()
	at, err := waitBeat(ctx, beats, answering)
	if err != nil {
		return 0, fmt.Errorf("no beat after the outage: %w", err)
	}
	return float64(at.Sub(answering).Microseconds()) / 1000, nil
}

// waitBeat returns the first beat arrival after since.
func waitBeat(ctx context.Context, beats <-chan time.Time, since time.Time) (time.Time, error) {
	for {
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case at := <-beats:
			if at.After(since) {
				return at, nil
			}
		}
	}
}
