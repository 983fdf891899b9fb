package overlay

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/beatcast/beatcast/backend/safefile"
)

// LocalFileName is the default look's local-file overlay in Beatcast's
// data folder; each saved overlay has its own, overlays/<name>.html.
const LocalFileName = "overlay.html"

// LocalFilePath is where the local-file overlay for the saved overlay name
// ("" for the default look) lives under dir.
func LocalFilePath(dir, name string) string {
	if name == "" {
		return filepath.Join(dir, LocalFileName)
	}
	return filepath.Join(dir, "overlays", name+".html")
}

// WriteLocalFile writes the overlay page for OBS's "Local file" option.
// Unlike a Browser Source URL, a local file loads even when Beatcast is
// not running yet; the page then keeps retrying wsURL until it is. It
// carries the per-install key, because a page loaded from a file has no
// origin the server could recognise (see serveWS). It returns the path.
func WriteLocalFile(dir, wsURL, key, name string) (string, error) {
	path := LocalFilePath(dir, name)
	return path, safefile.Write(path, page(pageConfig{WS: wsURL, Key: key, Overlay: name}), 0o600)
}

// RemoveLocalFilesExcept deletes the local files of saved overlays that
// are not in keep.
func RemoveLocalFilesExcept(dir string, keep map[string]bool) error {
	entries, err := os.ReadDir(filepath.Join(dir, "overlays"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".html")
		if ok && !keep[name] {
			if err := os.Remove(filepath.Join(dir, "overlays", e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
