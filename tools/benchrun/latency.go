package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// latencyResult is one row of the added-latency table.
type latencyResult struct {
	Path      string  `json:"path"` // "beatcast" or "direct"
	Clients   int     `json:"clients"`
	Beats     int     `json:"beats"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	Max       float64 `json:"max_ms,omitempty"`
	Delivered float64 `json:"delivered"` // fraction of beats×clients received
	// Headless process usage, for "beatcast" rows.
	RSSMiB        float64 `json:"rss_mib,omitempty"`
	AnonMiB       float64 `json:"anon_mib,omitempty"` // of RSS, what the process allocated (not mapped files)
	CPUPer1000    float64 `json:"cpu_s_per_1000_beats,omitempty"`
	CPUPercentAvg float64 `json:"cpu_percent,omitempty"`
}

// The beat number travels in measured_at, which Beatcast passes through
// untouched, so every client can tell which send it is receiving.
const measuredBase = 1_700_000_000_000

// runLatency sends beats from the in-process fake Pulsoid and receives them
// on n websocket clients, either through a running `beatcast --headless`
// (path "beatcast") or connected straight to the fake's socket (path
// "direct", the floor: one websocket hop on loopback with the same sender).
func runLatency(bin string, path string, n, beats int, rate float64) (latencyResult, error) {
	fake := pulsoidtest.New(noCleanup{})
	defer fake.Close()
	fake.AddToken(benchToken)
	res := latencyResult{Path: path, Clients: n, Beats: beats}

	var target string
	var header http.Header
	var app *exec.Cmd
	if path == "beatcast" {
		h, err := startHeadless(bin, fake)
		if err != nil {
			return res, err
		}
		defer h.stop()
		app = h.cmd
		target = "ws://" + h.addr + "/ws"
	} else {
		target = "ws" + fake.URL[len("http"):] + "/api/v1/data/real_time"
		header = http.Header{"Authorization": {"Bearer bench"}}
	}

	// Connect the clients.
	recv := make([][]time.Time, n)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	conns := make([]*websocket.Conn, n)
	for i := range conns {
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		c, _, err := websocket.Dial(dctx, target, &websocket.DialOptions{HTTPHeader: header})
		dcancel()
		if err != nil {
			return res, fmt.Errorf("client %d: %w", i, err)
		}
		c.SetReadLimit(1 << 16)
		conns[i] = c
		recv[i] = make([]time.Time, beats)
		wg.Add(1)
		go func(i int, c *websocket.Conn) {
			defer wg.Done()
			for {
				_, data, err := c.Read(ctx)
				if err != nil {
					return
				}
				at := time.Now()
				var m struct {
					Type       string `json:"type"`
					MeasuredAt int64  `json:"measured_at"`
					Data       *struct {
						HeartRate int `json:"heart_rate"`
					} `json:"data"`
				}
				if json.Unmarshal(data, &m) != nil {
					continue
				}
				if seq := m.MeasuredAt - measuredBase; seq >= 0 && seq < int64(beats) && recv[i][seq].IsZero() {
					recv[i][seq] = at
				}
			}
		}(i, c)
	}
	if path == "direct" && !fake.AwaitConnections(n, 10*time.Second) {
		return res, fmt.Errorf("direct clients did not all connect")
	}

	var before usage
	if app != nil {
		before = treeUsage(app.Process.Pid)
	}
	sent := make([]time.Time, beats)
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for seq := 0; seq < beats; seq++ {
		time.Sleep(time.Until(start.Add(time.Duration(seq) * interval)))
		sent[seq] = time.Now()
		fake.Send(60+seq%60, measuredBase+int64(seq))
	}
	time.Sleep(time.Second) // let the last beats arrive
	if app != nil {
		after := treeUsage(app.Process.Pid)
		elapsed := time.Since(start).Seconds()
		res.RSSMiB = float64(after.RSSKiB) / 1024
		res.AnonMiB = float64(statusField(app.Process.Pid, "RssAnon:")) / 1024
		cpu := (after.CPU - before.CPU).Seconds()
		res.CPUPer1000 = cpu / float64(beats) * 1000
		res.CPUPercentAvg = cpu / elapsed * 100
	}
	cancel()
	for _, c := range conns {
		c.CloseNow()
	}
	wg.Wait()

	var lat []float64
	got := 0
	for i := range recv {
		for seq, at := range recv[i] {
			if !at.IsZero() {
				got++
				lat = append(lat, float64(at.Sub(sent[seq]).Microseconds())/1000)
			}
		}
	}
	res.Delivered = float64(got) / float64(n*beats)
	if len(lat) > 0 {
		sort.Float64s(lat)
		res.P50 = percentile(lat, 0.50)
		res.P99 = percentile(lat, 0.99)
		res.Max = lat[len(lat)-1]
	}
	return res, nil
}

func percentile(sorted []float64, p float64) float64 {
	i := int(p*float64(len(sorted)-1) + 0.5)
	return sorted[i]
}

// headless is a running `beatcast --headless` signed in to a fake Pulsoid
// with benchToken, in a home of its own.
type headless struct {
	cmd  *exec.Cmd
	addr string // where it serves the overlay
	home string // its files (removed by stop)
}

// startHeadless starts bin with extra flags and waits until it is connected
// to fake.
func startHeadless(bin string, fake *pulsoidtest.Server, extra ...string) (*headless, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	home, err := os.MkdirTemp("", "beatcast-bench-")
	if err != nil {
		return nil, err
	}
	h := &headless{addr: addr, home: home}
	h.cmd = exec.Command(bin, append([]string{"--headless", "--overlay-addr", addr}, extra...)...)
	h.cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"BEATCAST_PULSOID_API_URL="+fake.URL, "BEATCAST_PULSOID_AUTH_URL="+fake.URL, "BEATCAST_TOKEN="+benchToken)
	if err := h.cmd.Start(); err != nil {
		os.RemoveAll(home)
		return nil, err
	}
	if !fake.AwaitConnections(1, 10*time.Second) {
		h.stop()
		return nil, fmt.Errorf("beatcast never connected to the fake Pulsoid")
	}
	return h, nil
}

func (h *headless) stop() {
	_ = h.cmd.Process.Signal(os.Interrupt)
	_ = h.cmd.Wait()
	os.RemoveAll(h.home)
}
