package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDraft: the draft for the year after the fixture's last report
// is written to stdout, in either order of year and flags, and checks
// clean once its balance is filled in.
func TestReportDraft(t *testing.T) {
	src := fixture(t)
	code, out, errOut := cli("report", "draft", "2024", "--source", src)
	if code != 0 {
		t.Fatalf("report draft: %d %s", code, errOut)
	}
	for _, s := range []string{"year: 2024\n", "format: \"2021\"\n", "tables:\n", "  requests:  # 三、收到和处理政府信息公开申请情况\n"} {
		if !strings.Contains(out, s) {
			t.Errorf("draft lacks %q", s)
		}
	}
	if code, out2, _ := cli("report", "draft", "--source", src, "--format", "2019", "2020"); code != 0 || !strings.Contains(out2, "format: \"2019\"") {
		t.Errorf("flags before the year: %d\n%s", code, out2)
	}
	// The draft is kept out of the site until its draft: line goes.
	if err := os.WriteFile(filepath.Join(src, "content/reports/annual/2024.yaml"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, res, _ := cli("check", "--source", src, "--strict", "--today", "2025-01-15"); code != 0 {
		t.Errorf("the draft is not kept out:\n%s", res)
	}
	for _, args := range [][]string{
		{"report"}, {"report", "draft"}, {"report", "draft", "twenty"}, {"report", "draft", "2024", "--format", "1999", "--source", src},
		{"report", "draft", "2024", "--format", "2019", "--source", src},
		{"report", "draft", "2024", "2025"}, {"check", "--source", src, "--today", "2024-13-01"},
	} {
		if code, _, _ := cli(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	// check --today after the deadline warns; "none" skips the check.
	os.Remove(filepath.Join(src, "content/reports/annual/2024.yaml"))
	if _, res, _ := cli("check", "--source", src, "--today", "2025-02-01"); !strings.Contains(res, "[report-missing]") {
		t.Errorf("no deadline warning:\n%s", res)
	}
	if _, res, _ := cli("check", "--source", src, "--today", "none"); strings.Contains(res, "[report-missing]") {
		t.Errorf("--today none still warned:\n%s", res)
	}
	// build says it too, each day anew though nothing else changed.
	pub := filepath.Join(t.TempDir(), "public")
	if code, _, res := cli("build", "--source", src, "--out", pub, "--today", "2025-01-15"); code != 0 || strings.Contains(res, "[report-missing]") {
		t.Errorf("build before the deadline: %d\n%s", code, res)
	}
	if code, _, res := cli("build", "--source", src, "--out", pub, "--today", "2025-02-01"); code != 0 || !strings.Contains(res, "[report-missing]") {
		t.Errorf("build after the deadline: %d, no warning:\n%s", code, res)
	}
	if code, _, _ := cli("build", "--source", src, "--out", pub, "--today", "2025-02-01", "--strict"); code != 1 {
		t.Errorf("build --strict after the deadline: %d, want 1", code)
	}
}
