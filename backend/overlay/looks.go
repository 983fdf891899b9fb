package overlay

import (
	"encoding/json"
	"maps"
	"sync"
)

// looks holds the saved overlays and wakes every page showing one when
// any changes, so restyling never means touching OBS.
type looks struct {
	mu      sync.Mutex
	byName  map[string]Look
	changed chan struct{} // closed and replaced on every change
}

func newLooks() *looks { return &looks{byName: map[string]Look{}, changed: make(chan struct{})} }

// set replaces the saved overlays.
func (l *looks) set(saved map[string]Look) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byName = maps.Clone(saved)
	close(l.changed)
	l.changed = make(chan struct{})
}

// message is what a page showing name is sent now, and a channel that is
// closed when that may change.
func (l *looks) message(name string) ([]byte, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	look, ok := l.byName[name]
	msg := struct {
		Type    string `json:"type"`
		Name    string `json:"name"`
		Options Look   `json:"options"`
		Missing bool   `json:"missing,omitempty"`
	}{Type: "overlay", Name: name, Options: look, Missing: !ok}
	if msg.Options == nil {
		msg.Options = Look{}
	}
	data, _ := json.Marshal(msg) // a struct of strings: cannot fail
	return data, l.changed
}
