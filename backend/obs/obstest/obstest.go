//go:build linux

package obstest

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/beatcast/beatcast/backend/obs"
	"github.com/beatcast/beatcast/backend/testkit"
)

// OBS is one running OBS Studio.
type OBS struct {
	// URL is its websocket server, ws://127.0.0.1:PORT.
	URL      string
	Password string
	serverOn bool
	fps      int
	home     string
	display  string
	xvfb     *exec.Cmd
	cmd      *exec.Cmd
	exited   chan struct{}
	log      *testkit.LogBuffer
}

// Require fails the test when OBS or Xvfb is missing, saying how to get them.
func Require(t T) {
	t.Helper()
	for _, bin := range []string{"obs", "Xvfb"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is missing: make setup-test installs it (Debian's obs-studio, obs-plugins, xvfb)", bin)
		}
	}
}

// Start runs OBS with its websocket server on a free port, asking for
// password ("" for none), and waits until it answers. It is stopped when
// the test ends.
func Start(t T, password string) *OBS {
	t.Helper()
	return start(t, password, true, 10)
}

// StartFPS is Start rendering fps frames a second (10 in tests, to spare
// the CPU; OBS's own default is 30). OBS applies a scene switch at its
// next frame, so a timing depends on it.
func StartFPS(t T, password string, fps int) *OBS {
	t.Helper()
	return start(t, password, true, fps)
}

// StartServerOff runs OBS with its websocket server turned off, as OBS
// ships, and waits until it has started.
func StartServerOff(t T) *OBS {
	t.Helper()
	return start(t, "", false, 10)
}

func start(t T, password string, serverOn bool, fps int) *OBS {
	t.Helper()
	Require(t)
	o := &OBS{Password: password, serverOn: serverOn, fps: fps, home: t.TempDir(), log: &testkit.LogBuffer{}}
	o.URL = "ws://" + freeAddr(t)
	o.writeConfig(t)
	o.startXvfb(t)
	o.start(t)
	t.Cleanup(o.stop)
	return o
}

// writeConfig makes a profile that skips the first-run wizard and keeps
// OBS cheap on two cores (640×360 at o.fps), with the websocket server on.
func (o *OBS) writeConfig(t T) {
	t.Helper()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(o.URL, "ws://"))
	auth := "false"
	if o.Password != "" {
		auth = "true"
	}
	files := map[string]string{
		"obs-studio/global.ini": "[General]\nFirstRun=true\nLastVersion=486539266\n\n" +
			"[Basic]\nProfile=Beatcast\nProfileDir=Beatcast\nSceneCollection=Beatcast\nSceneCollectionFile=Beatcast\n\n" +
			"[BasicWindow]\nSysTrayEnabled=false\n\n" +
			"[OBSWebSocket]\nFirstLoad=false\nServerEnabled=" + strconv.FormatBool(o.serverOn) + "\nServerPort=" + port + "\nAlertsEnabled=false\n" +
			"AuthRequired=" + auth + "\nServerPassword=" + o.Password + "\n",
		"obs-studio/basic/profiles/Beatcast/basic.ini": "[General]\nName=Beatcast\n\n" +
			"[Video]\nBaseCX=640\nBaseCY=360\nOutputCX=640\nOutputCY=360\nFPSType=1\nFPSInt=" + strconv.Itoa(o.fps) + "\n",
	}
	for name, body := range files {
		path := filepath.Join(o.home, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// startXvfb gives this OBS a screen of its own.
func (o *OBS) startXvfb(t T) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	o.xvfb = exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	o.xvfb.ExtraFiles = []*os.File{w}
	o.xvfb.SysProcAttr = testkit.EndsWithTest()
	o.xvfb.Stderr = o.log
	if err := o.xvfb.Start(); err != nil {
		t.Fatalf("starting Xvfb: %v", err)
	}
	w.Close()
	// Read to the newline: Xvfb dies if the pipe closes before it has
	// written all of it ("Cannot write display number to fd 3").
	r.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v\n%s", err, o.Log())
	}
	o.display = ":" + strings.TrimSpace(line)
}

// start runs OBS and waits until its websocket server answers.
func (o *OBS) start(t T) {
	t.Helper()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(o.URL, "ws://"))
	o.cmd = exec.Command("obs", "--multi", "--disable-missing-files-check", "--websocket_port", port)
	o.cmd.Env = append(os.Environ(), "DISPLAY="+o.display, "XDG_CONFIG_HOME="+o.home, "HOME="+o.home,
		"LIBGL_ALWAYS_SOFTWARE=1", "QT_QPA_PLATFORM=xcb",
		// No session bus: libdbus would autolaunch one on the X display,
		// and a document portal would mount itself in the test's home.
		"DBUS_SESSION_BUS_ADDRESS=disabled:")
	o.cmd.Dir = o.home
	o.cmd.SysProcAttr = testkit.EndsWithTest()
	o.cmd.Stdout, o.cmd.Stderr = o.log, o.log
	if err := o.cmd.Start(); err != nil {
		t.Fatalf("starting OBS: %v", err)
	}
	o.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { cmd.Wait(); close(exited) }(o.cmd, o.exited)
	deadline := time.Now().Add(60 * time.Second)
	for !o.serverOn {
		if strings.Contains(o.Log(), "Startup complete") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("OBS did not start within 60 s\n%s", o.Log())
		}
		time.Sleep(100 * time.Millisecond)
	}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := obs.Dial(ctx, o.URL, o.Password)
		cancel()
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-o.exited:
			t.Fatalf("OBS exited while starting: %v\n%s", o.cmd.ProcessState, o.Log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("OBS's websocket server did not answer within 60 s: %v\n%s", err, o.Log())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Dial connects to this OBS as a test's own client.
func (o *OBS) Dial(t T) *obs.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := obs.Dial(ctx, o.URL, o.Password)
	if err != nil {
		t.Fatalf("connecting to OBS: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// Kill ends OBS at once, as a crash would.
func (o *OBS) Kill() {
	if o.cmd != nil && o.cmd.Process != nil {
		o.cmd.Process.Kill()
		<-o.exited
	}
}

// Restart starts OBS again after Kill, on the same port with the same
// configuration and scenes.
func (o *OBS) Restart(t T) {
	t.Helper()
	o.Kill()
	o.start(t)
}

// Freeze stops OBS (SIGSTOP) as a hung OBS would be: its socket stays
// open and answers nothing. It is thawed when the test ends.
func (o *OBS) Freeze(t T) {
	o.cmd.Process.Signal(syscall.SIGSTOP)
	t.Cleanup(func() { o.cmd.Process.Signal(syscall.SIGCONT) })
}

// PID is OBS's process id.
func (o *OBS) PID() int { return o.cmd.Process.Pid }

func (o *OBS) stop() {
	if o.cmd != nil && o.cmd.Process != nil {
		o.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-o.exited:
		case <-time.After(5 * time.Second):
			o.Kill()
		}
	}
	if o.xvfb != nil && o.xvfb.Process != nil {
		// SIGTERM: Xvfb removes its lock and socket for the next one.
		o.xvfb.Process.Signal(syscall.SIGTERM)
		o.xvfb.Wait()
	}
}

// Log is what OBS printed.
func (o *OBS) Log() string { return o.log.String() }

// Home is OBS's configuration home (XDG_CONFIG_HOME).
func (o *OBS) Home() string { return o.home }

func freeAddr(t T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
