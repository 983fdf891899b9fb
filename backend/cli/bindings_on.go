//go:build bindings

package cli

// GeneratingBindings: this binary only generates the window's bindings
// (make bindings): Wails reads the bound methods and exits. Nothing may
// start, listen or touch the user's files.
const GeneratingBindings = true
