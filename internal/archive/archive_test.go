package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const fixtureSite = "../pipeline/testdata/site"

func writeArchive(t *testing.T, out string) *Result {
	t.Helper()
	res, err := Write(context.Background(), Options{Source: fixtureSite, Out: out})
	if err != nil {
		if res != nil && res.Build != nil {
			for _, d := range res.Build.Diagnostics {
				t.Log(d)
			}
		}
		t.Fatalf("archive: %v", err)
	}
	return res
}

// TestDeterministic archives the same site twice, into different
// temporary build folders, and expects the same bytes.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")
	writeArchive(t, a)
	writeArchive(t, b)
	da, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(da) == 0 || !bytes.Equal(da, db) {
		t.Fatalf("two archives of the same site differ (%d and %d bytes)", len(da), len(db))
	}
}

// TestContents checks the layout of the zip: index.html and the manifest at
// the top, the site under one folder, sorted entries with fixed times and
// modes, Deflate, and a manifest line per file with the right hash.
func TestContents(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site.zip")
	res := writeArchive(t, out)
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != res.Files {
		t.Errorf("%d entries, Write said %d", len(zr.File), res.Files)
	}
	sums := map[string]string{}
	var manifest string
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want Deflate", f.Name, f.Method)
		}
		if !f.Modified.Equal(Epoch) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, Epoch)
		}
		if f.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
		if f.Name == Manifest {
			manifest = string(data)
			continue
		}
		names = append(names, f.Name)
		s := sha256.Sum256(data)
		sums[f.Name] = hex.EncodeToString(s[:])
		if f.Name != "index.html" && !strings.HasPrefix(f.Name, res.Name+"/") {
			t.Errorf("%s is outside the top folder %s/", f.Name, res.Name)
		}
		if strings.HasSuffix(f.Name, ".gongkai-output") {
			t.Errorf("%s: the output marker is in the archive", f.Name)
		}
	}
	if !sort.StringsAreSorted(names[1:]) || names[0] != "index.html" {
		t.Errorf("entries are not index.html then sorted: %v", names[:min(5, len(names))])
	}
	if _, ok := sums[res.Name+"/index.html"]; !ok {
		t.Errorf("no %s/index.html", res.Name)
	}
	lines := strings.Split(strings.TrimSuffix(manifest, "\n"), "\n")
	if len(lines) != len(sums) {
		t.Errorf("manifest has %d lines for %d files", len(lines), len(sums))
	}
	for _, l := range lines {
		sum, name, ok := strings.Cut(l, "  ")
		if !ok {
			t.Errorf("manifest line %q is not `hash  name`", l)
			continue
		}
		if sums[name] != sum {
			t.Errorf("manifest: %s has %s, the file hashes to %s", name, sum, sums[name])
		}
	}
}

func TestSlug(t *testing.T) {
	dir := t.TempDir()
	write := func(yaml string) string {
		src := filepath.Join(dir, "my site")
		if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "content", "site.yaml"), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		return src
	}
	for _, tc := range []struct{ yaml, want string }{
		{"base_url: https://zjj.example.gov.cn/\n", "zjj.example.gov.cn"},
		{"base_url: https://zjj.example.gov.cn:8443/sub/\n", "zjj.example.gov.cn"},
		{"title: x\n", "my-site"},
		{"base_url: [\n", "my-site"},
	} {
		if got := Slug(write(tc.yaml)); got != tc.want {
			t.Errorf("Slug with %q = %q, want %q", tc.yaml, got, tc.want)
		}
	}
}

func TestRedirectEscapes(t *testing.T) {
	r := Redirect(`a"b<c`)
	if strings.Contains(r, `a"b`) || strings.Contains(r, "<c") {
		t.Errorf("the name is not escaped:\n%s", r)
	}
}
