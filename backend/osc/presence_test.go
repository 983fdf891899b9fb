package osc

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/beatcast/beatcast/backend/hub"
	"github.com/beatcast/beatcast/backend/testkit"
)

// On Windows a send to a closed VRChat never fails (Go issue 5834), so the
// process list must say it; this runs that logic here with a stand-in list.
func TestWhereSendsCannotTellVRChatsAbsenceIsShownAndItsReturnClearsIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var running, asked atomic.Bool
		s := NewSender(Target{Addr: DefaultAddr}, testkit.Quiet)
		s.dial = func(string) (net.Conn, error) { return &conn{t: t}, nil }
		s.findProcess = func(exe string) (bool, error) {
			if exe != "VRChat.exe" {
				t.Errorf("looked for %q", exe)
			}
			asked.Store(true)
			return running.Load(), nil
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go s.Follow(ctx, hub.New())
		synctest.Wait()
		if p := s.Status().Problem; !strings.Contains(p, "VRChat is not running on this computer") || !strings.Contains(p, "127.0.0.1:9000") {
			t.Fatalf("problem %q, want VRChat's absence named", p)
		}
		running.Store(true)
		time.Sleep(presenceEvery)
		synctest.Wait()
		if p := s.Status().Problem; p != "" {
			t.Errorf("VRChat is back, yet the problem is %q", p)
		}
		// VRChat elsewhere on the network: this computer's processes say nothing.
		asked.Store(false)
		running.Store(false)
		s.SetTarget(Target{Addr: "192.168.1.20:9000"})
		time.Sleep(2 * presenceEvery)
		synctest.Wait()
		if asked.Load() || s.Status().Problem != "" {
			t.Errorf("for another computer it asked this one's processes (%v); problem %q", asked.Load(), s.Status().Problem)
		}
	})
}
