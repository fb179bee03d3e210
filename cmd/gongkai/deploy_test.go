package main

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeployLocal deploys the fixture to a folder twice: the second run
// changes nothing and writes an empty purge list; a missing file comes
// back and is listed for purging only if it changed.
func TestDeployLocal(t *testing.T) {
	src := fixture(t)
	dst := filepath.Join(t.TempDir(), "www")
	purge := filepath.Join(t.TempDir(), "purge.txt")
	code, out, errs := cli("deploy", "--source", src, "--purge-list", purge, dst)
	if code != 0 {
		t.Fatalf("deploy: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dst, "index.html")); err != nil {
		t.Fatalf("the home page was not deployed: %v", err)
	}
	code, out, errs = cli("deploy", "--from", filepath.Join(src, "public"), "--source", src, "--purge-list", purge, dst)
	if code != 0 || !strings.Contains(out, "上传 0 个资源文件和 0 个页面，删除 0 个") {
		t.Fatalf("redeploy: exit %d\n%s%s", code, out, errs)
	}
	if data, err := os.ReadFile(purge); err != nil || len(data) != 0 {
		t.Errorf("purge list after a no-op: %q, %v", data, err)
	}
	// A changed file on the target is sent again and listed for purging.
	if err := os.WriteFile(filepath.Join(dst, "robots.txt"), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = cli("deploy", "--from", filepath.Join(src, "public"), "--source", src, "--purge-list", purge, dst)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if data, _ := os.ReadFile(purge); !strings.HasSuffix(strings.TrimSpace(string(data)), "/robots.txt") {
		t.Errorf("purge list %q, want the URL of robots.txt", data)
	}
	// The deletion guard and the dry run.
	if err := os.WriteFile(filepath.Join(dst, "extra.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = cli("deploy", "--from", filepath.Join(src, "public"), "--source", src, "--max-delete", "0", dst)
	if code != 2 || !strings.Contains(errs, "--max-delete") {
		t.Errorf("deleting past --max-delete: exit %d (want 2, a refusal), %s", code, errs)
	}
	code, out, _ = cli("deploy", "--dry-run", "--from", filepath.Join(src, "public"), "--source", src, dst)
	if code != 0 || !strings.Contains(out, "删除 extra.html") {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dst, "extra.html")); err != nil {
		t.Error("the dry run or the refused deploy deleted extra.html")
	}
}

func TestArchiveCommand(t *testing.T) {
	src := fixture(t)
	zipPath := filepath.Join(t.TempDir(), "out.zip")
	code, out, errs := cli("archive", "--source", src, "--out", zipPath, "--name", "portal")
	if code != 0 {
		t.Fatalf("archive: exit %d\n%s%s", code, out, errs)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"index.html", "MANIFEST.sha256", "portal/index.html", "portal/search/index.html"} {
		if !names[want] {
			t.Errorf("the zip lacks %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("archive wrote the site's public/ folder")
	}
}

// Every refusal of deploy exits 2 and changes nothing: a folder gongkai
// never deployed to, and an S3 prefix that climbs out of itself.
func TestDeployRefusals(t *testing.T) {
	src := fixture(t)
	if code, _, errs := cli("build", "--source", src); code != 0 {
		t.Fatal(errs)
	}
	public := filepath.Join(src, "public")
	dst := t.TempDir()
	for i := range 50 {
		os.WriteFile(filepath.Join(dst, fmt.Sprintf("unrelated-%02d.txt", i)), []byte("keep"), 0o644)
	}
	code, _, errs := cli("deploy", "--from", public, "--source", src, dst)
	if code != 2 || !strings.Contains(errs, "--force") {
		t.Errorf("deploying into a folder of other files: exit %d, %s", code, errs)
	}
	if left, _ := filepath.Glob(filepath.Join(dst, "*")); len(left) != 50 {
		t.Errorf("the refused deploy left %d of the 50 files", len(left))
	}
	for _, target := range []string{"s3://bucket/pre/../../x", "s3://bucket/a//b"} {
		code, _, errs := cli("deploy", "--from", public, "--source", src, "--endpoint", "http://127.0.0.1:1", target)
		if code != 2 || !strings.Contains(errs, "segment") {
			t.Errorf("%s: exit %d, %s", target, code, errs)
		}
	}
	if code, _, errs := cli("deploy", "--from", public, "--source", src, "--force", dst); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errs)
	}
}
