package ble

import (
	"os"
	"testing"
)

// The test binary is also the Bluetooth helper: Source starts it with
// HelperArg first, as Beatcast starts its own executable.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == HelperArg {
		os.Exit(HelperMain(os.Args[2:]))
	}
	os.Exit(m.Run())
}
