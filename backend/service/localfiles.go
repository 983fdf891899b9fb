package service

import (
	"log/slog"
	"sync"

	"github.com/beatcast/beatcast/backend/overlay"
)

// localFiles keeps the local-file overlays in the data folder in step with
// the saved overlays: one for the default look, one per saved overlay.
type localFiles struct {
	dir, ws, key string
	log          *slog.Logger

	mu      sync.Mutex
	written map[string]string // name ("" for the default look) → path
}

// write writes name's local file; a failure is logged: the Browser Source
// URL still works.
func (l *localFiles) write(name string) {
	if l.dir == "" {
		return
	}
	path, err := overlay.WriteLocalFile(l.dir, l.ws, l.key, name)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written == nil {
		l.written = map[string]string{}
	}
	if err != nil {
		l.log.Warn("could not write a local-file overlay; the Browser Source URL still works", "overlay", name, "err", err)
		delete(l.written, name)
		return
	}
	l.written[name] = path
}

// sync writes the files of the saved overlays and removes the others'.
func (l *localFiles) sync(saved map[string]overlay.Look) {
	if l.dir == "" {
		return
	}
	keep := map[string]bool{}
	for name := range saved {
		keep[name] = true
		l.write(name)
	}
	if err := overlay.RemoveLocalFilesExcept(l.dir, keep); err != nil {
		l.log.Warn("could not remove the local file of a deleted overlay", "err", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for name := range l.written {
		if name != "" && !keep[name] {
			delete(l.written, name)
		}
	}
}

func (l *localFiles) path(name string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.written[name]
}
