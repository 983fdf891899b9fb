package osc

import (
	"fmt"
	"net"
	"time"
)

// presenceEvery is how often Beatcast looks for VRChat where a send to a
// closed port cannot tell (Windows).
const presenceEvery = 5 * time.Second

// processFinder says whether a program is running on this computer. It
// is set on Windows (presence_windows.go) and nil elsewhere, where a send
// to a port nobody listens on fails by itself.
type processFinder func(exe string) (bool, error)

// defaultFindProcess is this system's processFinder (nil: none needed).
var defaultFindProcess processFinder

// vrchatExe is the game's process, as Windows lists it.
const vrchatExe = "VRChat.exe"

// onThisComputer reports whether addr is a loopback address, the only
// case where the processes of this computer say anything about VRChat.
func onThisComputer(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// watchVRChat looks for VRChat every presenceEvery while the target is on
// this computer and s.findProcess is set, and shows its absence as the
// sending problem: Go turns off UDP "port unreachable" reporting on
// Windows (Go issue 5834, net/fd_windows.go), so there a send to a closed
// VRChat never fails. PulsoidToOSC learns of VRChat by OSCQuery (mDNS);
// the process list needs no network and answers for VRChat itself.
func (s *Sender) watchVRChat(stop <-chan struct{}, addr string) {
	tick := time.NewTicker(presenceEvery)
	defer tick.Stop()
	for {
		running, err := s.findProcess(vrchatExe)
		switch {
		case err != nil:
			// Not knowing is not absence: say nothing.
		case !running:
			s.vrchatGone(fmt.Sprintf("VRChat is not running on this computer, so nothing receives the heart rate at %s. "+
				"Start VRChat and turn on OSC in its Action Menu (Options → OSC → Enabled).", addr))
		default:
			s.vrchatBack()
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

// vrchatGone shows problem until VRChat is back; it is logged once.
func (s *Sender) vrchatGone(problem string) {
	s.mu.Lock()
	first := !s.noVRChat
	s.noVRChat, s.status.Problem, s.failedAt = true, problem, time.Now()
	s.mu.Unlock()
	if first {
		s.log.Warn("OSC: VRChat is not running on this computer", "exe", vrchatExe)
	}
}

// vrchatBack clears the problem vrchatGone showed.
func (s *Sender) vrchatBack() {
	s.mu.Lock()
	back := s.noVRChat
	if back {
		s.noVRChat, s.status.Problem = false, ""
	}
	s.mu.Unlock()
	if back {
		s.log.Info("OSC: VRChat is running")
	}
}
