// Command benchrun measures Beatcast for docs/BENCHMARKS.md (make bench):
//
//	benchrun measure -bin build/bin/beatcast -empty build/bin/emptywindow -out build/bench/results.json
//	benchrun report -dir build/bench -out docs/BENCHMARKS.md
//
// measure runs the added-latency and headless-resource scenario at 1, 10,
// 100 and 500 overlay clients next to a direct websocket hop, the cold
// start to first beat on screen, and the desktop window next to an empty
// Wails window under Xvfb. report turns those results, the Go benchmarks
// and the browser CPU measurement into Markdown with targets and verdicts.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type noCleanup struct{}

func (noCleanup) Cleanup(func()) {}

// results is everything measure writes.
type results struct {
	Latency   []latencyResult      `json:"latency"`
	ColdStart coldStartResult      `json:"cold_start"`
	Desktop   []desktopResult      `json:"desktop"`
	Recovery  []recoveryResult     `json:"recovery"`
	OBS       *obsResult           `json:"obs,omitempty"`
	Strap     []strapLatencyResult `json:"strap,omitempty"`
	Soak      soakResult           `json:"soak"`
	Started   time.Time            `json:"started"`
	Version   string               `json:"version"` // of the Beatcast measured (scripts/version.sh, at measure time)
	Rate      float64              `json:"rate"`    // beats a second in latency runs
}

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: benchrun measure|report [flags]")
	}
	switch os.Args[1] {
	case "measure":
		measure(os.Args[2:])
	case "report":
		report(os.Args[2:])
	default:
		log.Fatalf("unknown command %q: want measure or report", os.Args[1])
	}
}

