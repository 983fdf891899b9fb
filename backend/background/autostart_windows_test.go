package background

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// Run on Windows, or under Wine by scripts/wine-check.sh (make dist): the
// value is written where Windows' Startup apps settings look.
func TestRunKeyStartsBeatcastAtSignIn(t *testing.T) {
	r := RunKey{Name: fmt.Sprintf("BeatcastTest%d", os.Getpid())}
	t.Cleanup(func() { _ = r.Disable() })
	if on, err := r.Enabled(); on || err != nil {
		t.Fatalf("Enabled before = %v, %v", on, err)
	}
	if err := r.Enable(`C:\Program Files\Beatcast\beatcast.exe`, []string{"--minimised"}); err != nil {
		t.Fatal(err)
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, runPath, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	value, _, err := k.GetStringValue(r.Name)
	k.Close()
	if want := `"C:\Program Files\Beatcast\beatcast.exe" --minimised`; err != nil || value != want {
		t.Errorf("the Run value is %q (%v), want %q", value, err, want)
	}
	if on, _ := r.Enabled(); !on {
		t.Error("Enabled after Enable = false")
	}
	if err := r.Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := r.Enabled(); on {
		t.Error("still enabled after Disable")
	}
	if err := r.Disable(); err != nil {
		t.Errorf("Disable twice: %v", err)
	}
}
