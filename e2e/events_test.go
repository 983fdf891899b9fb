//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A streamer runs Beatcast with a high alert and VRChat's OSC, and the
// README's example bot: the bot prints the alert, VRChat's port receives
// the avatar parameters, and /api/state says an alert is under way.
func TestAlertsReachTheExampleBotAndTheHeartRateReachesOSC(t *testing.T) {
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	// The demo's heart rate is always above 40: the first beat crosses.
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--demo", "--alert-high", "40", "--osc", udp.LocalAddr().String()})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	bot := exec.CommandContext(ctx, "node", "--experimental-websocket", repoPath("docs", "examples", "alert-bot.mjs"), "ws://"+b.addr+"/ws")
	bot.Env = append(os.Environ(), "NODE_NO_WARNINGS=1")
	out, err := bot.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bot.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = bot.Process.Kill(); _ = bot.Wait() }()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "ALERT high: ") || !strings.HasSuffix(lines.Text(), "(threshold 40)") {
		t.Fatalf("the bot printed %q, want the high alert\nbeatcast:\n%s", lines.Text(), b.log())
	}

	// VRChat's port: the parameters of both avatar conventions, by name.
	want := []string{"HR", "onesHR", "tensHR", "hundredsHR", "HRPercent", "FullHRPercent", "isHRConnected", "isHRActive",
		"isHRBeat", "HeartRateInt", "HeartBeatToggle", "HeartRateTrend"}
	seen := map[string]bool{}
	buf := make([]byte, 1500)
	_ = udp.SetReadDeadline(time.Now().Add(5 * time.Second))
	for !hasAll(seen, want) {
		n, _, err := udp.ReadFrom(buf)
		if err != nil {
			t.Fatalf("OSC: only %v arrived: %v", seen, err)
		}
		addr, _, _ := strings.Cut(string(buf[:n]), "\x00")
		seen[strings.TrimPrefix(addr, "/avatar/parameters/")] = true
	}

	resp, err := http.Get("http://" + b.addr + "/api/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var state struct {
		Alert *struct {
			Level     string `json:"level"`
			Threshold int    `json:"threshold"`
		} `json:"alert"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&state); err != nil || state.Alert == nil || state.Alert.Level != "high" {
		t.Errorf("/api/state alert = %+v, %v", state.Alert, err)
	}
}

func hasAll(seen map[string]bool, names []string) bool {
	for _, n := range names {
		if !seen[n] {
			return false
		}
	}
	return true
}
