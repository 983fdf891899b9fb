package main

import (
	"encoding/json"
	"fmt"
	"log"
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
	"github.com/beatcast/beatcast/backend/testkit"
)

// startXvfb starts a virtual screen and returns its DISPLAY and a stop
// func. Now and then a server on this shared machine never answers: it is
// started again, up to three times.
func startXvfb() (display string, stop func(), err error) {
	for attempt := 1; attempt <= 3; attempt++ {
		if display, stop, err = startXvfbOnce(); err == nil {
			return display, stop, nil
		}
		log.Printf("Xvfb, attempt %d: %v", attempt, err)
	}
	return "", nil, err
}

func startXvfbOnce() (string, func(), error) {
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
	// Wait until the server completes a client's handshake: GTK gives up
	// at once ("failed to init GTK") if it does not yet, and a socket file
	// may be a stale one from a server killed earlier.
	for deadline := time.Now().Add(15 * time.Second); !xReady(display); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = x.Process.Signal(syscall.SIGTERM)
			_ = x.Wait()
			return "", nil, fmt.Errorf("Xvfb on %s does not answer", display)
		}
	}
	// SIGTERM, not SIGKILL: the server removes its socket and lock.
	return display, func() { _ = x.Process.Signal(syscall.SIGTERM); _ = x.Wait() }, nil
}

// xReady reports whether the X server on display completes a client's
// connection setup.
func xReady(display string) bool {
	c, _, _, err := dialX(display)
	if err != nil {
		return false
	}
	c.Close()
	return true
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
	// AppCPUPercent is the app's own process (Go, GTK) of CPUPercent; the
	// rest is WebKit's web and network processes.
	AppCPUPercent float64 `json:"app_cpu_percent"`
	Seconds       float64 `json:"seconds"`
	// Screen is what the window drew over the measured part: on this
	// software-rendered screen each frame costs both processes.
	Screen screenFrames `json:"screen"`
}

// runDesktop runs a window for warmup+measure and reports the whole
// process tree (the app and WebKit's processes) over the measured part.
func runDesktop(name string, argv, env []string, display string, warmup, measure time.Duration) (desktopResult, error) {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var res desktopResult
		if res, err = runDesktopOnce(name, argv, env, display, warmup, measure); err == nil {
			return res, nil
		}
		log.Printf("  %s, attempt %d: %v", name, attempt, err)
		time.Sleep(3 * time.Second)
	}
	return desktopResult{}, err
}

// runDesktopOnce is one try: on this shared machine a window now and then
// never gets as far as starting WebKit.
func runDesktopOnce(name string, argv, env []string, display string, warmup, measure time.Duration) (desktopResult, error) {
	res := desktopResult{Name: name, Seconds: measure.Seconds()}
	home, _ := os.MkdirTemp("", "beatcast-bench-")
	defer os.RemoveAll(home)
	cmd := exec.Command(argv[0], argv[1:]...)
	// NO_AT_BRIDGE: no accessibility bus, whose helper processes would run
	// outside the measured process tree.
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "NO_AT_BRIDGE=1")
	cmd.Env = append(cmd.Env, env...)
	var stderr testkit.LogBuffer // what it says, read while it runs
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return res, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}()
	// WebKit starts its processes when the page loads: on a busy machine
	// that can take a while, and the warm-up counts from there.
	for deadline := time.Now().Add(30 * time.Second); treeUsage(cmd.Process.Pid).Processes < 2; time.Sleep(250 * time.Millisecond) {
		select {
		case <-exited:
			return res, fmt.Errorf("it exited: %s", stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("no WebKit process after 30 s; it said: %s", stderr.String())
		}
	}
	screen, err := watchScreen(display)
	if err != nil {
		return res, err
	}
	defer screen.Close()
	time.Sleep(warmup)
	screen.reset()
	before, appBefore := treeUsage(cmd.Process.Pid), cpuTime(cmd.Process.Pid)
	time.Sleep(measure)
	after, appAfter := treeUsage(cmd.Process.Pid), cpuTime(cmd.Process.Pid)
	if res.Screen, err = screen.count(measure); err != nil {
		return res, err
	}
	if after.Processes < 2 {
		return res, fmt.Errorf("expected the app and WebKit processes, found %d; it said: %s", after.Processes, stderr.String())
	}
	res.Processes = after.Processes
	res.RSSMiB = float64(after.RSSKiB) / 1024
	res.PSSMiB = float64(after.PSSKiB) / 1024
	res.CPUPercent = (after.CPU - before.CPU).Seconds() / measure.Seconds() * 100
	res.AppCPUPercent = (appAfter - appBefore).Seconds() / measure.Seconds() * 100
	return res, nil
}
