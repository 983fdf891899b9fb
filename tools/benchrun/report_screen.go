package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The report's sections on what Beatcast costs on screen: the desktop
// window under Xvfb (section 3) and the overlay in Chromium (section 4).

// Rows of the desktop table that the prose reads by name.
const (
	emptyRow  = "empty Wails window"
	eventsRow = "empty Wails window, number from Go events" // what a Wails event costs
	heartRow  = "empty Wails window, a heart beating"       // what a heart beating at 75 BPM costs
	hiddenRow = "empty Wails window, hidden"
	socketRow = "empty Wails window, hidden, reading Pulsoid's socket" // what receiving each beat costs
	shownRow  = "Beatcast dashboard, live at 75 BPM"
	stillRow  = "Beatcast dashboard, live, the desktop's animations off"
	trayRow   = "Beatcast in the tray, live at 75 BPM"
	// The tray row with a strap read over Bluetooth (a simulated BlueZ) in
	// place of Pulsoid: the helper process is in its process tree.
	strapTrayRow = "Beatcast in the tray, live from a Bluetooth strap at 75 BPM"
	shownTarget  = 0.5 // points of one core over the empty window
	trayTarget   = 0.2 // over the empty window, hidden
	lookTarget   = 1.0 // over a blank page
)

func writeDesktop(w func(string, ...any), desktop []desktopResult) {
	one := first(desktop)
	w("## 3. The desktop app under Xvfb\n\n")
	w("The whole process tree (the app, WebKitWebProcess, WebKitNetworkProcess), after 10 s of warm-up, over %.0f s, in\n", one.Seconds)
	w("%d rounds: each window once a round, the windows in turn, and each reported by its median round (every round's CPU\n", len(one.Rounds))
	w("beside it), so that the machine's drift falls on all of them alike. *Over its baseline* is the median of the\n")
	w("differences round by round, each row measured within a few minutes of its baseline in every round, not the\n")
	w("difference of the two medians: a round that the machine slowed down weighs on both. Beatcast is signed in to the fake\n")
	w("Pulsoid, whose strap sends 74, 75, 76, 75, … BPM, one a second: a new number every second, as the baselines'\n")
	w("number, at the 75 BPM of the baselines' heart (the demo's rate wanders from 60 to 120). **Shown**: the\n")
	w("dashboard on screen; its baseline is an empty Wails window with the same options whose page changes a number once a\n")
	w("second (`tools/emptywindow`). **In the tray**: `--minimised` with a tray (a private D-Bus session with a\n")
	w("StatusNotifierWatcher stands in for the desktop's), the window hidden as when the streamer closes it to the\n")
	w("background; its baseline is the empty window started hidden, and its floor that window reading Pulsoid's socket\n")
	w("(the same websocket library as Beatcast, each message decoded, nothing else): what any app must do to show the rate.\n\n")
	w("| Window | Processes | RSS MiB | PSS MiB | CPU %% of one core | rounds | of which the app process | frames/s | pixels/frame | Over its baseline | Target | Verdict |\n")
	w("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|\n")
	by := map[string]desktopResult{}
	for _, d := range desktop {
		by[d.Name] = d
	}
	empty, events, heart, hidden, socket := by[emptyRow], by[eventsRow], by[heartRow], by[hiddenRow], by[socketRow]
	shown, still, tray, strapTray := by[shownRow], by[stillRow], by[trayRow], by[strapTrayRow]
	eventCost, heartCost := costOver(events, empty), costOver(heart, empty)
	floor := eventCost + heartCost // of any window whose heart beats with a live number from Go
	shownOver, stillOver := costOver(shown, empty), costOver(still, empty)
	own := shownOver - floor
	met := within(shownOver, shownTarget)
	atFloor := missedAtFloor(shownOver, floor, own, shownTarget)
	socketCost, trayOver, trayOwn := costOver(socket, hidden), costOver(tray, hidden), costOver(tray, socket)
	trayMet := within(trayOver, trayTarget)
	trayAtFloor := missedAtFloor(trayOver, socketCost, trayOwn, trayTarget)
	for _, d := range desktop {
		over, target, ok := "", "baseline", ""
		switch d.Name {
		case eventsRow:
			over, target = fmt.Sprintf("%+.2f", eventCost), "what an event costs"
		case heartRow:
			over, target = fmt.Sprintf("%+.2f", heartCost), "what a beating heart costs"
		case socketRow:
			over, target = fmt.Sprintf("%+.2f", socketCost), "what receiving Pulsoid's beats costs"
		case shownRow:
			over, target = fmt.Sprintf("%+.2f", shownOver), fmt.Sprintf("CPU ≤ %s + %.1f", emptyRow, shownTarget)
			ok = verdict(met, "")
			if atFloor {
				ok = fmt.Sprintf("**missed**, at the floor: %+.2f over a window whose heart beats", own)
			}
		case stillRow:
			over, target = fmt.Sprintf("%+.2f", stillOver), fmt.Sprintf("CPU ≤ %s + %.1f", emptyRow, shownTarget)
			ok = verdict(within(stillOver, shownTarget), "")
		case trayRow:
			over, target = fmt.Sprintf("%+.2f", trayOver), fmt.Sprintf("CPU ≤ %s + %.1f", hiddenRow, trayTarget)
			ok = verdict(trayMet, "")
			if trayAtFloor {
				ok = fmt.Sprintf("**missed**, at the floor: %+.2f over a hidden window reading Pulsoid's socket", trayOwn)
			}
		case strapTrayRow:
			added, noise := costOver(strapTray, tray), spread(tray.Rounds)
			over, target = fmt.Sprintf("%+.2f over the tray row", added), "CPU ≤ the tray row"
			ok = verdict(strapTray.CPUPercent <= tray.CPUPercent, "")
			if strapTray.CPUPercent > tray.CPUPercent {
				where := "beyond"
				if added <= noise {
					where = "within"
				}
				ok = fmt.Sprintf("**missed** by %.2f: the Bluetooth helper process's own (%s the tray row's spread of %.2f)", added, where, noise)
			}
		}
		w("| %s | %d | %.0f | %.0f | %.2f | %s | %.2f | %.2f | %s | %s | %s | %s |\n", d.Name, d.Processes, d.RSSMiB, d.PSSMiB,
			d.CPUPercent, joinPercents(d.Rounds), d.AppCPUPercent, d.Screen.PerSecond, thousands(d.Screen.PixelsPerFrame), over, target, ok)
	}
	w("\nRead the rounds first: in this run the same empty window took %s %% in its %d rounds, a spread of %.2f\n", joinPercents(empty.Rounds), len(empty.Rounds), spread(empty.Rounds))
	w("points; a difference between two rows smaller than the spread of their rounds is this machine's noise, not theirs.\n")
	w("\n**What a beat costs on screen.** Under Xvfb WebKit renders in software (GPU policy \"never\", as it must be\n")
	w("here), and every frame a window draws costs both processes: WebKit paints and composites it, GTK in the app\n")
	w("process copies it onto the window. The frames column counts them as they reach the screen (X DAMAGE events, regions\n")
	w("drawn within 8 ms being one frame), the pixels column says how big they were. The empty window draws one frame a\n")
	w("second. A heart that beats at the rate draws two more a heartbeat, on and off: the empty window with the\n")
	w("dashboard's heart beating at 75 BPM and its number drawn as it thumps costs %+.2f points over the plain one (%.2f\n", heartCost, heart.Screen.PerSecond)
	w("frames a second). A number sent from Go as a Wails event (a script evaluated in the web process, as Beatcast sends\n")
	w("each beat) costs %+.2f. Together, %+.2f: the floor of any window that shows a live rate from Go with a heart that\n", eventCost, floor)
	w("beats, %s.\n\n", overOrUnder(floor, shownTarget, "the dashboard draws anything"))
	w("The dashboard (%.2f frames a second of %s pixels) is %+.2f over the empty window: %+.2f over that floor, its own\n",
		shown.Screen.PerSecond, thousands(shown.Screen.PixelsPerFrame), shownOver, own)
	w("cost beyond the heart and the event%s. Between the two median rounds, %+.2f is the app process (Go, the event, GTK)\n",
		belowFloor(own), shown.AppCPUPercent-empty.AppCPUPercent)
	w("and %+.2f WebKit's processes. ", (shown.CPUPercent-shown.AppCPUPercent)-(empty.CPUPercent-empty.AppCPUPercent))
	switch {
	case met:
		w("\n\n")
	case atFloor:
		w("What misses the target is the\n")
		w("beating heart: the target's baseline draws one frame a second, a heart at 75 BPM two and a half, and on this\n")
		w("software-rendered screen frames are what costs. The one change in Beatcast that removes it is a heart that does not\n")
		w("beat; the dashboard keeps it, and rests it whenever nobody can see it (the tray row).\n\n")
	default:
		w("Beyond the heart and the event the dashboard costs more than\n")
		w("the target allows: that is Beatcast's own, and still to find.\n\n")
	}
	w("**In the tray.** Hidden, live, with the hub, the recorder, the overlay server and the tray running, the app process\n")
	w("takes %.2f %% against %.2f %% for the hidden empty window. Any app that shows a live rate must receive it: the\n", tray.AppCPUPercent, hidden.AppCPUPercent)
	w("hidden empty window that reads Pulsoid's socket costs %+.2f over the hidden one (a message a second, through the\n", socketCost)
	w("same websocket library as Beatcast: on this virtual machine each wake-up from the network is dear),\n")
	w("%s. Beatcast in the tray is %+.2f over that floor: its own cost beyond receiving\n", overOrUnder(socketCost, trayTarget, "Beatcast does anything"), trayOwn)
	w("the beats%s.\n\n", trayVerdict(trayMet, trayAtFloor))
	w("A streamer who turns the desktop's animations off (Windows' *Animation effects*, GNOME's *Reduce animation*; here\n")
	w("GTK's `gtk-enable-animations`, which WebKit passes to the page as `prefers-reduced-motion`) sees the heart still,\n")
	w("in full colour, and each number as it comes: the dashboard then draws %.2f frames a second and costs %+.2f over\n", still.Screen.PerSecond, stillOver)
	w("the empty window (%s).\n\n", map[bool]string{true: "within the target", false: "beyond the target"}[within(stillOver, shownTarget)])
	w("Fixed on the way, each measured with the frame counter (one sitting, 2026-11-23): a beat's number, statistics and\n")
	w("chart step are drawn in the next thump's frame instead of a frame of their own (3.95 → 2.25 frames a second, the\n")
	w("number at most one heartbeat late); the dashboard's card was an item of a CSS grid, and WebKit repainted all of it\n")
	w("(912 × 431 pixels) for a changed number: the page and the statistics are flex boxes now, and a number frame covers\n")
	w("the heart and the number (263 × 104). Before: the heart toggled its transform on and off, making and unmaking a\n")
	w("layer each thump (about 0.4 points); it was once a running CSS animation (12.3 %% of a core); the chart was redrawn\n")
	w("on every beat and now moves every 5 s (a ten-minute line moves a pixel a second); the stream clock ticked every\n")
	w("second and now counts minutes. Hidden, nothing ticks or animates and Go sends the window nothing (the hub keeps the\n")
	w("latest, which the window loads when it shows again): the tray row. Until 2026-12-02 Beatcast's rows ran the demo,\n")
	w("whose rate wanders between 60 and 120 BPM, against a heart at 75: the dashboard drew more thumps than its baseline\n")
	w("(3.10 frames a second against 2.50 on 2026-11-23), so part of the \"+0.68 of its own\" reported then was its heart\n")
	w("beating faster.\n\n")
	w("Found on 2026-12-02 by counting system calls (strace, 5 s, the dashboard with the desktop's animations off): a\n")
	w("number drawn by editing its text node in place, as Svelte draws `{value}`, set WebKitGTK's display clock running\n")
	w("for a third of a second after every beat, twenty-odd wake-ups at 60 Hz and messages between its two processes\n")
	w("(its VBlankMonitor thread: 196 calls in 5 s), where the empty window, which replaces its text, draws the frame and\n")
	w("nothing more (1 call). The dashboard's number and statistics now replace their text, and only when it changed\n")
	w("(`frontend/src/lib/text.ts`): 39 calls in 5 s, all in the chart's steps, and the window's processes switch\n")
	w("context 138 times a second instead of 175. What that saves in CPU was within this machine's noise in three pairs of\n")
	w("runs.\n\n")
}

