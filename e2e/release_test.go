//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The version comes from git tags, through scripts/version.sh alone: a
// copy of the script in a repository of its own, tagged as a release is.
func TestVersionComesFromTheNewestTag(t *testing.T) {
	repo := t.TempDir()
	script, err := os.ReadFile(repoPath("scripts", "version.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repo, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "scripts", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	version := func(arg ...string) string {
		t.Helper()
		out, err := exec.Command(filepath.Join(repo, "scripts", "version.sh"), arg...).Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(out))
	}
	commit := func(msg string) { git("commit", "-q", "--allow-empty", "-m", msg) }

	git("init", "-q")
	git("add", ".")
	commit("one")
	commit("two")
	if got := version(); got != "0.0.0+2" {
		t.Errorf("before any tag: version %q, want 0.0.0+2", got)
	}
	git("tag", "v0.2.0")
	if got, num := version(), version("--numeric"); got != "0.2.0" || num != "0.2.0.0" {
		t.Errorf("on v0.2.0: version %q, numeric %q; want 0.2.0 and 0.2.0.0", got, num)
	}
	if got := version("--commit"); !regexp.MustCompile(`^[0-9a-f]{7}$`).MatchString(got) {
		t.Errorf("--commit %q is not a short commit", got)
	}
	commit("three")
	git("tag", "not-a-version")
	if got, num := version(), version("--numeric"); got != "0.2.0+1" || num != "0.2.0.1" {
		t.Errorf("one commit after v0.2.0: version %q, numeric %q; want 0.2.0+1 and 0.2.0.1", got, num)
	}
	if err := os.WriteFile(filepath.Join(repo, "scripts", "version.sh"), append(script, '\n'), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := version("--commit"); !strings.HasSuffix(got, "-dirty") {
		t.Errorf("with uncommitted changes --commit says %q, want …-dirty", got)
	}
}

// make release (make dist RELEASE=1) refuses to build without Beatcast's
// client id, and says how to give it.
func TestReleaseRefusesWithoutClientID(t *testing.T) {
	check := func(env ...string) (string, int) {
		cmd := exec.Command(repoPath("scripts", "dist.sh"), "--check")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	out, code := check("RELEASE=1", "CLIENT_ID=")
	if code != 2 || !strings.Contains(out, "make release CLIENT_ID=") || !strings.Contains(out, "public, not a secret") {
		t.Errorf("a release without a client id: exit %d, said %q", code, out)
	}
	if out, code := check("RELEASE=1", "CLIENT_ID=abc-123"); code != 0 {
		t.Errorf("a release with a client id: exit %d, said %q", code, out)
	}
	if out, code := check("RELEASE=", "CLIENT_ID="); code != 0 {
		t.Errorf("a development build: exit %d, said %q", code, out)
	}
}

// A build without a client id says it is a development build; one made
// with it does not.
func TestVersionSaysWhetherItIsADevelopmentBuild(t *testing.T) {
	bin := repoPath("build", "bin", "beatcast")
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^beatcast \d+\.\d+\.\d+(\+\d+)? \([0-9a-f]{7}(-dirty)?\)`).MatchString(line) {
		t.Errorf("--version says %q, want beatcast X.Y.Z (abc1234)", line)
	}
	// make test builds without CLIENT_ID unless one is given.
	if dev := strings.Contains(line, "development build"); dev != (os.Getenv("CLIENT_ID") == "") {
		t.Errorf("--version says %q with CLIENT_ID=%q", line, os.Getenv("CLIENT_ID"))
	}
}
