package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/beatcast/beatcast/backend/config"
	"github.com/beatcast/beatcast/backend/pulsoid"
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
		pulse := startStrap(50*time.Millisecond, func(n int) int { return 70 + n%20 })
		home, _ := os.MkdirTemp("", "beatcast-bench-")
		signedIn, err := pulse.signIn(home)
		if err != nil {
			pulse.stop()
			return res, err
		}
		probe := filepath.Join(home, "probe.json")
		addr, _ := freeAddr()
		cmd := exec.Command(bin, "--overlay-addr", addr)
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
			"XDG_DATA_HOME="+filepath.Join(home, "data"), "BEATCAST_E2E_PROBE="+probe, "BEATCAST_E2E_PROBE_EVERY=50ms",
			"BEATCAST_E2E_PROBE_SAMPLES=100")
		cmd.Env = append(cmd.Env, signedIn...)
		started := time.Now()
		out, err := cmd.CombinedOutput()
		pulse.stop()
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

// benchToken is the token the bench's fake Pulsoid accepts.
const benchToken = "bench"

// strap is the in-project fake Pulsoid with the bench's token, and a
// strap that sends a beat every interval, the nth at bpm(n).
type strap struct {
	fake *pulsoidtest.Server
	stop func()
}

func startStrap(every time.Duration, bpm func(n int) int) *strap {
	fake := pulsoidtest.New(noCleanup{})
	fake.AddToken(benchToken)
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-tick.C:
				fake.Send(bpm(n), time.Now().UnixMilli())
			}
		}
	}()
	return &strap{fake: fake, stop: func() { close(done); fake.Close() }}
}

// startSteadyPulse is a strap that sends once a second a rate that
// averages 75 BPM, so a window that beats at the rate draws as many thumps
// as the baselines' heart (75 BPM; the demo's rate wanders between 60 and
// 120 and took the comparison with it), and that changes every second
// (74, 75, 76, 75, …), as the baselines' number does.
func startSteadyPulse() *strap {
	return startStrap(time.Second, func(n int) int { return []int{74, 75, 76, 75}[n%4] })
}

// signIn keeps the bench's token under home, as a streamer's kept sign-in,
// and returns the environment that points Beatcast at this fake.
func (s *strap) signIn(home string) ([]string, error) {
	paths := config.Paths{ConfigDir: filepath.Join(home, "config", "beatcast"), DataDir: filepath.Join(home, "data", "beatcast")}
	if err := config.SaveToken(paths, pulsoid.Token(benchToken), "device"); err != nil {
		return nil, err
	}
	return []string{"BEATCAST_PULSOID_API_URL=" + s.fake.URL, "BEATCAST_PULSOID_AUTH_URL=" + s.fake.URL}, nil
}

type desktopWindow struct {
	name  string
	argv  []string
	pulse *strap
	env   []string // more of its environment
	// lessMotion turns the desktop's animations off (GTK's
	// gtk-enable-animations), which pages see as prefers-reduced-motion.
	lessMotion bool
}

// measureWindows measures each window once a round, the windows in turn,
// and reports each by the median of its rounds: on a shared machine the
// load drifts over minutes, and one long measurement of each window after
// the other put the drift between them.
func measureWindows(windows []desktopWindow, env []string, display string, rounds int, window time.Duration) ([]desktopResult, error) {
	runs := make([][]desktopResult, len(windows))
	for round := 1; round <= rounds; round++ {
		for i, w := range windows {
			log.Printf("desktop, round %d of %d: %s for %v", round, rounds, w.name, window)
			r, err := runDesktop(w, env, display, 10*time.Second, window)
			if err != nil {
				return nil, err
			}
			log.Printf("  %d processes, RSS %.0f MiB, PSS %.0f MiB, CPU %.2f %%, %.2f frames/s of %.0f pixels",
				r.Processes, r.RSSMiB, r.PSSMiB, r.CPUPercent, r.Screen.PerSecond, r.Screen.PixelsPerFrame)
			runs[i] = append(runs[i], r)
		}
	}
	out := make([]desktopResult, len(windows))
	for i, rs := range runs {
		out[i] = medianOfRounds(rs)
	}
	return out, nil
}

// medianOfRounds is the round with the median CPU, with every round's CPU
// kept beside it so the report can show the spread.
func medianOfRounds(rs []desktopResult) desktopResult {
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b desktopResult) int { return cmp.Compare(a.CPUPercent, b.CPUPercent) })
	m := sorted[len(sorted)/2]
	m.Rounds = nil
	for _, r := range rs {
		m.Rounds = append(m.Rounds, r.CPUPercent)
	}
	return m
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
	Seconds       float64 `json:"seconds"` // of one round
	// Rounds is the CPU of each round, in the order measured; the other
	// fields are the median round's.
	Rounds []float64 `json:"rounds_cpu_percent,omitempty"`
	// Screen is what the window drew over the measured part: on this
	// software-rendered screen each frame costs both processes.
	Screen screenFrames `json:"screen"`
}

// runDesktop runs a window for warmup+measure and reports the whole
// process tree (the app and WebKit's processes) over the measured part.
// With a pulse (non-nil) the window is signed in to that strap's fake
// Pulsoid with a kept token, as a streamer's is.
func runDesktop(w desktopWindow, env []string, display string, warmup, measure time.Duration) (desktopResult, error) {
	var err error
	for attempt := 1; attempt <= 5; attempt++ {
		var res desktopResult
		if res, err = runDesktopOnce(w, env, display, warmup, measure); err == nil {
			return res, nil
		}
		log.Printf("  %s, attempt %d: %v", w.name, attempt, err)
		time.Sleep(3 * time.Second)
	}
	return desktopResult{}, err
}

// runDesktopOnce is one try: on this shared machine a window now and then
// never gets as far as starting WebKit.
func runDesktopOnce(w desktopWindow, env []string, display string, warmup, measure time.Duration) (desktopResult, error) {
	res := desktopResult{Name: w.name, Seconds: measure.Seconds()}
	home, _ := os.MkdirTemp("", "beatcast-bench-")
	defer os.RemoveAll(home)
	if w.pulse != nil {
		signedIn, err := w.pulse.signIn(home)
		if err != nil {
			return res, err
		}
		env = append(env, signedIn...)
	}
	if w.lessMotion {
		gtk := filepath.Join(home, "config", "gtk-3.0")
		if err := os.MkdirAll(gtk, 0o755); err != nil {
			return res, err
		}
		if err := os.WriteFile(filepath.Join(gtk, "settings.ini"), []byte("[Settings]\ngtk-enable-animations=false\n"), 0o644); err != nil {
			return res, err
		}
	}
	cmd := exec.Command(w.argv[0], w.argv[1:]...)
	// NO_AT_BRIDGE: no accessibility bus, whose helper processes would run
	// outside the measured process tree.
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "NO_AT_BRIDGE=1")
	cmd.Env = append(cmd.Env, env...)
	cmd.Env = append(cmd.Env, w.env...)
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
