package config

import (
	"path/filepath"
	"testing"
)

// testPaths is a fresh config and data folder for one test, on every system.
func testPaths(t *testing.T) Paths {
	dir := t.TempDir()
	return Paths{ConfigDir: filepath.Join(dir, "config", AppDir), DataDir: filepath.Join(dir, "data", AppDir)}
}
