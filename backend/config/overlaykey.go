package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// OverlayKey returns this install's key for the local-file overlay,
// creating it on first use. The key lets a file:// page, which has no
// origin, open the overlay websocket; websites cannot know it.
func OverlayKey(p Paths) (string, error) {
	path := filepath.Join(p.ConfigDir, "overlay-key")
	data, err := os.ReadFile(path)
	if err == nil {
		if key := strings.TrimSpace(string(data)); len(key) == 64 {
			return key, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	key := hex.EncodeToString(b[:])
	return key, writeFileAtomic(path, []byte(key+"\n"), 0o600)
}
