package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// soakSample is the headless process at one point of the soak.
type soakSample struct {
	Beats   int     `json:"beats"`
	RSSMiB  float64 `json:"rss_mib"`
	AnonMiB float64 `json:"anon_mib"` // what Go and C allocated, not mapped files
	Threads int     `json:"threads"`
	Files   int     `json:"files"` // open file descriptors
}

// soakResult is eight hours of a strap's beats sent fast.
type soakResult struct {
	Beats   int          `json:"beats"`
	Rate    float64      `json:"rate"`
	Clients int          `json:"clients"`
	Samples []soakSample `json:"samples"`
}

// runSoak sends beats (8 hours at one a second is 28,800) at rate to
// `beatcast --headless` with everything a long stream has switched on:
// clients on /ws, the stream recorder, the text file, OSC to a socket
// that reads it, a high alert that the rates cross. It samples the
// process every tenth of the run.
func runSoak(bin string, beats int, rate float64, clients int) (soakResult, error) {
	res := soakResult{Beats: beats, Rate: rate, Clients: clients}
	fake := pulsoidtest.New(noCleanup{})
	defer fake.Close()
	fake.AddToken(benchToken)
	osc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	defer osc.Close()
	go func() { // VRChat reading every packet
		buf := make([]byte, 2048)
		for {
			if _, _, err := osc.ReadFrom(buf); err != nil {
				return
			}
		}
	}()

	text := filepath.Join(os.TempDir(), fmt.Sprintf("beatcast-soak-%d.txt", os.Getpid()))
	defer os.Remove(text)
	h, err := startHeadless(bin, fake, "--osc", osc.LocalAddr().String(), "--text-file", text, "--alert-high", "150")
	if err != nil {
		return res, err
	}
	defer h.stop()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < clients; i++ {
		dctx, dcancel := context.WithTimeout(ctx, 10*time.Second)
		c, _, err := websocket.Dial(dctx, "ws://"+h.addr+"/ws", nil)
		dcancel()
		if err != nil {
			return res, fmt.Errorf("client %d: %w", i, err)
		}
		defer c.CloseNow()
		c.SetReadLimit(1 << 20) // the history message grows to the hub's cap
		go func() {
			for {
				if _, _, err := c.Read(ctx); err != nil {
					return
				}
			}
		}()
	}

	pid := h.cmd.Process.Pid
	sample := func(sent int) {
		s := soakSample{Beats: sent, Threads: statusField(pid, "Threads:"), Files: openFiles(pid)}
		s.RSSMiB = float64(statusField(pid, "VmRSS:")) / 1024
		s.AnonMiB = float64(statusField(pid, "RssAnon:")) / 1024
		res.Samples = append(res.Samples, s)
	}
	sample(0)
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for seq := 1; seq <= beats; seq++ {
		time.Sleep(time.Until(start.Add(time.Duration(seq) * interval)))
		// 60–179: above the alert line for a fifth of each two-minute climb.
		fake.Send(60+seq%120, measuredBase+int64(seq)*1000)
		if seq%(beats/10) == 0 {
			sample(seq)
		}
	}
	return res, nil
}

// statusField reads a number (kB for sizes) from /proc/<pid>/status.
func statusField(pid int, name string) int {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok {
			n, _ := strconv.Atoi(strings.Fields(rest + " 0")[0])
			return n
		}
	}
	return 0
}

func openFiles(pid int) int {
	entries, _ := os.ReadDir(filepath.Join("/proc", strconv.Itoa(pid), "fd"))
	return len(entries)
}
