package config

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"

	"github.com/beatcast/beatcast/backend/safefile"
)

// OverlayKey returns this install's key for the local-file overlays,
// creating it on first use. The key lets a page served from a file (which
// has no origin the server could recognise) open the overlay websocket;
// websites cannot know it. A key file that is not a small regular file is
// set aside and replaced: the local files are rewritten at every start.
func OverlayKey(p Paths) (string, error) {
	path := filepath.Join(p.ConfigDir, "overlay-key")
	var key string
	if _, _, err := readKept(path, func(data []byte) error {
		key = strings.TrimSpace(string(data))
		return nil
	}); err != nil {
		return "", err
	}
	if len(key) == 64 {
		return key, nil
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	key = hex.EncodeToString(b[:])
	return key, safefile.Write(path, []byte(key+"\n"), 0o600)
}
