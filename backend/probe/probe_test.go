package probe

import (
	"testing"
	"time"
)

func TestTheProbeIsOffUnlessATestAsks(t *testing.T) {
	t.Setenv("BEATCAST_E2E_PROBE", "")
	if p := FromEnv(); p != nil {
		t.Fatalf("probe bound without BEATCAST_E2E_PROBE: %+v", p)
	}
	t.Setenv("BEATCAST_E2E_PROBE", "/tmp/probe.json")
	t.Setenv("BEATCAST_E2E_PROBE_EVERY", "nonsense")
	t.Setenv("BEATCAST_E2E_PROBE_SAMPLES", "-3")
	p := FromEnv()
	if p == nil || p.every != 700*time.Millisecond || p.want != 8 {
		t.Fatalf("bad values fall back to the defaults: %+v", p)
	}
	t.Setenv("BEATCAST_E2E_PROBE_EVERY", "50ms")
	t.Setenv("BEATCAST_E2E_PROBE_SAMPLES", "3")
	if p := FromEnv(); p.every != 50*time.Millisecond || p.want != 3 {
		t.Errorf("probe %+v", p)
	}
}
