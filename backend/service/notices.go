package service

import "sync"

// notices carries what a person must hear while Beatcast runs (a history
// that cannot be written, a text file that cannot) to whoever listens: the
// window once it is up. Until then they wait, so none is lost. Whoever adds
// one has logged it, which is all a headless run has.
type notices struct {
	mu      sync.Mutex
	listen  func(string)
	pending []string
}

// Add tells msg to the listener, or keeps it for the next one.
func (n *notices) Add(msg string) {
	n.mu.Lock()
	listen := n.listen
	if listen == nil {
		n.pending = append(n.pending, msg)
	}
	n.mu.Unlock()
	if listen != nil {
		listen(msg)
	}
}

// Listen sends every notice to f from now on (nil: keep them again), the
// waiting ones first.
func (n *notices) Listen(f func(string)) {
	n.mu.Lock()
	n.listen = f
	pending := n.pending
	if f != nil {
		n.pending = nil
	}
	n.mu.Unlock()
	if f != nil {
		for _, msg := range pending {
			f(msg)
		}
	}
}
