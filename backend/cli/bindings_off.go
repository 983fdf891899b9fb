//go:build !bindings

package cli

// GeneratingBindings is false in every binary that runs Beatcast.
const GeneratingBindings = false
