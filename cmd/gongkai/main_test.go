package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("../../internal/pipeline/testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dst
}

func cli(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func breakFixture(t *testing.T, src string) {
	t.Helper()
	bad := "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 重复\npublished: 2024-13-01\ndoc_no: 测建规[2024]9号\n---\n正文\n"
	if err := os.WriteFile(filepath.Join(src, "content/notices/2024/bad.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildAndExitCodes(t *testing.T) {
	src := fixture(t)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := cli("build", "--source", src, "--out", out)
	if code != 0 || !strings.Contains(stdout, "已把 6 条记录生成到") {
		t.Fatalf("build: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	breakFixture(t, src)
	code, _, stderr = cli("build", "--source", src, "--out", out)
	if code != 1 || !strings.Contains(stderr, "content/notices/2024/bad.md:4:12: error:") || !strings.Contains(stderr, "保持原样") {
		t.Fatalf("broken build: code %d, stderr %q", code, stderr)
	}
	if code, _, _ := cli("build", "--nonsense"); code != 2 {
		t.Errorf("unknown flag: code %d, want 2", code)
	}
	if code, _, _ := cli("frobnicate"); code != 2 {
		t.Errorf("unknown command: code %d, want 2", code)
	}
}

func TestBuildDefaultsToCurrentFolder(t *testing.T) {
	src := fixture(t)
	t.Chdir(src)
	if code, _, stderr := cli("build"); code != 0 {
		t.Fatalf("build: code %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(src, "public", "index.html")); err != nil {
		t.Errorf("gongkai build with no arguments did not write public/index.html: %v", err)
	}
}

func TestCheckFormats(t *testing.T) {
	src := fixture(t)
	if code, stdout, _ := cli("check", "--source", src); code != 0 || !strings.Contains(stdout, "0 个错误") {
		t.Fatalf("clean check: code %d, %q", code, stdout)
	}
	breakFixture(t, src)

	code, stdout, _ := cli("check", "--source", src, "--format", "json")
	if code != 1 {
		t.Errorf("json check of a broken site: code %d, want 1", code)
	}
	var ds []struct {
		Path, Severity, Rule, Message string
		Line, Column                  int
	}
	if err := json.Unmarshal([]byte(stdout), &ds); err != nil {
		t.Fatalf("--format json is not JSON: %v\n%s", err, stdout)
	}
	rules := map[string]string{}
	for _, d := range ds {
		rules[d.Rule] = d.Severity
	}
	if rules["date-invalid"] != "error" || rules["doc-no-brackets"] != "warning" || rules["duplicate-index-no"] != "error" {
		t.Errorf("json diagnostics = %+v", ds)
	}

	_, stdout, _ = cli("check", "--source", src, "--format", "github")
	if !strings.Contains(stdout, "::error file=content/notices/2024/bad.md,line=4,col=12,title=date-invalid::") {
		t.Errorf("github format:\n%s", stdout)
	}
	if !strings.Contains(stdout, "::warning file=content/notices/2024/bad.md,line=5,") {
		t.Errorf("github format lacks the warning:\n%s", stdout)
	}

	if code, _, _ := cli("check", "--source", src, "--format", "yaml"); code != 2 {
		t.Errorf("unknown format: code %d, want 2", code)
	}
}

func TestStrictTurnsWarningsIntoErrors(t *testing.T) {
	src := fixture(t)
	warn := "---\nindex_no: 11000000MB0000000T/2024-00030\ntitle: 文号括号\npublished: 2024-06-03\ndoc_no: 测建规[2024]9号\n---\n正文\n"
	if err := os.WriteFile(filepath.Join(src, "content/notices/2024/warn.md"), []byte(warn), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := cli("check", "--source", src); code != 0 {
		t.Errorf("a warning alone failed check: code %d", code)
	}
	if code, _, _ := cli("check", "--source", src, "--strict"); code != 1 {
		t.Errorf("--strict: code %d, want 1", code)
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := cli("init", dir); code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err != nil {
		t.Fatalf("init wrote no site.yaml: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".gitignore")); err != nil || !strings.Contains(string(data), "/.gongkai-cache/") {
		t.Errorf("init's .gitignore: %q, %v; want the cache folder in it", data, err)
	}
	if code, _, _ := cli("init", dir); code != 2 {
		t.Errorf("second init over an existing content/: code %d, want 2", code)
	}
}

func TestNew(t *testing.T) {
	src := fixture(t)
	code, stdout, stderr := cli("new", "--source", src, "notice", "关于测试的通知")
	if code != 0 {
		t.Fatalf("new: %d %s", code, stderr)
	}
	path := strings.TrimSpace(stdout)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("new printed %q, which cannot be read: %v", path, err)
	}
	year := today().Format("2006")
	if !strings.Contains(string(data), "11000000MB0000000T/"+year+"-") || !strings.Contains(string(data), "关于测试的通知") {
		t.Errorf("new record:\n%s", data)
	}
	// --today: the fixture's annual reports end with 2023's. The new record
	// is in the catalogue tree by the kind's defaults, and lacks only its
	// 内容概述 for the editor to write.
	if code, out, _ := cli("check", "--source", src, "--today", "2024-06-01"); code != 0 || strings.Count(out, "[catalogue-") != 1 || !strings.Contains(out, "缺少内容概述") {
		t.Errorf("the site does not check after new, or not with one warning:\n%s", out)
	}
	code2, stdout2, _ := cli("new", "--source", src, "通知公告", "第二个通知")
	if code2 != 0 || strings.TrimSpace(stdout2) == path {
		t.Errorf("a second new did not get a new file: %d %q", code2, stdout2)
	}
	if code, _, _ := cli("new", "--source", src, "memo", "x"); code != 2 {
		t.Errorf("unknown kind: code %d, want 2", code)
	}
	// An annual report is last year's, in the format due for it, with
	// every part and table, as a draft.
	code, stdout, stderr = cli("new", "--source", src, "年报", "测试局年报")
	if code != 0 {
		t.Fatalf("new 年报: %d %s", code, stderr)
	}
	data, err = os.ReadFile(strings.TrimSpace(stdout))
	if err != nil {
		t.Fatal(err)
	}
	last := today().Year() - 1
	for _, s := range []string{"draft: true", fmt.Sprintf("year: %d\n", last), "format: \"2021\"\n", "title: \"测试局年报\"\n",
		"  overview: |", "  problems: |", "  other: |", "  proactive:", "  requests:", "  reviews:"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("new 年报 lacks %q:\n%s", s, data)
		}
	}
}

func TestBuildRefusesContentAsOut(t *testing.T) {
	src := fixture(t)
	content := filepath.Join(src, "content")
	if err := os.WriteFile(filepath.Join(content, ".gongkai-output"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := cli("build", "--source", src, "--out", content)
	if code != 2 || !strings.Contains(stderr, "content/") || !strings.Contains(stderr, "另选") {
		t.Fatalf("build --out content: code %d, stderr %q; want 2 and a Chinese refusal", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(content, "policies")); err != nil {
		t.Errorf("content/policies went: %v", err)
	}
}
