//go:build e2e

package e2e

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beatcast/beatcast/backend/testkit"
)

// The real binary against a clumsy user and a hostile computer (issue #14).

// headless starts build/bin/beatcast --headless with args and its own XDG
// folders under home, and returns it with its stderr.
func headless(t *testing.T, home string, args ...string) (*exec.Cmd, *testkit.LogBuffer) {
	t.Helper()
	bin, _ := filepath.Abs(repoPath("build", "bin", "beatcast"))
	cmd := exec.Command(bin, append([]string{"--headless"}, args...)...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	stderr := &testkit.LogBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, stderr
}

// networkIP is this machine's first address beyond loopback.
func networkIP(t *testing.T) string {
	t.Helper()
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Fatal("this machine has no network address to test with")
	return ""
}

func answers(url, host string) bool {
	req, _ := http.NewRequest("GET", url, nil)
	if host != "" {
		req.Host = host
	}
	resp, err := (&http.Client{Timeout: time.Second}).Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == 200
}

func TestTheOverlayStaysOnThisComputerUnlessTheStreamerAsks(t *testing.T) {
	lan := networkIP(t)
	_, port, _ := net.SplitHostPort(freeAddr(t))

	// Every interface, without asking: refused, saying how to ask.
	cmd, stderr := headless(t, t.TempDir(), "--demo", "--overlay-addr", "0.0.0.0:"+port)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 ||
		!strings.Contains(stderr.String(), "every device on your network") || !strings.Contains(stderr.String(), "--lan") {
		t.Errorf("0.0.0.0 without --lan: %v\n%s", err, stderr)
	}

	// ":PORT" means this computer only.
	cmd, _ = headless(t, t.TempDir(), "--demo", "--overlay-addr", ":"+port)
	waitFor(t, "the overlay on loopback", func() bool { return answers("http://127.0.0.1:"+port+"/api/state", "") })
	if answers("http://"+lan+":"+port+"/api/state", "") {
		t.Error(":PORT is reachable from the network")
	}
	stop(t, cmd)

	// Asked for: served on the network, and said loudly with the address.
	cmd, stderr = headless(t, t.TempDir(), "--demo", "--lan", "--overlay-addr", "0.0.0.0:"+port)
	waitFor(t, "the overlay on the network", func() bool { return answers("http://"+lan+":"+port+"/api/state", "") })
	if !strings.Contains(stderr.String(), "Your heart rate is visible to every device on your network at") ||
		!strings.Contains(stderr.String(), "http://"+lan+":"+port+"/") {
		t.Errorf("sharing on the network was not said loudly with the address:\n%s", stderr)
	}
	if answers("http://"+lan+":"+port+"/api/state", "rebound.example:"+port) {
		t.Error("a host name is accepted on the network: DNS rebinding would work")
	}
	stop(t, cmd)
}

func TestHostileFilesDoNotHangStartOrStop(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "config", "beatcast")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "settings.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "token.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "overlay-key")); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd, stderr := headless(t, home, "--overlay-addr", addr)
	waitFor(t, "Beatcast to start", func() bool { return answers("http://"+addr+"/api/state", "") })
	for _, want := range []string{"settings file could not be read", "sign in again"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "*.corrupt-*"))
	if len(aside) != 3 {
		t.Errorf("set aside %v, want the settings, the token and the key", aside)
	}
	stop(t, cmd)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and expects exit 0 within a second.
func stop(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit %v after SIGTERM, want 0", err)
		}
	case <-time.After(time.Second):
		t.Errorf("still running a second after SIGTERM")
	}
}
