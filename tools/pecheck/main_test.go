package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// build cross-compiles testdata/hello for Windows with extra ldflags.
func build(t *testing.T, ldflags string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "hello.exe")
	cmd := exec.Command("go", "build", "-ldflags", ldflags, "-o", out, "./testdata/hello")
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

func TestConsoleBinaryIsRefused(t *testing.T) {
	err := check(build(t, ""), "1.2.3.4")
	if err == nil || !strings.Contains(err.Error(), "console window") {
		t.Fatalf("check = %v, want a subsystem error", err)
	}
}

func TestGUIBinaryWithoutResourcesIsRefused(t *testing.T) {
	err := check(build(t, "-H windowsgui"), "1.2.3.4")
	if err == nil || !strings.Contains(err.Error(), "icon and version were not embedded") {
		t.Fatalf("check = %v, want a missing-resources error", err)
	}
}

func TestNotAPEIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.exe")
	_ = os.WriteFile(path, []byte("MZ but not really"), 0o644)
	if err := check(path, "1"); err == nil {
		t.Fatal("a non-PE file passed")
	}
}

// A GUI binary with go-winres resources, as scripts/dist.sh makes, passes
// with its own version and fails with another.
func TestGUIBinaryWithResourcesPasses(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join("testdata", "hello", "main.go"))
	_ = os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644)
	_ = os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644)
	icon, _ := filepath.Abs(filepath.Join("..", "..", "build", "appicon.png"))
	winres := exec.Command("go", "tool", "go-winres", "simply", "--arch", "amd64", "--out", filepath.Join(dir, "rsrc"),
		"--icon", icon, "--manifest", "gui", "--file-version", "1.2.3.4", "--product-version", "1.2.3.4")
	if b, err := winres.CombinedOutput(); err != nil {
		t.Fatalf("go-winres: %v\n%s", err, b)
	}
	exe := filepath.Join(dir, "hello.exe")
	gobuild := exec.Command("go", "build", "-ldflags", "-H windowsgui", "-o", exe, ".")
	gobuild.Dir = dir
	gobuild.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOWORK=off")
	if b, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	if err := check(exe, "1.2.3.4"); err != nil {
		t.Errorf("check = %v, want it to pass", err)
	}
	if err := check(exe, "9.9.9.9"); err == nil || !strings.Contains(err.Error(), "does not say 9.9.9.9") {
		t.Errorf("check with a wrong version = %v, want a version error", err)
	}
}
