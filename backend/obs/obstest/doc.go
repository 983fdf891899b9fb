// Package obstest runs real OBS Studio for tests: Debian's OBS 29 with
// obs-websocket 5.1 under its own Xvfb, with a throwaway configuration
// (../shared/docs/real-peers.md says how, and that it has no Browser
// Source). Production code never imports it.
package obstest

import "github.com/beatcast/beatcast/backend/testkit"

// T is what it needs of a test (testkit.T).
type T = testkit.T