func writeOverlay(w func(string, ...any), cpu overlayCPU) {
	w("## 4. The overlay in a browser\n\n")
	w("Headless Chromium (Debian's, %s), all of its processes, %.0f s a page in %d\n", cmp.Or(cpu.Engine, "its version not recorded"), cpu.Seconds, cpu.Rounds)
	w("rounds, the pages in turn, each reported by its median round: a blank page; two floors, pages with none of the\n")
	w("overlay's code; then each look at its Browser Source size. Beatcast runs `--headless`, signed in to the fake\n")
	w("Pulsoid, whose strap sends 74, 75, 76, 75, … BPM, one a second. The floors: **a number from Beatcast's socket**,\n")
	w("a page that receives each beat from `/ws` and shows its number, as every look that shows the rate must; **a beating\n")
	w("heart**, the overlay's (on a layer of its own, switched by the same class) at 75 BPM beside that number, drawn as it\n")
	w("thumps, as the looks that beat at the rate (%s) do. *Over blank* and *over its floor* are medians of the\n", strings.Join(cpu.BeatingLooks, ", "))
	w("differences round by round (a round of all the pages takes about two minutes), as in section 3.\n\n")
	numberFloor, heartFloor, atFloor := writeOverlayTable(w, cpu)
	w("\nHeadless Chromium here rasterises in software (`--disable-gpu`); OBS draws browser sources on the GPU. Nothing in\n")
	w("a look runs per frame: the heart thumps by switching a class once per beat (a running CSS animation cost about\n")
	w("10 %% of a core), the ECG trace is redrawn once per heartbeat, and the rest changes only when a message arrives.\n")
	w("A look that beats draws a new number in the next beat's frame rather than in one of its own.\n\n")
	w("**What the floors say.** Here what costs is the number of frames, not their size. A number received and drawn\n")
	w("once a second is one frame a second: %+.2f over blank. A thump is two more (on, and off 150 ms later) at the heart rate,\n", numberFloor)
	w("two and a half a second at 75 BPM: %+.2f over blank with the number. ", heartFloor)
	if atFloor > 0 {
		w("Where a floor is already beyond the %.0f point the target\n", lookTarget)
		w("allows, a look \"at its floor\" adds no more than that point to it: Chromium's cost of drawing what the look\n")
		w("must show, which the page without Beatcast pays too. ")
	}
	w("A heart that thumped with each message instead of at the rate would\n")
	w("cost fewer frames but would show 60 thumps a minute while the number says 140: the looks keep beating at the rate,\n")
	w("and a streamer short of CPU picks a look that does not beat (`number`, `stats`, `ring`, `chart`): one frame a beat\n")
	w("message instead of about three. In OBS the frames are drawn on the GPU.\n\n")
}

