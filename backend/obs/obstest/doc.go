// Package obstest runs real OBS Studio for tests: Debian's OBS 29 with
// obs-websocket 5.1 under its own Xvfb, with a throwaway configuration
// (../shared/docs/real-peers.md says how, and that it has no Browser
// Source). Production code never imports it.
package obstest

// T is what obstest needs of a test: *testing.T, or a benchmark's own.
type T interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
	TempDir() string
}
