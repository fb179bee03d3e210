package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// emptyDir makes the test's working folder an empty one and returns it.
func emptyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

// assertEmpty fails the test when anything was written to dir.
func assertEmpty(t *testing.T, dir, what string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s wrote %s", what, e.Name())
	}
}

// TestHelpAnywhere: -h or --help, wherever it stands, prints the command's
// help on stdout, exits 0 and writes nothing.
func TestHelpAnywhere(t *testing.T) {
	for _, args := range [][]string{
		{"-h"}, {"--help"}, {"help"},
		{"init", "-h"}, {"init", "--help"}, {"init", "mysite", "-h"},
		{"new", "-h"}, {"new", "notice", "-h"}, {"new", "notice", "标题", "--help"},
		{"build", "-h"}, {"build", "--out", "x", "--help"}, {"check", "-h"}, {"serve", "-h"},
		{"search", "物业", "-h"}, {"import", "x.csv", "--help"}, {"report", "-h"}, {"report", "draft", "2024", "-h"},
		{"archive", "-h"}, {"deploy", "out", "-h"},
	} {
		dir := emptyDir(t)
		code, stdout, stderr := cli(args...)
		if code != 0 || strings.TrimSpace(stdout) == "" || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0 and the help on stdout", args, code, stdout, stderr)
		}
		assertEmpty(t, dir, strings.Join(args, " "))
	}
	// After "--" it is an argument like any other.
	dir := emptyDir(t)
	if code, _, _ := cli("init", "--", "-h"); code != 0 {
		t.Errorf("init -- -h: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "-h", "content")); err != nil {
		t.Errorf("init -- -h did not make the site -h: %v", err)
	}
}

// TestRefusesOutsideASite: commands that read or write a site refuse to run
// in a folder without content/, say where they looked, and write nothing.
func TestRefusesOutsideASite(t *testing.T) {
	for _, args := range [][]string{
		{"new", "notice", "关于测试的通知"}, {"build"}, {"check"}, {"serve", "--port", "0"}, {"search", "物业"},
		{"report", "draft", "2024"}, {"archive"}, {"deploy", "out"}, {"import", "rows.csv"},
	} {
		dir := emptyDir(t)
		// A serve that did not refuse would serve until stopped.
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		var o, e strings.Builder
		code := run(ctx, args, &o, &e)
		cancel()
		stdout, stderr := o.String(), e.String()
		want := filepath.Join(dir, "content")
		if code != 2 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "gongkai init") {
			t.Errorf("%q outside a site: exit %d, stderr %q; want 2 and where it looked (%s)", args, code, stderr, want)
		}
		if stdout != "" {
			t.Errorf("%q outside a site printed %q", args, stdout)
		}
		assertEmpty(t, dir, strings.Join(args, " "))
	}
	t.Setenv("GONGKAI_LANG", "en")
	emptyDir(t)
	if _, _, stderr := cli("build"); !strings.Contains(stderr, "not a gongkai site") {
		t.Errorf("GONGKAI_LANG=en: %q", stderr)
	}
}

// TestReportDraftOut: --out writes the draft whole, leaves an existing
// file alone without --force, and never reads its own target, even a
// broken one; a shell redirection into content/ is refused.
func TestReportDraftOut(t *testing.T) {
	src := fixture(t)
	target := filepath.Join(src, "content/reports/annual/2024.yaml")
	code, stdout, stderr := cli("report", "draft", "2024", "--source", src, "--out", target)
	if code != 0 || strings.TrimSpace(stdout) != target {
		t.Fatalf("report draft --out: %d %q %q", code, stdout, stderr)
	}
	first, err := os.ReadFile(target)
	if err != nil || !strings.Contains(string(first), "year: 2024\n") {
		t.Fatalf("the draft written: %q, %v", first, err)
	}
	if code, _, stderr := cli("report", "draft", "2024", "--source", src, "--out", target); code != 2 || !strings.Contains(stderr, "--force") {
		t.Errorf("over an existing draft without --force: %d %q", code, stderr)
	}
	// Half written, as a shell's redirection leaves it: not read.
	if err := os.WriteFile(target, []byte("index_no: 11000000MB0000000T/2025-0\ntitle: [半"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = cli("report", "draft", "2024", "--source", src, "--out", target, "--force")
	if code != 0 || stderr != "" {
		t.Errorf("--force over a broken draft: %d %q; want no complaint about the target", code, stderr)
	}
	if again, _ := os.ReadFile(target); string(again) != string(first) {
		t.Errorf("the draft written over its own target differs from the first:\n%s", again)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".gongkai-tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	redirect := filepath.Join(src, "content/reports/annual/2025.yaml")
	f, err := os.Create(redirect)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var e strings.Builder
	if code := run(t.Context(), []string{"report", "draft", "2025", "--source", src}, f, &e); code != 2 || !strings.Contains(e.String(), "--out") {
		t.Errorf("stdout redirected into content/: exit %d, %q; want 2 and --out suggested", code, e.String())
	}
}
