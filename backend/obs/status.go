package obs

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/beatcast/beatcast/backend/problem"
	"github.com/beatcast/beatcast/backend/proc"
)

// DefaultURL is where OBS 28 and later serve their websocket.
const DefaultURL = "ws://127.0.0.1:4455"

// LinkState is the connection to OBS in one word. The values are a
// contract with bots (/api/state "obs.state"): keep them exactly.
type LinkState string

const (
	Connected  LinkState = "connected"  // identified: actions and the text source work
	Connecting LinkState = "connecting" // not yet, or OBS is not running: trying again
	Refused    LinkState = "refused"    // OBS refused the password (or ended the session)
	Off        LinkState = "off"        // OBS runs, but its websocket server is off
)

// Status is what the window, the tray and /api/state say about OBS.
type Status struct {
	State   LinkState `json:"state"`
	Message string    `json:"message"`
	URL     string    `json:"url"`
	// Version is OBS's, once connected.
	Version *Version `json:"version,omitempty"`
	// Unavailable says, per effect this OBS cannot do, why.
	Unavailable map[Effect]string `json:"unavailable,omitempty"`
	// Problem is the last thing that failed in OBS ("" once one works).
	Problem string `json:"problem,omitempty"`
}

// CheckURL says why u cannot be OBS's websocket address, or nil; empty
// means off.
func CheckURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "ws" && p.Scheme != "wss") || p.Hostname() == "" || p.Port() == "" {
		return problem.New("obs_url", fmt.Sprintf("Give OBS's websocket address as ws://HOST:PORT, e.g. %s (OBS on this computer), not %q.", DefaultURL, u))
	}
	return nil
}

// onThisComputer reports whether u names this computer, where the process
// list can tell "OBS is not running" from "its websocket server is off".
func onThisComputer(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	host := p.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// obsRunning says whether OBS runs here; known is false where the process
// list is not read. OBS's executable is obs64.exe on Windows and obs on
// Linux.
func obsRunning() (running, known bool) {
	found, err := proc.Running("obs64.exe", "obs32.exe", "obs.exe", "obs")
	return found, err == nil
}

// trouble is the status after a failed connection to u.
func trouble(u string, err error, running func() (bool, bool)) Status {
	st := Status{URL: u, State: Connecting}
	switch {
	case errors.Is(err, ErrWrongPassword) && strings.Contains(err.Error(), "none is set"):
		st.State, st.Message = Refused, "OBS asks for a password. Copy it from OBS (Tools → WebSocket Server Settings → "+
			"Show Connect Info) into Beatcast's Settings → OBS, or start Beatcast with BEATCAST_OBS_PASSWORD."
	case errors.Is(err, ErrWrongPassword):
		st.State, st.Message = Refused, "OBS refused the password. Copy it again from OBS (Tools → WebSocket Server Settings → "+
			"Show Connect Info) into Beatcast's Settings → OBS."
	case errors.Is(err, ErrKicked):
		st.State, st.Message = Refused, "Beatcast was disconnected in OBS's list of websocket sessions, so it stays away. "+
			"Press Reconnect in Settings → OBS when you want it back."
	case errors.Is(err, ErrNoAnswer):
		st.Message = fmt.Sprintf("OBS at %s does not answer: is it frozen? Trying again.", u)
	case errors.Is(err, ErrNotOBS):
		st.Message = fmt.Sprintf("Something answers at %s, but it is not OBS's websocket server (OBS 28 or newer). "+
			"Check the address in Settings → OBS. Trying again.", u)
	default:
		st.Message = fmt.Sprintf("Can't reach OBS at %s: is OBS running, with its websocket server on "+
			"(Tools → WebSocket Server Settings)? Trying again.", u)
		if !onThisComputer(u) {
			break
		}
		switch found, known := running(); {
		case known && found:
			_, port, _ := net.SplitHostPort(strings.TrimPrefix(strings.TrimPrefix(u, "ws://"), "wss://"))
			st.State, st.Message = Off, fmt.Sprintf("OBS is running, but its websocket server is off. In OBS, open "+
				"Tools → WebSocket Server Settings, tick \"Enable WebSocket server\" and check the port is %s.", port)
		case known:
			st.Message = "OBS is not running. Beatcast connects by itself when it starts."
		}
	}
	return st
}

// connected is the status of a session with an OBS of version v.
func connected(u string, v Version) Status {
	st := Status{State: Connected, URL: u, Version: &v,
		Message: fmt.Sprintf("Connected to OBS %s (obs-websocket %s).", v.OBS, v.WebSocket)}
	for e := range needs {
		if why := v.Unavailable(e); why != "" {
			if st.Unavailable == nil {
				st.Unavailable = map[Effect]string{}
			}
			st.Unavailable[e] = why
		}
	}
	return st
}
