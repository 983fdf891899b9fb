//go:build e2e

package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/pulsoid/pulsoidtest"
)

// beatcast runs build/bin/beatcast --headless against fake with its own
// config home, collecting stderr.
type beatcast struct {
	cmd    *exec.Cmd
	addr   string
	mu     sync.Mutex
	stderr strings.Builder
	lines  chan string
}

func startHeadless(t *testing.T, fake *pulsoidtest.Server, home string, extraEnv ...string) *beatcast {
	t.Helper()
	return startHeadlessWith(t, fake, home, nil, extraEnv...)
}

// startHeadlessWith is startHeadless with more flags.
func startHeadlessWith(t *testing.T, fake *pulsoidtest.Server, home string, args []string, extraEnv ...string) *beatcast {
	t.Helper()
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	b := &beatcast{addr: freeAddr(t), lines: make(chan string, 1000)}
	b.cmd = exec.Command(bin, append([]string{"--headless", "--overlay-addr", b.addr}, args...)...)
	b.cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	if fake != nil { // nil: the demo, no Pulsoid
		b.cmd.Env = append(b.cmd.Env, "BEATCAST_PULSOID_API_URL="+fake.URL, "BEATCAST_PULSOID_AUTH_URL="+fake.URL,
			"BEATCAST_CLIENT_ID="+fake.ClientID)
	}
	b.cmd.Env = append(b.cmd.Env, extraEnv...)
	pipe, err := b.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			b.mu.Lock()
			b.stderr.WriteString(sc.Text() + "\n")
			b.mu.Unlock()
			b.lines <- sc.Text()
		}
		close(b.lines)
	}()
	t.Cleanup(func() { b.stop(t) })
	return b
}

func (b *beatcast) log() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stderr.String()
}

func (b *beatcast) stop(t *testing.T) {
	if b.cmd.ProcessState != nil {
		return
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("beatcast exited with %v after SIGTERM\n%s", err, b.log())
		}
	case <-time.After(5 * time.Second):
		_ = b.cmd.Process.Kill()
		t.Errorf("beatcast did not exit within 5 s of SIGTERM")
	}
}

type state struct {
	Status struct {
		State, Reason, Message, Source string
		RetryAt                        int64 `json:"retry_at"`
	}
	Beat *struct {
		BPM        int   `json:"bpm"`
		MeasuredAt int64 `json:"measured_at"`
	}
	Stats struct{ Count int }
}

func (b *beatcast) state(t *testing.T) (state, string) {
	resp, err := http.Get("http://" + b.addr + "/api/state")
	if err != nil {
		return state{}, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var s state
	_ = json.Unmarshal(body, &s)
	return s, string(body)
}

func (b *beatcast) waitFor(t *testing.T, what string, cond func(state) bool) state {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, _ := b.state(t)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last state %+v\nstderr:\n%s", what, s, b.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestHeadlessFirstRunSignsInByDeviceCodeThenStreams is the first run of
// `beatcast --headless` as a user would do it: Beatcast prints the link to
// open, the user approves, beats flow to the overlay; a restart needs no
// new sign-in; a revoked token returns to signing in.
func TestHeadlessFirstRunSignsInByDeviceCodeThenStreams(t *testing.T) {
	fake := pulsoidtest.New(t)
	home := t.TempDir()
	b := startHeadless(t, fake, home)

	linkLine := regexp.MustCompile(`^\s+(http://\S+/oauth2/device_authorization_consent\?user_code=[0-9a-f-]{36})$`)
	var link string
	deadline := time.After(10 * time.Second)
	for link == "" {
		select {
		case line := <-b.lines:
			if m := linkLine.FindStringSubmatch(line); m != nil {
				link = m[1]
			}
		case <-deadline:
			t.Fatalf("no sign-in link printed\n%s", b.log())
		}
	}
	b.waitFor(t, "signing_in", func(s state) bool { return s.Status.State == "signing_in" })
	if !regexp.MustCompile(`The link works for (10 minutes|9 minutes \d+ seconds) more`).MatchString(b.log()) {
		t.Errorf("the time left is not printed in plain words:\n%s", b.log())
	}

	fake.Approve()
	b.waitFor(t, "connected", func(s state) bool { return s.Status.State == "connecting" || s.Status.State == "live" })
	fake.AwaitConnections(1, 5*time.Second)
	fake.Send(93, 1625310655000)
	s := b.waitFor(t, "a live beat", func(s state) bool { return s.Status.State == "live" && s.Beat != nil })
	if s.Beat.BPM != 93 || s.Beat.MeasuredAt != 1625310655000 {
		t.Errorf("beat %+v, want 93 @ 1625310655000 unchanged", s.Beat)
	}

	tokenFile := filepath.Join(home, "config", "beatcast", "token.json")
	info, err := os.Stat(tokenFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token file %v mode %v, want 0600", err, info.Mode())
	}
	var kept struct {
		AccessToken string `json:"access_token"`
	}
	data, _ := os.ReadFile(tokenFile)
	_ = json.Unmarshal(data, &kept)
	_, body := b.state(t)
	if kept.AccessToken == "" || strings.Contains(b.log(), kept.AccessToken) || strings.Contains(body, kept.AccessToken) {
		t.Errorf("the token leaked to the log or /api/state (or was not kept)")
	}

	// Restart: the kept token is used, no new device code.
	b.stop(t)
	before := fake.Calls("POST /oauth2/device_authorization")
	b2 := startHeadless(t, fake, home)
	b2.waitFor(t, "reconnected with the kept token", func(s state) bool { return s.Status.State == "connecting" || s.Status.State == "live" })
	if fake.Calls("POST /oauth2/device_authorization") != before {
		t.Error("a restart with a valid kept token asked for a new sign-in")
	}

	// The token is revoked at Pulsoid and the socket drops: signed out,
	// then (headless) a fresh device sign-in starts by itself.
	fake.Edit(kept.AccessToken, func(a *pulsoidtest.Account) { a.Revoked = true })
	fake.DropAll()
	b2.waitFor(t, "signing in again", func(s state) bool { return s.Status.State == "signing_in" })
	if !strings.Contains(b2.log(), "reason=token_revoked") {
		t.Errorf("the log does not say why it signed out:\n%s", b2.log())
	}
	if _, err := os.Stat(tokenFile); !os.IsNotExist(err) {
		t.Error("the revoked token is still kept")
	}
}
