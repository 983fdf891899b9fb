package service

import (
	"strings"
	"sync"
)

// Notices is what a person must hear while Beatcast runs: a settings file
// set aside at start, an overlay port in use, a history or text file that
// cannot be written. Everything enters through Add, whatever its origin,
// and the window shows Text, all of them in one paragraph. Whoever adds one
// has logged it, which is all a headless run has.
type Notices struct {
	mu     sync.Mutex
	all    []string
	listen func(text string)
}

// Add tells msg to whoever listens (empty msg: nothing).
func (n *Notices) Add(msg string) {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return
	}
	n.mu.Lock()
	n.all = append(n.all, msg)
	listen, text := n.listen, n.text()
	n.mu.Unlock()
	if listen != nil {
		listen(text)
	}
}

// Text is every notice so far, in one paragraph ("" for none).
func (n *Notices) Text() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.text()
}

func (n *Notices) text() string { return strings.Join(n.all, " ") }

// Listen sends the whole text to f after each new notice (nil: stop).
func (n *Notices) Listen(f func(text string)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.listen = f
}
