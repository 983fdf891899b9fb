package history

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// Every test in this package must leave no goroutine behind. Run with
// crashDirEnv set, the binary is instead the process the crash test kills.
func TestMain(m *testing.M) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		recordUntilKilled(dir)
	}
	goleak.VerifyTestMain(m)
}
