package ble

import (
	"bufio"
	"bytes"
	"encoding/json"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// lockedBuffer is the helper's stdout, read by the test while the
// writer's timer may write.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// kinds are the events written so far, in order.
func (b *lockedBuffer) kinds(t *testing.T) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	lines := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	for lines.Scan() {
		var e event
		if err := json.Unmarshal(lines.Bytes(), &e); err != nil {
			t.Fatalf("line %q is not an event: %v", lines.Text(), err)
		}
		out = append(out, e.E)
	}
	return out
}

// Beatcast ends a helper that says nothing for 5 s (Source.Watchdog), so a
// helper waiting for a strap must say it is alive; one passing a strap's
// readings on (about one a second) says nothing else, as those readings
// already say it.
func TestWriterSaysAliveOnlyWhenQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var stdout lockedBuffer
		out := newWriter(&stdout)
		out.sayAliveWhenQuiet(aliveEvery)

		time.Sleep(3*aliveEvery + aliveEvery/2) // no strap yet
		synctest.Wait()
		if got := stdout.kinds(t); len(got) != 3 || got[0] != evAlive || got[2] != evAlive {
			t.Fatalf("quiet for 3.5 × %v, the helper wrote %v; want alive three times", aliveEvery, got)
		}

		// A strap's readings come about one a second, a little more or less
		// (here 1.1 s apart: a heart at 55 BPM, or a radio that slips).
		for range 10 {
			out.send(event{E: evMeasurement, Data: []byte{0, 75}})
			time.Sleep(1100 * time.Millisecond)
		}
		synctest.Wait()
		got := stdout.kinds(t)[3:]
		for i, k := range got {
			if k != evMeasurement {
				t.Fatalf("between readings 1.1 s apart the helper wrote %q (event %d of %v); want only the readings", k, i, got)
			}
		}

		time.Sleep(aliveEvery) // the strap stops
		synctest.Wait()
		if got := stdout.kinds(t); got[len(got)-1] != evAlive {
			t.Fatalf("%v after the last reading the helper's last words are %v; want alive", aliveEvery+1100*time.Millisecond, got[len(got)-3:])
		}
	})
}