func measure(args []string) {
	fs := flag.NewFlagSet("measure", flag.ExitOnError)
	bin := fs.String("bin", "build/bin/beatcast", "the Beatcast binary")
	headlessBin := fs.String("headless-bin", "build/bin/beatcast-headless", "the headless-only build, measured at 100 clients too")
	empty := fs.String("empty", "build/bin/emptywindow", "the empty Wails window (baseline)")
	out := fs.String("out", "build/bench/results.json", "where to write the results")
	beats := fs.Int("beats", 300, "beats per latency run")
	rate := fs.Float64("rate", 20, "beats a second in latency runs")
	window := fs.Duration("window", 15*time.Second, "how long to measure each desktop window in each round")
	rounds := fs.Int("rounds", 5, "rounds of the desktop windows, taken in turn so that the machine's drift falls on all")
	only := fs.String("only", "latency,soak,recovery,coldstart,desktop,obs,strap", "which scenarios to run")
	trials := fs.Int("trials", 10, "trials of each outage in the recovery scenario")
	windows := fs.String("windows", "", "measure only the desktop windows whose name contains this (while trying a change)")
	_ = fs.Parse(args)
	run := func(name string) bool { return strings.Contains(","+*only+",", ","+name+",") }

	res := results{Started: time.Now(), Rate: *rate, Version: command("scripts/version.sh")}
	// Not 1000: the overlay serves at most overlay.MaxConnections (512) at once.
	for _, n := range []int{1, 10, 100, 500} {
		if !run("latency") {
			break
		}
		for _, path := range []string{"direct", "beatcast"} {
			log.Printf("latency: %s, %d clients, %d beats at %.0f/s", path, n, *beats, *rate)
			r, err := runLatency(*bin, path, n, *beats, *rate)
			if err != nil {
				log.Fatalf("latency %s %d: %v", path, n, err)
			}
			log.Printf("  p50 %.3f ms p99 %.3f ms max %.3f ms delivered %.4f rss %.1f MiB", r.P50, r.P99, r.Max, r.Delivered, r.RSSMiB)
			res.Latency = append(res.Latency, r)
		}
	}
	if run("latency") {
		log.Printf("latency: headless-only build, 100 clients")
		r, err := runLatency(*headlessBin, "beatcast", 100, *beats, *rate)
		if err != nil {
			log.Fatalf("latency headless build: %v", err)
		}
		r.Path = "beatcast (headless build)"
		log.Printf("  p50 %.3f ms p99 %.3f ms max %.3f ms delivered %.4f rss %.1f MiB", r.P50, r.P99, r.Max, r.Delivered, r.RSSMiB)
		res.Latency = append(res.Latency, r)
	}

	if run("soak") {
		log.Printf("soak: 8 hours of beats at 200 a second, 10 clients")
		var err error
		if res.Soak, err = runSoak(*bin, 28_800, 200, 10); err != nil {
			log.Fatalf("soak: %v", err)
		}
		for _, s := range res.Soak.Samples {
			log.Printf("  %5d beats: RSS %.1f MiB (anonymous %.1f), %d threads, %d files", s.Beats, s.RSSMiB, s.AnonMiB, s.Threads, s.Files)
		}
	}

	if run("recovery") {
		outages := []time.Duration{10 * time.Second, time.Minute}
		log.Printf("recovery: %d trials each of %v outages, all at once", *trials, outages)
		res.Recovery = runRecovery(*bin, outages, *trials)
		for _, r := range res.Recovery {
			log.Printf("  %s outage: p50 %.0f ms max %.0f ms (%d failed)", r.Outage, r.P50Ms, r.MaxMs, r.FailedRun)
		}
	}

	if run("obs") {
		log.Printf("OBS: 20 crossings of a high alert against real OBS")
		r, err := runOBS(*bin, 20)
		if err != nil {
			log.Fatalf("OBS: %v", err)
		}
		p50, max := p50max(r.SceneMs)
		tp50, tmax := p50max(r.TextMs)
		fp50, fmax := p50max(r.FadeMs)
		log.Printf("  %s: scene p50 %.1f ms max %.1f ms (with a 300 ms Fade: p50 %.1f ms max %.1f ms); text p50 %.1f ms max %.1f ms",
			r.OBS, p50, max, fp50, fmax, tp50, tmax)
		res.OBS = &r
	}

	// The strap beside the Pulsoid path at the same clients, one just after
	// the other, so both meet the same load.
	for _, n := range []int{1, 100} {
		if !run("strap") {
			break
		}
		log.Printf("strap: %d clients, 180 beats at %.0f/s, beside the Pulsoid path", n, *rate)
		p, err := runLatency(*bin, "beatcast", n, 180, *rate)
		if err != nil {
			log.Fatalf("strap's Pulsoid baseline %d: %v", n, err)
		}
		r, err := runStrapLatency(*bin, n, 180, *rate)
		if err != nil {
			log.Fatalf("strap %d: %v", n, err)
		}
		r.Pulsoid = p
		log.Printf("  strap p50 %.3f ms p99 %.3f ms max %.3f ms delivered %.4f; Pulsoid p50 %.3f p99 %.3f",
			r.P50, r.P99, r.Max, r.Delivered, p.P50, p.P99)
		res.Strap = append(res.Strap, r)
	}

	var display string
	if run("coldstart") || run("desktop") {
		d, stopX, err := startXvfb()
		if err != nil {
			log.Fatal(err)
		}
		defer stopX()
		log.Printf("Xvfb on %s", d)
		display = d
	}
	if run("coldstart") {
		log.Printf("cold start: 5 runs on %s", display)
		var err error
		if res.ColdStart, err = runColdStart(*bin, display, 5); err != nil {
			log.Fatal(err)
		}
		log.Printf("  median %.0f ms (%v)", res.ColdStart.MedianMs, res.ColdStart.Runs)
	}
	if run("desktop") {
		bus, stopBus, err := startTrayHost()
		if err != nil {
			log.Fatal(err)
		}
		defer stopBus()
		busEnv := []string{"DBUS_SESSION_BUS_ADDRESS=" + bus}
		// Beatcast's windows are live from a strap at 75 BPM, the rate of
		// the baselines' heart.
		pulse := startSteadyPulse()
		defer pulse.stop()
		// The same pulse from a simulated strap, read over Bluetooth.
		sim := startSimulatedStrap()
		defer sim.stop()
		defer sim.beatAt(time.Second, func(n int) int { return []int{74, 75, 76, 75}[n%4] })()
		// Each row next to its baseline in the round, so that the
		// report's round-by-round differences are minutes apart at most.
		all := []desktopWindow{
			{name: emptyRow, argv: []string{*empty}},
			{name: shownRow, argv: []string{*bin, "--overlay-addr", mustFreeAddr()}, pulse: pulse},
			{name: eventsRow, argv: []string{*empty, "-events"}},
			{name: heartRow, argv: []string{*empty, "-thump"}},
			{name: stillRow, argv: []string{*bin, "--overlay-addr", mustFreeAddr()}, pulse: pulse, lessMotion: true},
			{name: hiddenRow, argv: []string{*empty, "-hidden"}},
			{name: socketRow, argv: []string{*empty, "-hidden", "-pulsoid", pulse.fake.URL}, env: []string{"PULSOID_TOKEN=" + benchToken}},
			{name: trayRow, argv: []string{*bin, "--minimised", "--overlay-addr", mustFreeAddr()}, pulse: pulse},
			{name: strapTrayRow, argv: []string{*bin, "--minimised", "--ble", "--overlay-addr", mustFreeAddr()}, env: []string{sim.bz.Env()}},
		}
		var chosen []desktopWindow
		for _, w := range all {
			if strings.Contains(w.name, *windows) {
				chosen = append(chosen, w)
			}
		}
		if res.Desktop, err = measureWindows(chosen, busEnv, display, *rounds, *window); err != nil {
			log.Fatal(err)
		}
	}

	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	data, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func mustFreeAddr() string {
	a, err := freeAddr()
	if err != nil {
		panic(fmt.Sprint("no free port: ", err))
	}
	return a
}