// writeOBSEngineOverlay is section 4's table again in the engine of OBS
// 31–32's Browser Source, which shows the overlay on stream.
func writeOBSEngineOverlay(w func(string, ...any), cpu overlayCPU) {
	w("## 4b. The overlay in OBS 31–32's engine, Chromium 127\n\n")
	if cpu.Rounds == 0 {
		w("Not measured in this run (`build/bench/overlay-cpu-chromium-127.json` is missing; `make setup-test` unpacks Chromium 127).\n\n")
		return
	}
	w("The same pages and floors as section 4, in %s (`@sparticuz/chromium` 127.0.0, the build number of OBS 31's\n", cmp.Or(cpu.Engine, "Chromium 127"))
	w("CEF, started with its package's own switches: ANGLE on SwiftShader, the GPU in the browser's process), %.0f s a\n", cpu.Seconds)
	w("page in %d rounds, measured %s. Compare each look with the blank page and floors of this table, not of section 4.\n\n", cpu.Rounds, cmp.Or(cpu.MeasuredAt, "at a time not recorded"))
	writeOverlayTable(w, cpu)
	w("\n")
}

// writeOverlayTable writes one engine's rows: the blank page, the two
// floors and each look against them, and says how noisy the blank was.
func writeOverlayTable(w func(string, ...any), cpu overlayCPU) (numberFloor, heartFloor float64, atFloor int) {
	w("| Look | CPU %% of one core | rounds | over blank | its floor | over its floor | Target | Verdict |\n|---|---:|---|---:|---|---:|---|---|\n")
	w("| blank | %.2f | %s | | | | baseline | |\n", cpu.Blank, joinPercents(cpu.EachRound["blank"]))
	// Each page against another, round by round (pairedOver).
	over := func(page string, v float64, base string, b float64) float64 {
		return pairedOver(cpu.EachRound[page], cpu.EachRound[base], v-b)
	}
	numberFloor, heartFloor = over("ticking", cpu.TickingBlank, "blank", cpu.Blank), over("beating", cpu.BeatingBlank, "blank", cpu.Blank)
	w("| a number from Beatcast's socket | %.2f | %s | %+.2f | | | floor | |\n", cpu.TickingBlank, joinPercents(cpu.EachRound["ticking"]), numberFloor)
	w("| a heart beating, and the number | %.2f | %s | %+.2f | | | floor | |\n", cpu.BeatingBlank, joinPercents(cpu.EachRound["beating"]), heartFloor)
	for _, look := range overlayLooks() {
		v := cpu.Looks[look]
		floorName, floorPage, floorCPU, floor := "a number", "ticking", cpu.TickingBlank, numberFloor
		if slices.Contains(cpu.BeatingLooks, look) {
			floorName, floorPage, floorCPU, floor = "a heart beating", "beating", cpu.BeatingBlank, heartFloor
		}
		overBlank, overFloor := over(look, v, "blank", cpu.Blank), over(look, v, floorPage, floorCPU)
		ok := verdict(within(overBlank, lookTarget), "")
		if missedAtFloor(overBlank, floor, overFloor, lookTarget) {
			ok, atFloor = "**missed**, at its floor", atFloor+1
		}
		w("| %s | %.2f | %s | %+.2f | %s | %+.2f | ≤ blank + %.0f | %s |\n", look, v, joinPercents(cpu.EachRound[look]), overBlank, floorName, overFloor, lookTarget, ok)
	}
	w("\nIn this run the blank page took %s %% in its rounds, a spread of %.2f points: differences smaller than that\n", joinPercents(cpu.EachRound["blank"]), spread(cpu.EachRound["blank"]))
	w("are this machine's noise.\n")
	return numberFloor, heartFloor, atFloor
}

