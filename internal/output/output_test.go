package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCommitReplacesWhole(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("a/index.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("old.html", []byte("old")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("the output exists before Commit")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/index.html")); got != "one" {
		t.Errorf("a/index.html = %q", got)
	}

	s, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(parent, "src.pdf")
	if err := os.WriteFile(src, []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("a/index.html", []byte("two")); err != nil {
		t.Fatal(err)
	}
	if err := s.CopyFile("a/附件.pdf", src); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/index.html")); got != "one" {
		t.Errorf("the output changed before Commit: %q", got)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/index.html")); got != "two" {
		t.Errorf("after the second commit a/index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Error("a file of the previous output survived the swap")
	}
	if got := read(t, filepath.Join(out, "a/附件.pdf")); got != "%PDF" {
		t.Errorf("copied file = %q", got)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 { // public and src.pdf
		t.Errorf("left behind beside the output: %v", entries)
	}
}

func TestAbortLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, _ := Begin(out)
	_ = s.WriteFile("index.html", []byte("good"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	s, _ = Begin(out)
	_ = s.WriteFile("index.html", []byte("bad"))
	s.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "good" {
		t.Errorf("after Abort index.html = %q", got)
	}
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Error("Abort left the staging folder")
	}
}

func TestBadNames(t *testing.T) {
	s, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	for _, name := range []string{"", "../x", "a/../../x", "/etc/x", "a//b", "a\\b", "./a"} {
		if err := s.WriteFile(name, nil); err == nil {
			t.Errorf("WriteFile(%q) succeeded", name)
		}
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(out); err == nil || !strings.Contains(err.Error(), "not written by gongkai") {
		t.Fatalf("Begin over a foreign folder: %v", err)
	}
	empty := t.TempDir()
	s, err := Begin(empty)
	if err != nil {
		t.Fatalf("Begin over an empty folder: %v", err)
	}
	s.Abort()
}

func TestSwapByRenames(t *testing.T) {
	dir := t.TempDir()
	staged, final := filepath.Join(dir, "staged"), filepath.Join(dir, "final")
	for _, p := range []string{staged, final} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "f"), []byte(filepath.Base(p)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := swapByRenames(staged, final); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(final, "f")) != "staged" || read(t, filepath.Join(staged, "f")) != "final" {
		t.Error("swapByRenames did not exchange the folders")
	}
}
