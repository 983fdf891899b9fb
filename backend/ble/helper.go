package ble

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// HelperArg, first on the command line, makes Beatcast's own executable
// the Bluetooth helper: a process of its own around the Bluetooth library,
// so that a crash or a hang in the stack ends only the helper, which
// Beatcast starts again, while the overlay and the window go on.
const HelperArg = "--ble-helper"

// Exit codes of the helper.
const (
	exitDone  = 0 // finished (a scan), or told to stop
	exitUsage = 2 // Beatcast and its helper disagree on the arguments
	exitStuck = 3 // a step of the library took too long: start again
)

// Timings of the helper.
const (
	aliveEvery     = 2 * time.Second  // it says it is alive after this long without saying anything else: not between a strap's readings, about 1 s apart (Source's watchdog is 5 s)
	retryEvery     = 2 * time.Second  // looking again when the stack said no
	watchAfter     = 2 * time.Second  // without a reading this long it asks the stack whether the link is up…
	watchEvery     = time.Second      // …and again this often until readings come back
	connectTimeout = 20 * time.Second // Linux's library waits for ever without one
	discoverLimit  = 15 * time.Second // the library polls for up to 10 s itself
)

// helperArgs is what Beatcast asks of its helper.
type helperArgs struct {
	scan    time.Duration // >0: list heart-rate devices for this long, then exit
	address string        // connect: this strap only
	name    string        // connect: a strap whose name is (or starts with) this
}

func (h helperArgs) list() []string {
	if h.scan > 0 {
		return []string{"scan", h.scan.String()}
	}
	args := []string{"connect"}
	if h.address != "" {
		args = append(args, "--address", h.address)
	}
	if h.name != "" {
		args = append(args, "--name", h.name)
	}
	return args
}

func parseHelperArgs(args []string) (helperArgs, error) {
	var h helperArgs
	if len(args) == 2 && args[0] == "scan" {
		d, err := time.ParseDuration(args[1])
		if err != nil || d <= 0 {
			return h, fmt.Errorf("scan needs a duration, not %q", args[1])
		}
		h.scan = d
		return h, nil
	}
	if len(args) == 0 || args[0] != "connect" {
		return h, fmt.Errorf("want scan DURATION or connect [--address A] [--name N], not %q", args)
	}
	for rest := args[1:]; len(rest) > 0; rest = rest[2:] {
		if len(rest) < 2 {
			return h, fmt.Errorf("%s needs a value", rest[0])
		}
		switch rest[0] {
		case "--address":
			h.address = rest[1]
		case "--name":
			h.name = rest[1]
		default:
			return h, fmt.Errorf("unknown %s", rest[0])
		}
	}
	return h, nil
}

// HelperMain runs the helper (args after HelperArg) and returns its exit
// code. It ends when told to (SIGTERM, Ctrl-C), and when its stdin closes:
// Beatcast is gone.
func HelperMain(args []string) int {
	// WinRT wants the library's calls from one thread: the helper makes
	// them all from this goroutine, locked to its thread.
	runtime.LockOSThread()
	// One reading at a time needs one P: the library's goroutines hand each
	// reading on without waking other threads, and a GOMAXPROCS that is set
	// stops the runtime re-reading the cgroup's CPU limit every second.
	runtime.GOMAXPROCS(1)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := parseHelperArgs(args)
	if err != nil {
		log.Error("bluetooth helper: " + err.Error())
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { // Beatcast is gone when its end of the pipe closes
		io.Copy(io.Discard, bufio.NewReader(os.Stdin))
		stop()
	}()
	out := newWriter(os.Stdout)
	out.sayAliveWhenQuiet(aliveEvery)
	return runHelper(ctx, h, out, log)
}

// deadline ends the helper if a step of the library does not return
// within d: the library cannot be interrupted (Linux's Connect waits for
// ever), and Beatcast starts a new helper. done stops the clock.
func deadline(d time.Duration, what string, log *slog.Logger) (done func()) {
	t := time.AfterFunc(d, func() {
		log.Error("bluetooth helper: stuck, starting again", "step", what, "after", d)
		os.Exit(exitStuck)
	})
	return func() { t.Stop() }
}

// matches says whether a device heard is the strap asked for.
func (h helperArgs) matches(address, name string, heartRate bool) bool {
	switch {
	case h.address != "":
		return strings.EqualFold(address, h.address)
	case h.name != "":
		return strings.HasPrefix(strings.ToLower(name), strings.ToLower(h.name))
	}
	return heartRate
}

// sleep waits d or until ctx ends; false when it ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func percent(b byte) *int { p := int(b); return &p }

// errNoHeartRate: the device has no Heart Rate Measurement to follow.
var errNoHeartRate = errors.New("no Heart Rate Measurement (0x2A37)")
