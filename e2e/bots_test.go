//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// cutter is a TCP proxy in front of Beatcast that can drop every
// connection through it at once, as Wi-Fi or a sleeping laptop does, and
// counts the connections it was asked for (a bot in a reconnect loop
// shows as many).
type cutter struct {
	ln       net.Listener
	mu       sync.Mutex
	open     []net.Conn
	accepted int
}

func newCutter(t *testing.T, target string) *cutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln}
	t.Cleanup(func() { ln.Close(); c.cut() })
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.open, c.accepted = append(c.open, in, out), c.accepted+1
			c.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	return c
}

func (c *cutter) url() string { return "ws://" + c.ln.Addr().String() + "/ws" }

func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.open {
		conn.Close()
	}
	c.open = nil
}

func (c *cutter) connections() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.accepted
}

// The README's bots, as bot writers run them, against a real Beatcast whose
// alert is under way (the demo is always above 40): each says hello on
// connect, loses its connection once, reconnects, is given the alert
// again, and must post it once. Before alerts carried an id and client
// frames were read, the hello closed the bot (1008), it reconnected every
// 2 s and posted the replay each time.
func TestTheREADMEsBotsPostAnAlertOnceThroughAReconnect(t *testing.T) {
	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--demo", "--alert-high", "40"})
	b.waitFor(t, "the first beat", func(s state) bool { return s.Stats.Count > 0 })
	for _, bot := range []struct {
		name string
		argv []string
	}{
		{"node (built-in WebSocket)", []string{"node", "--experimental-websocket", repoPath("docs", "examples", "alert-bot.mjs")}},
		{"python (websockets)", []string{"/usr/bin/python3", repoPath("docs", "examples", "alert_bot.py")}},
	} {
		t.Run(bot.name, func(t *testing.T) {
			proxy := newCutter(t, b.addr)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bot.argv[0], append(bot.argv[1:], proxy.url())...)
			cmd.Env = append(os.Environ(), "NODE_NO_WARNINGS=1")
			out, _ := cmd.StdoutPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			lines := make(chan string, 10)
			go func() {
				for sc := bufio.NewScanner(out); sc.Scan(); {
					lines <- sc.Text()
				}
			}()
			select {
			case l := <-lines:
				if !strings.HasPrefix(l, "ALERT high: ") || !strings.HasSuffix(l, "(threshold 40)") {
					t.Fatalf("the bot printed %q, want the high alert", l)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no alert within 10 s\nbot: %s\nbeatcast:\n%s", stderr.String(), b.log())
			}
			time.Sleep(time.Second) // its hello is read, not refused
			if n := proxy.connections(); n != 1 {
				t.Fatalf("%d connections before any cut: the bot was closed on and reconnected", n)
			}
			proxy.cut()
			deadline := time.Now().Add(15 * time.Second)
			for proxy.connections() < 2 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if proxy.connections() < 2 {
				t.Fatalf("the bot did not reconnect within 15 s\n%s", stderr.String())
			}
			select {
			case l := <-lines:
				t.Errorf("after the reconnect the bot posted %q again: the replay looked new", l)
			case <-time.After(4 * time.Second):
			}
			if n := proxy.connections(); n != 2 {
				t.Errorf("%d connections for one cut, want 2", n)
			}
		})
	}
}

// Streamer.bot is Windows-only: the README's C# snippet is compiled with
// Mono against a stand-in of Streamer.bot's documented base class, and fed
// the messages a websocket client really received from Beatcast over two
// connections (the second during the same alert).
func TestTheREADMEsStreamerBotSnippetPostsAnAlertOnceThroughAReconnect(t *testing.T) {
	for _, tool := range []string{"mcs", "mono"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: make setup-test installs it (Debian's mono-mcs)", tool)
		}
	}
	dir := t.TempDir()
	newtonsoft := "/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll" // Debian's libnewtonsoft-json-cil-dev
	build := exec.Command("mcs", "-out:"+filepath.Join(dir, "action.exe"), "-r:"+newtonsoft,
		repoPath("e2e", "testdata", "streamerbot", "CPHInlineBase.cs"), repoPath("docs", "examples", "streamerbot-alert.cs"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the snippet does not compile: %v\n%s", err, out)
	}
	lib, _ := os.ReadFile(newtonsoft)
	if err := os.WriteFile(filepath.Join(dir, "Newtonsoft.Json.dll"), lib, 0o644); err != nil {
		t.Fatal(err)
	}

	b := startHeadlessWith(t, nil, t.TempDir(), []string{"--demo", "--alert-high", "40"})
	b.waitFor(t, "the first beat", func(s state) bool { return s.Stats.Count > 0 })
	var received []string
	for range 2 { // Streamer.bot's WebSocket Client reconnects by itself
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		c, _, err := websocket.Dial(ctx, "ws://"+b.addr+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		for {
			_, data, err := c.Read(ctx)
			if err != nil {
				break
			}
			received = append(received, string(data))
		}
		c.CloseNow()
		cancel()
	}
	run := exec.Command("mono", filepath.Join(dir, "action.exe"))
	run.Stdin = strings.NewReader(strings.Join(received, "\n") + "\n")
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("the action failed: %v\n%s", err, out)
	}
	posted := strings.Count(string(out), "CHAT Heart rate ")
	alerts := strings.Count(strings.Join(received, "\n"), `"type":"alert"`)
	if posted != 1 || alerts < 2 {
		t.Errorf("%d chat messages from %d alert messages over two connections, want one\n%s", posted, alerts, out)
	}
}

// The bots above are the README's own text, not copies that could drift.
func TestTheREADMEShowsTheBotsThatTheTestsRun(t *testing.T) {
	readme, err := os.ReadFile(repoPath("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"alert-bot.mjs", "alert_bot.py", "streamerbot-alert.cs"} {
		code, err := os.ReadFile(repoPath("docs", "examples", f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), string(code)) {
			t.Errorf("README.md does not show docs/examples/%s as it is", f)
		}
	}
}