// costOver is what row costs beyond base: the median of their
// differences round by round. In each round the windows are measured one
// after the other, each row next to its baseline, so a round in which the
// shared machine was slow weighs on both sides of its difference. Results
// without rounds give the difference of the two.
func costOver(row, base desktopResult) float64 {
	return pairedOver(row.Rounds, base.Rounds, row.CPUPercent-base.CPUPercent)
}

// pairedOver is the median of rows[i] - base[i], or fallback when the two
// were not measured in the same rounds.
func pairedOver(rows, base []float64, fallback float64) float64 {
	if len(rows) == 0 || len(rows) != len(base) {
		return fallback
	}
	diffs := make([]float64, len(rows))
	for i := range diffs {
		diffs[i] = rows[i] - base[i]
	}
	return median(diffs)
}

// median of xs, which it sorts; the mean of the middle two if even.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// trayVerdict explains a tray row that misses the target.
func trayVerdict(met, atFloor bool) string {
	switch {
	case met:
		return ""
	case atFloor:
		return ", within the target: what misses it is receiving the beats, which no app that shows them can skip"
	default:
		return ", more than the target allows: Beatcast's own, still to find"
	}
}

// joinPercents writes each round's CPU, in the order measured.
func joinPercents(rounds []float64) string {
	parts := make([]string, len(rounds))
	for i, r := range rounds {
		parts[i] = fmt.Sprintf("%.2f", r)
	}
	return strings.Join(parts, ", ")
}

