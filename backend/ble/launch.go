package ble

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Helper says how to start the Bluetooth helper: Beatcast's own
// executable with HelperArg first.
type Helper struct {
	// Path is the executable ("": this one, os.Executable).
	Path string
	// Env is added to the helper's environment (tests point it at a
	// simulated BlueZ; the helper inherits Beatcast's otherwise).
	Env []string
}

// stopGrace is how long a helper told to stop may take to let go of the
// strap before it is killed.
const stopGrace = time.Second

// process is one running helper.
type process struct {
	cmd    *exec.Cmd
	stdin  io.Closer
	events chan event    // closed when the helper's stdout ends
	exited chan struct{} // closed once it has ended; then err says how
	err    error
	stderr *tail
}

// start runs the helper with args until ctx ends (or stop).
func (h Helper) start(ctx context.Context, args helperArgs) (*process, error) {
	path := h.Path
	if path == "" {
		var err error
		if path, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("finding Beatcast's own executable for its Bluetooth helper: %w", err)
		}
	}
	cmd := exec.CommandContext(ctx, path, append([]string{HelperArg}, args.list()...)...)
	cmd.Env = append(os.Environ(), h.Env...)
	var stdin io.WriteCloser
	cmd.Cancel = func() error { stdin.Close(); return terminate(cmd.Process) }
	cmd.WaitDelay = stopGrace
	hide(cmd)
	p := &process{cmd: cmd, events: make(chan event, 64), exited: make(chan struct{}), stderr: &tail{}}
	cmd.Stderr = p.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Bluetooth helper: %w", err)
	}
	p.stdin = stdin
	go p.read(stdout)
	return p, nil
}

// read passes the helper's events on until its stdout ends, then waits
// for it to exit.
func (p *process) read(stdout io.Reader) {
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			p.events <- e
		}
	}
	close(p.events)
	p.err = p.cmd.Wait()
	close(p.exited)
}

// stop ends the helper: asked to (SIGTERM), then killed after stopGrace.
func (p *process) stop() {
	p.stdin.Close()
	_ = terminate(p.cmd.Process)
	select {
	case <-p.exited:
	case <-time.After(stopGrace):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// kill ends a helper that stopped answering.
func (p *process) kill() {
	_ = p.cmd.Process.Kill()
	for range p.events { // let read reach Wait
	}
	<-p.exited
}

// tail keeps the last lines the helper wrote to stderr, for the log, and
// the line that says why a Go program died ("panic: …"), which a long
// stack trace would push out.
type tail struct {
	mu    sync.Mutex
	lines []string
	part  string
	cause string
}

const tailLines = 12

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	text := t.part + string(b)
	parts := strings.Split(text, "\n")
	t.part = parts[len(parts)-1]
	for _, l := range parts[:len(parts)-1] {
		if t.cause == "" && (strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ")) {
			t.cause = l
		}
		t.lines = append(t.lines, l)
		if len(t.lines) > tailLines {
			t.lines = t.lines[1:]
		}
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := append(append([]string(nil), t.lines...), t.part)
	if t.cause != "" && !slices.Contains(lines, t.cause) {
		lines = append([]string{t.cause, "…"}, lines...)
	}
	return strings.Join(lines, "\n")
}
