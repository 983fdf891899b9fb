//go:build e2e

// Package e2e drives the real desktop binary in a real window under Xvfb.
// Run with: go test -tags e2e ./e2e (after make build). It needs xvfb-run
// and ImageMagick's import for the screenshot.
package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func repoPath(parts ...string) string {
	return filepath.Join(append([]string{".."}, parts...)...)
}

// TestWindowShowsChangingDemoBPM starts build/bin/beatcast --demo under
// Xvfb with the probe enabled: the app samples its own page text through
// the webview, writes the samples and quits. A screenshot of the screen is
// taken while it runs, for people to look at.
func TestWindowShowsChangingDemoBPM(t *testing.T) {
	bin, err := filepath.Abs(repoPath("build", "bin", "beatcast"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is missing: run make build first", bin)
	}
	shotDir, _ := filepath.Abs(repoPath("build", "screenshots"))
	if err := os.MkdirAll(shotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	probe := filepath.Join(tmp, "probe.json")
	shot := filepath.Join(shotDir, "window-demo.png")
	os.Remove(shot)

	// The screenshot is taken from inside the Xvfb session, while the
	// window is up; the app quits itself once the probe has its samples.
	script := `"$BIN" --demo --overlay-addr 127.0.0.1:0 & pid=$!
sleep 4; import -window root "$SHOT"; wait $pid`
	cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "BIN="+bin, "SHOT="+shot, "BEATCAST_E2E_PROBE="+probe,
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_DATA_HOME="+filepath.Join(tmp, "data"))
	done := make(chan error, 1)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("xvfb-run: %v", err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the app under Xvfb failed: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the app did not quit within 60s\n%s", out.String())
	}

	data, err := os.ReadFile(probe)
	if err != nil {
		t.Fatalf("the window never reported its page: %v\n%s", err, out.String())
	}
	var samples []string
	if err := json.Unmarshal(data, &samples); err != nil {
		t.Fatal(err)
	}
	bpmLine := regexp.MustCompile(`(?m)^(\d{2,3})\nBPM$`)
	values := map[string]bool{}
	for _, s := range samples {
		if m := bpmLine.FindStringSubmatch(s); m != nil {
			values[m[1]] = true
		}
		if !strings.Contains(s, "Live") {
			t.Errorf("a sample does not say Live:\n%s", s)
		}
	}
	if len(values) < 2 {
		t.Errorf("the window showed BPM values %v over %d samples; want it to change", values, len(samples))
	}
	if _, err := os.Stat(shot); err != nil {
		t.Errorf("no screenshot was saved: %v", err)
	} else {
		t.Logf("screenshot: %s", shot)
	}
}
