package overlay

import (
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
)

// refusals logs what the server refuses without letting anyone flood the
// log: any web page on the computer can make the browser knock thousands
// of times. The first refusal of a kind in a minute is logged, its value
// clipped; the rest are counted and summed up once the minute is over.
type refusals struct {
	log    *slog.Logger
	window time.Duration

	mu      sync.Mutex
	counted map[string]int // kind → refusals since its first logged one
}

func newRefusals(log *slog.Logger) *refusals {
	return &refusals{log: log, window: time.Minute, counted: map[string]int{}}
}

// add notes one refusal of kind (e.g. "connections from other websites"),
// with detail, a value from the network, clipped before it is logged.
func (r *refusals) add(kind, detail string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n, seen := r.counted[kind]; seen {
		r.counted[kind] = n + 1
		return
	}
	r.counted[kind] = 0
	r.log.Warn("refused "+kind, "detail", clip(detail), "next", "further refusals this minute are counted, not logged one by one")
	time.AfterFunc(r.window, func() { r.sumUp(kind) })
}

func (r *refusals) sumUp(kind string) {
	r.mu.Lock()
	n := r.counted[kind]
	delete(r.counted, kind)
	r.mu.Unlock()
	if n > 0 {
		r.log.Warn("refused more "+kind, "count", n, "in_the_last", r.window.String())
	}
}

// maxLogged is how much of a value from the network reaches the log.
const maxLogged = 80

// clip makes a value from the network safe to log: printable characters
// only, at most maxLogged of them.
func clip(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxLogged {
			b.WriteString("…")
			break
		}
		if !unicode.IsPrint(r) {
			r = '?'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
