package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// screenWatch counts what windows draw on an X screen, through the X
// DAMAGE extension on the root window: every region a client draws is one
// event with its rectangle. Regions drawn within a few milliseconds of
// each other are one frame. It speaks the X protocol itself (a handful of
// requests) so that make bench needs no X library headers; xReady uses its
// connection setup too.
type screenWatch struct {
	conn   net.Conn
	notify byte // the event code the server gave DamageNotify
	mu     sync.Mutex
	// since the last reset
	frames int
	pixels int64
	last   time.Time
	err    error
}

// sameFrame: regions drawn closer together than this are one frame (a
// display frame is 16.7 ms; one frame's regions arrive within a few).
const sameFrame = 8 * time.Millisecond

// screenFrames is what a window drew over a measured stretch.
type screenFrames struct {
	PerSecond      float64 `json:"frames_per_second"`
	PixelsPerFrame float64 `json:"pixels_per_frame"`
}

// watchScreen connects to display (":N", Xvfb without authorisation) and
// starts counting.
func watchScreen(display string) (*screenWatch, error) {
	c, root, idBase, err := dialX(display)
	if err != nil {
		return nil, err
	}
	notify, err := xStartDamage(c, root, idBase|1)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("X DAMAGE on %s: %w", display, err)
	}
	w := &screenWatch{conn: c, notify: notify}
	go w.run()
	return w, nil
}

var le = binary.LittleEndian

// dialX connects to display (":N"; its abstract socket, else its socket
// file), completes the connection setup (protocol 11.0, no authorisation,
// as Xvfb runs here) and returns the first screen's root window and the id
// base for new resources.
func dialX(display string) (c net.Conn, root, idBase uint32, err error) {
	for _, addr := range []string{"@/tmp/.X11-unix/X" + display[1:], "/tmp/.X11-unix/X" + display[1:]} {
		if c, err = net.DialTimeout("unix", addr, time.Second); err != nil {
			continue
		}
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		if root, idBase, err = xSetup(c); err == nil {
			_ = c.SetDeadline(time.Time{})
			return c, root, idBase, nil
		}
		c.Close()
	}
	return nil, 0, 0, fmt.Errorf("X server on %s: %w", display, err)
}

// xSetup completes the connection setup and returns the first screen's
// root window and the id base for new resources.
func xSetup(c net.Conn) (root, idBase uint32, err error) {
	if _, err = c.Write([]byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return 0, 0, err
	}
	head := make([]byte, 8)
	if _, err = io.ReadFull(c, head); err != nil {
		return 0, 0, err
	}
	rest := make([]byte, int(le.Uint16(head[6:]))*4)
	if _, err = io.ReadFull(c, rest); err != nil {
		return 0, 0, err
	}
	if head[0] != 1 {
		return 0, 0, errors.New("the server refused the connection")
	}
	vendor, formats := int(le.Uint16(rest[16:])), int(rest[21])
	screen := 32 + (vendor+3)/4*4 + formats*8
	return le.Uint32(rest[screen:]), le.Uint32(rest[4:]), nil
}

// xStartDamage asks for a DamageNotify for every region drawn on root and
// returns that event's code.
func xStartDamage(c net.Conn, root, id uint32) (byte, error) {
	name := "DAMAGE"
	q := make([]byte, 8+(len(name)+3)/4*4)
	q[0] = 98 // QueryExtension
	le.PutUint16(q[2:], uint16(len(q)/4))
	le.PutUint16(q[4:], uint16(len(name)))
	copy(q[8:], name)
	reply, err := xRequest(c, q)
	if err != nil {
		return 0, err
	}
	if reply[8] == 0 {
		return 0, errors.New("the server has no DAMAGE extension")
	}
	major, firstEvent := reply[9], reply[10]
	// DamageQueryVersion 1.1 must come first; then DamageCreate with the
	// level "raw rectangles" (0).
	v := make([]byte, 12)
	v[0], v[1] = major, 0
	le.PutUint16(v[2:], 3)
	le.PutUint32(v[4:], 1)
	le.PutUint32(v[8:], 1)
	if _, err := xRequest(c, v); err != nil {
		return 0, err
	}
	d := make([]byte, 16)
	d[0], d[1] = major, 1
	le.PutUint16(d[2:], 4)
	le.PutUint32(d[4:], id)
	le.PutUint32(d[8:], root)
	_, err = c.Write(d)
	return firstEvent, err
}

// xRequest sends one request and reads its reply (nothing else can arrive
// before it: no events are asked for yet).
func xRequest(c net.Conn, req []byte) ([]byte, error) {
	if _, err := c.Write(req); err != nil {
		return nil, err
	}
	reply := make([]byte, 32)
	if _, err := io.ReadFull(c, reply); err != nil {
		return nil, err
	}
	if reply[0] == 0 {
		return nil, fmt.Errorf("X error %d", reply[1])
	}
	if extra := le.Uint32(reply[4:]); extra > 0 {
		if _, err := io.CopyN(io.Discard, c, int64(extra)*4); err != nil {
			return nil, err
		}
	}
	return reply, nil
}

// run reads events until the connection closes.
func (w *screenWatch) run() {
	ev := make([]byte, 32)
	for {
		if _, err := io.ReadFull(w.conn, ev); err != nil {
			w.mu.Lock()
			if w.err == nil && !errors.Is(err, net.ErrClosed) {
				w.err = err
			}
			w.mu.Unlock()
			return
		}
		if ev[0] == 1 { // a reply: skip its extra bytes
			_, _ = io.CopyN(io.Discard, w.conn, int64(le.Uint32(ev[4:]))*4)
			continue
		}
		if ev[0]&0x7f != w.notify {
			continue
		}
		now := time.Now()
		w.mu.Lock()
		if now.Sub(w.last) > sameFrame {
			w.frames++
		}
		w.last = now
		w.pixels += int64(le.Uint16(ev[20:])) * int64(le.Uint16(ev[22:]))
		w.mu.Unlock()
	}
}

// reset starts a new count.
func (w *screenWatch) reset() {
	w.mu.Lock()
	w.frames, w.pixels = 0, 0
	w.mu.Unlock()
}

// count returns what was drawn since the last reset, over d.
func (w *screenWatch) count(d time.Duration) (screenFrames, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := screenFrames{PerSecond: float64(w.frames) / d.Seconds()}
	if w.frames > 0 {
		f.PixelsPerFrame = float64(w.pixels) / float64(w.frames)
	}
	return f, w.err
}

func (w *screenWatch) Close() error { return w.conn.Close() }