// spread is the largest round less the smallest.
func spread(rounds []float64) float64 {
	if len(rounds) == 0 {
		return 0
	}
	return slices.Max(rounds) - slices.Min(rounds)
}

// within reports whether cost fits the allowance as the report shows
// both, to the hundredth of a point: 0.80 - 0.60 is 0.2000000001 in
// floating point, and CPU time is counted in ticks far coarser than that.
func within(cost, allowed float64) bool {
	return math.Round(cost*100) <= math.Round(allowed*100)
}

// belowFloor explains an own cost under zero.
func belowFloor(own float64) string {
	if own >= 0 {
		return ""
	}
	return " (under zero: the floor's rounds and the dashboard's spread wider than that on this machine)"
}

// missedAtFloor reports a cost beyond its allowance that Beatcast cannot
// remove: its floor, what a window or page without Beatcast pays to show
// the same, is already beyond the allowance, and Beatcast's own cost over
// that floor is within it.
func missedAtFloor(cost, floor, own, allowed float64) bool {
	return !within(cost, allowed) && !within(floor, allowed) && within(own, allowed)
}

// overOrUnder says whether a floor's cost fits within allowed, before
// Beatcast does what (such as "the dashboard draws anything") of its own.
func overOrUnder(cost, allowed float64, what string) string {
	if within(cost, allowed) {
		return fmt.Sprintf("within the %.1f points the target allows", allowed)
	}
	return fmt.Sprintf("already more than the %.1f points the target allows before %s of its own", allowed, what)
}
