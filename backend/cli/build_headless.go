//go:build !desktop && !bindings

package cli

// CanOpenWindow is false in the headless-only build (make build-headless):
// no GTK or WebKit is linked, which keeps a server's memory to a fraction
// of the desktop build's (docs/BENCHMARKS.md). It runs only --headless.
const CanOpenWindow = false
