package overlay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// LocalFileName is the local-file overlay in Beatcast's data folder.
const LocalFileName = "overlay.html"

// WriteLocalFile writes the overlay page into dir for OBS's "Local file"
// option. Unlike a Browser Source URL, a local file loads even when
// Beatcast is not running yet; the page then keeps retrying wsURL until it
// is. It carries the per-install key, because a file:// page has no origin
// the server could recognise. It returns the file's path.
func WriteLocalFile(dir, wsURL, key string) (string, error) {
	page, err := webFS.ReadFile("web/index.html")
	if err != nil {
		return "", err
	}
	cfg, err := json.Marshal(map[string]string{"ws": wsURL, "key": key})
	if err != nil {
		return "", err
	}
	marker := []byte("<!--beatcast:config-->")
	if !bytes.Contains(page, marker) {
		return "", fmt.Errorf("overlay page lacks its config marker")
	}
	page = bytes.Replace(page, marker, []byte("<script>window.BEATCAST = "+string(cfg)+";</script>"), 1)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, LocalFileName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, page, 0o600); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}
