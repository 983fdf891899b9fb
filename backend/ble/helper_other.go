//go:build !linux && !windows

package ble

import (
	"context"
	"log/slog"
)

// runHelper: this build has no Bluetooth (macOS needs cgo for
// CoreBluetooth, and the macOS builds are made without it).
func runHelper(ctx context.Context, h helperArgs, out *writer, log *slog.Logger) int {
	out.send(event{E: evState, State: stUnsupported})
	<-ctx.Done()
	return exitDone
}
