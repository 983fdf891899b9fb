package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// overlayCPU is what frontend/e2e/bench-overlay-cpu.mjs writes.
type overlayCPU struct {
	Seconds float64 `json:"seconds"`
	Blank   float64 `json:"blank_cpu_percent"`
	Heart   float64 `json:"heart_cpu_percent"`
}

func report(args []string) {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	dir := fs.String("dir", "build/bench", "where measure and the other steps left their results")
	out := fs.String("out", "docs/BENCHMARKS.md", "the Markdown file to write")
	_ = fs.Parse(args)

	var res results
	mustJSON(filepath.Join(*dir, "results.json"), &res)
	var cpu overlayCPU
	mustJSON(filepath.Join(*dir, "overlay-cpu.json"), &cpu)
	gobench, err := os.ReadFile(filepath.Join(*dir, "gobench.txt"))
	if err != nil {
		log.Fatal(err)
	}

	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# Beatcast benchmarks\n\n")
	w("Written by `make bench` (`scripts/bench.sh`); do not edit by hand. Every figure below comes from one run on one\n")
	w("machine, next to a baseline measured in the same run: these machines are shared and noisy, so compare the ratios.\n\n")
	w("| | |\n|---|---|\n")
	w("| Date | %s |\n", res.Started.UTC().Format("2006-01-02 15:04 MST"))
	w("| Machine | %s, %d cores, %s RAM, Linux %s |\n", cpuModel(), runtime.NumCPU(), memTotal(), command("uname", "-r"))
	w("| Software | %s, Beatcast %s |\n", command("go", "env", "GOVERSION"), command("scripts/version.sh"))
	w("| Commands | `make bench` = `go test -bench` on the hub, `go run ./tools/benchrun measure`, `node frontend/e2e/bench-overlay-cpu.mjs`, `go run ./tools/benchrun report` |\n\n")

	w("## 1–2. Added latency, memory and CPU of `beatcast --headless`\n\n")
	w("The in-project fake Pulsoid sends %d beats at %.0f a second; each carries its number in `measured_at`, which\n", first(res.Latency).Beats, rateOf(res))
	w("Beatcast passes through, so every client knows which send it received. Sender and receivers run in one process:\n")
	w("one clock measures both ends. **direct** = the clients connect straight to the fake's socket (one websocket hop on\n")
	w("loopback, the same sender writing to each socket in turn: the floor). **beatcast** = fake → `beatcast --headless`\n")
	w("→ `/ws` (two hops and the fan-out). RSS is the headless process with all clients connected; CPU is its user+system\n")
	w("time over the run. **beatcast (headless build)** is `make build-headless`: the same code without GTK/WebKit linked;\n")
	w("the desktop binary maps about 45 MB of those libraries' pages even when it runs `--headless`.\n\n")
	w("| Clients | Path | p50 ms | p99 ms | max ms | delivered | RSS MB | CPU s / 1000 beats | Target | Verdict |\n")
	w("|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, r := range res.Latency {
		target, ok := latencyTarget(r)
		rss, cpuCol := "", ""
		if strings.HasPrefix(r.Path, "beatcast") {
			rss = fmt.Sprintf("%.1f", r.RSSMiB*1.048576)
			cpuCol = fmt.Sprintf("%.3f", r.CPUPer1000)
		}
		w("| %d | %s | %.3f | %.3f | %.3f | %.4f | %s | %s | %s | %s |\n", r.Clients, r.Path, r.P50, r.P99, r.Max, r.Delivered, rss, cpuCol, target, ok)
	}
	w("\n")

	w("## 3. The desktop app under Xvfb\n\n")
	w("The whole process tree (the app, WebKitWebProcess, WebKitNetworkProcess), after 10 s of warm-up, over %.0f s.\n", first(res.Desktop).Seconds)
	w("Beatcast shows the dashboard with live demo beats (one a second); the baseline is an empty Wails window with the\n")
	w("same window options whose page changes a number once a second (`tools/emptywindow`).\n\n")
	w("| Window | Processes | RSS MiB | PSS MiB | CPU %% of one core | Target | Verdict |\n|---|---:|---:|---:|---:|---|---|\n")
	var emptyPSS float64
	for _, d := range res.Desktop {
		target, ok := "baseline", ""
		if strings.HasPrefix(d.Name, "empty") {
			emptyPSS = d.PSSMiB
		} else {
			ratio := d.PSSMiB / emptyPSS
			target = "PSS ≤ 1.2× empty; CPU ≤ 3 %"
			ok = verdict(ratio <= 1.2 && d.CPUPercent <= 3, fmt.Sprintf("PSS %.2f× empty", ratio))
		}
		w("| %s | %d | %.0f | %.0f | %.2f | %s | %s |\n", d.Name, d.Processes, d.RSSMiB, d.PSSMiB, d.CPUPercent, target, ok)
	}
	w("\n")

	w("## 4. The overlay in a browser\n\n")
	w("Headless Chromium (Debian's, as OBS's browser source is Chromium), all of its processes, over %.0f s each: a blank page,\n", cpu.Seconds)
	w("then the `heart` overlay live from `beatcast --headless --demo`.\n\n")
	w("| Page | CPU %% of one core |\n|---|---:|\n| blank | %.2f |\n| heart overlay | %.2f |\n\n", cpu.Blank, cpu.Heart)
	w("Difference: **%.2f %%** of one core (target ≤ 2 %%): %s\n\n", cpu.Heart-cpu.Blank, verdict(cpu.Heart-cpu.Blank <= 2, ""))

	w("## 5. Cold start to first beat on screen\n\n")
	w("The window started with a kept token against the fake Pulsoid (sending a beat every 50 ms); time from exec to the\n")
	w("first moment the page shows a BPM, sampled through the webview every 50 ms (so ±50 ms). Xvfb was already running.\n\n")
	w("Runs: %s ms — **median %.0f ms**.\n\n", joinFloats(res.ColdStart.Runs), res.ColdStart.MedianMs)

	w("## 6. Go benchmarks: the publish path and encoding\n\n")
	w("`allocs/op` must not grow with subscribers: each beat is encoded once and the same pointer goes to every\n")
	w("subscriber. Subscribers here have room for every message, so `dropped` is 0 and ns/op is the cost of handing one\n")
	w("beat to that many live subscribers.\n\n```\n%s```\n", gobench)

	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s", *out)
}

