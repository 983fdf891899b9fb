package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// startXvfb starts a virtual screen and returns its DISPLAY and a stop func.
func startXvfb() (string, func(), error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		return "", nil, fmt.Errorf("Xvfb: %w", err)
	}
	w.Close()
	buf := make([]byte, 16)
	n, err := r.Read(buf)
	r.Close()
	if err != nil {
		_ = x.Process.Kill()
		return "", nil, fmt.Errorf("Xvfb did not say its display: %w", err)
	}
	display := ":" + strings.TrimSpace(string(buf[:n]))
	return display, func() { _ = x.Process.Kill(); _ = x.Wait() }, nil
}

type coldStartResult struct {
	Runs     []float64 `json:"runs_ms"`
	MedianMs float64   `json:"median_ms"`
}

// runColdStart starts the window with a kept token against the fake
// Pulsoid, which sends a beat every 50 ms, and measures from exec to the
// first sample in which the page shows a BPM (sampled every 50 ms).
func runColdStart(bin, display string, runs int) (coldStartResult, error) {
	var res coldStartResult
	bpmShown := regexp.MustCompile(`(?m)^\d{2,3}\nBPM$`)
	for i := 0; i < runs; i++ {
		fake := pulsoidtest.New(noCleanup{})
		fake.AddToken("bench")
		stop := make(chan struct{})
		go func() {
			for seq := 0; ; seq++ {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					fake.Send(70+seq%20, time.Now().UnixMilli())
				}
			}
		}()
		home, _ := os.MkdirTemp("", "beatcast-bench-")
		paths := config.Paths{ConfigDir: filepath.Join(home, "config", "beatcast"), DataDir: filepath.Join(home, "data", "beatcast")}
		if err := config.SaveToken(paths, "bench", "device"); err != nil {
			return res, err
		}
		probe := filepath.Join(home, "probe.json")
		addr, _ := freeAddr()
		cmd := exec.Command(bin, "--overlay-addr", addr)
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
			"XDG_DATA_HOME="+filepath.Join(home, "data"), "BEATCAST_PULSOID_API_URL="+fake.URL, "BEATCAST_PULSOID_AUTH_URL="+fake.URL,
			"BEATCAST_E2E_PROBE="+probe, "BEATCAST_E2E_PROBE_EVERY=50ms", "BEATCAST_E2E_PROBE_SAMPLES=100")
		started := time.Now()
		out, err := cmd.CombinedOutput()
		close(stop)
		fake.Close()
		if err != nil {
			return res, fmt.Errorf("cold start run %d: %v\n%s", i+1, err, out)
		}
		var samples []struct {
			At   int64  `json:"at"`
			Text string `json:"text"`
		}
		data, _ := os.ReadFile(probe)
		os.RemoveAll(home)
		if err := json.Unmarshal(data, &samples); err != nil {
			return res, fmt.Errorf("cold start run %d: no probe samples: %v", i+1, err)
		}
		found := false
		for _, s := range samples {
			if bpmShown.MatchString(s.Text) {
				res.Runs = append(res.Runs, float64(s.At-started.UnixMilli()))
				found = true
				break
			}
		}
		if !found {
			return res, fmt.Errorf("cold start run %d: no BPM on screen within %d samples", i+1, len(samples))
		}
	}
	sorted := append([]float64(nil), res.Runs...)
	sort.Float64s(sorted)
	res.MedianMs = sorted[len(sorted)/2]
	return res, nil
}

type desktopResult struct {
	Name       string  `json:"name"`
	Processes  int     `json:"processes"`
	RSSMiB     float64 `json:"rss_mib"`
	PSSMiB     float64 `json:"pss_mib"`
	CPUPercent float64 `json:"cpu_percent"` // of one core, averaged
	Seconds    float64 `json:"seconds"`
}

// runDesktop runs a window for warmup+measure and reports the whole
// process tree (the app and WebKit's processes) over the measured part.
func runDesktop(name string, argv []string, display string, warmup, measure time.Duration) (desktopResult, error) {
	res := desktopResult{Name: name, Seconds: measure.Seconds()}
	home, _ := os.MkdirTemp("", "beatcast-bench-")
	defer os.RemoveAll(home)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return res, err
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	}()
	time.Sleep(warmup)
	before := treeUsage(cmd.Process.Pid)
	time.Sleep(measure)
	after := treeUsage(cmd.Process.Pid)
	if after.Processes < 2 {
		return res, fmt.Errorf("%s: expected the app and WebKit processes, found %d", name, after.Processes)
	}
	res.Processes = after.Processes
	res.RSSMiB = float64(after.RSSKiB) / 1024
	res.PSSMiB = float64(after.PSSKiB) / 1024
	res.CPUPercent = (after.CPU - before.CPU).Seconds() / measure.Seconds() * 100
	return res, nil
}
