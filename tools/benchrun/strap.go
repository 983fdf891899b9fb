package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/ble/blueztest"
)

// strapLatencyResult is one row of the strap's table: from the strap's
// notification (the simulated BlueZ's D-Bus signal) to n /ws clients,
// beside the Pulsoid path's figure at n measured just before.
type strapLatencyResult struct {
	Clients   int           `json:"clients"`
	Beats     int           `json:"beats"`
	P50       float64       `json:"p50_ms"`
	P99       float64       `json:"p99_ms"`
	Max       float64       `json:"max_ms"`
	Delivered float64       `json:"delivered"`
	Pulsoid   latencyResult `json:"pulsoid"`
}

// simulatedStrap is a simulated BlueZ with a Polar H10 in range.
type simulatedStrap struct {
	bz    *blueztest.BlueZ
	strap *blueztest.Strap
	t     *benchT
}

func startSimulatedStrap() *simulatedStrap {
	t := &benchT{}
	bz := blueztest.Start(t)
	bz.AddAdapter(t)
	s := bz.AddStrap(t, blueztest.StrapSpec{Name: "Polar H10 1A2B3C4D", Address: "A0:9E:1A:00:00:01", Battery: 90})
	return &simulatedStrap{bz: bz, strap: s, t: t}
}

func (s *simulatedStrap) stop() { s.t.done() }

// notify sends one Heart Rate Measurement of bpm (uint8, contact
// detected, one RR-interval).
func (s *simulatedStrap) notify(bpm int) error {
	return s.strap.Send([]byte{0x16, byte(bpm), 0x40, 0x03})
}

// beatAt sends the pulse a strap sends: bpm(n) every interval, until stop.
func (s *simulatedStrap) beatAt(every time.Duration, bpm func(n int) int) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-tick.C:
				_ = s.notify(bpm(n))
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// runStrapLatency runs `beatcast --headless --ble` on the simulated
// strap and n /ws clients; each notification's number rides in its BPM
// (60 + its index), so every client knows which it received.
func runStrapLatency(bin string, n, beats int, rate float64) (strapLatencyResult, error) {
	res := strapLatencyResult{Clients: n, Beats: beats}
	if beats > 180 {
		return res, fmt.Errorf("at most 180 numbered beats (BPM 60 to 239)")
	}
	s := startSimulatedStrap()
	defer s.stop()
	addr, err := freeAddr()
	if err != nil {
		return res, err
	}
	home, err := os.MkdirTemp("", "beatcast-bench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(home)
	cmd := exec.Command(bin, "--headless", "--ble", "--overlay-addr", addr)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"), s.bz.Env())
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	// Until it is live from the strap (a rate outside the numbered ones).
	for deadline := time.Now().Add(30 * time.Second); !liveAt(addr); time.Sleep(100 * time.Millisecond) {
		_ = s.notify(250)
		if time.Now().After(deadline) {
			return res, fmt.Errorf("beatcast never went live from the simulated strap")
		}
	}

	recv := make([][]time.Time, n)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	conns := make([]*websocket.Conn, n)
	for i := range conns {
		c, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws", nil)
		if err != nil {
			return res, fmt.Errorf("client %d: %w", i, err)
		}
		c.SetReadLimit(1 << 20)
		conns[i], recv[i] = c, make([]time.Time, beats)
		wg.Go(func() {
			for {
				_, data, err := c.Read(ctx)
				if err != nil {
					return
				}
				at := time.Now()
				var m struct {
					Type string `json:"type"`
					BPM  int    `json:"bpm"`
				}
				if json.Unmarshal(data, &m) != nil || m.Type != "heart_rate" {
					continue
				}
				if seq := m.BPM - 60; seq >= 0 && seq < beats && recv[i][seq].IsZero() {
					recv[i][seq] = at
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond) // each client has its replay
	sent := make([]time.Time, beats)
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for seq := range beats {
		time.Sleep(time.Until(start.Add(time.Duration(seq) * interval)))
		sent[seq] = time.Now()
		if err := s.notify(60 + seq); err != nil {
			return res, err
		}
	}
	time.Sleep(time.Second)
	cancel()
	for _, c := range conns {
		c.CloseNow()
	}
	wg.Wait()
	var lat []float64
	for i := range recv {
		for seq, at := range recv[i] {
			if !at.IsZero() {
				lat = append(lat, float64(at.Sub(sent[seq]).Microseconds())/1000)
			}
		}
	}
	res.Delivered = float64(len(lat)) / float64(n*beats)
	if len(lat) > 0 {
		sort.Float64s(lat)
		res.P50, res.P99, res.Max = percentile(lat, 0.5), percentile(lat, 0.99), lat[len(lat)-1]
	}
	return res, nil
}

// liveAt says whether the Beatcast serving addr is live.
func liveAt(addr string) bool {
	resp, err := http.Get("http://" + addr + "/api/state")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var s struct {
		Status struct{ State string } `json:"status"`
	}
	return json.Unmarshal(body, &s) == nil && s.Status.State == "live"
}