func latencyTarget(r latencyResult) (string, string) {
	if !strings.HasPrefix(r.Path, "beatcast") {
		return "floor", ""
	}
	delivered := r.Delivered == 1
	switch r.Clients {
	case 100:
		return "p99 ≤ 1 ms, all delivered, RSS ≤ 30 MB", verdict(r.P99 <= 1 && delivered && r.RSSMiB*1.048576 <= 30, "")
	case 1000:
		return "p99 ≤ 10 ms, all delivered", verdict(r.P99 <= 10 && delivered, "")
	default:
		return "all delivered", verdict(delivered, "")
	}
}

func verdict(ok bool, note string) string {
	v := "**missed**"
	if ok {
		v = "met"
	}
	if note != "" {
		v += " (" + note + ")"
	}
	return v
}

func mustJSON(path string, v any) {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

func first[T any](s []T) T {
	var zero T
	if len(s) == 0 {
		return zero
	}
	return s[0]
}

func rateOf(r results) float64 { return r.Rate }

func joinFloats(fs []float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%.0f", f)
	}
	return strings.Join(parts, ", ")
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	data, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			var kib int64
			fmt.Sscanf(strings.TrimPrefix(line, "MemTotal:"), "%d", &kib)
			return fmt.Sprintf("%.0f GiB", float64(kib)/1024/1024)
		}
	}
	return "?"
}

func command(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
