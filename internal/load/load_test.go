package load

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/gongkai/gongkai/internal/diag"
)

func unhex(s string) string {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestText(t *testing.T) {
	const record = "---\ntitle: 关于\n---\n"
	for _, c := range []struct {
		name    string
		in      string
		want    string // the text, when problem is ""
		problem string
	}{
		{"UTF-8", record, record, ""},
		{"empty", "", "", ""},
		{"UTF-8 BOM accepted and dropped", "\xEF\xBB\xBF" + record, record, ""},
		{"only the first BOM is dropped", "\xEF\xBB\xBF\xEF\xBB\xBFa", "\xEF\xBB\xBFa", ""},
		{"CRLF", "---\r\ntitle: 关于\r\n---\r\n", record, ""},
		{"CR", "---\rtitle: 关于\r---\r", record, ""},
		{"BOM and CRLF", "\xEF\xBB\xBF---\r\ntitle: 关于\r\n---\r\n", record, ""},
		{"mixed line endings", "a\r\nb\rc\nd\r\r\ne", "a\nb\nc\nd\n\ne", ""},

		// GBK: "---\ntitle: 关于印发\n---\n".
		{"GBK", "---\ntitle: " + unhex("b9d8d3dad3a1b7a2") + "\n---\n", "", "GBK/GB18030"},
		// GB18030 four-byte characters: ä and 𠀀, with 关于.
		{"GB18030", "title: " + unhex("81308a31 95328236 b9d8d3da") + "\n", "", "GBK/GB18030"},
		{"GBK with CRLF", "title: " + unhex("b9d8d3da") + "\r\n", "", "GBK/GB18030"},
		{"UTF-16LE with BOM", "\xFF\xFE" + unhex("2d002d002d000a007400690074006c0065003a00200073518e4e0a002d002d002d000a00"), "", "UTF-16LE"},
		{"UTF-16LE without BOM", unhex("2d002d002d000a007400690074006c0065003a00200073518e4e0a002d002d002d000a00"), "", "UTF-16LE"},
		{"UTF-16BE with BOM", "\xFE\xFF" + unhex("002d002d002d000a007400690074006c0065003a002051734e8e000a002d002d002d000a"), "", "UTF-16BE"},
		{"UTF-16BE without BOM", unhex("002d002d002d000a007400690074006c0065003a002051734e8e000a002d002d002d000a"), "", "UTF-16BE"},
		{"NUL in text", "---\ntitle: a\x00\n---\n", "", Binary},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00", "", Binary},
		{"Latin-1", "title: caf\xe9\n", "", "an unknown encoding (not UTF-8, GBK or GB18030)"},
		{"truncated UTF-8", "title: \xE5", "", "an unknown encoding (not UTF-8, GBK or GB18030)"},
		{"lone 0x80", "a\x80b", "", "an unknown encoding (not UTF-8, GBK or GB18030)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, problem := Text([]byte(c.in))
			if problem != c.problem {
				t.Fatalf("Text(%q) problem %q, want %q", c.in, problem, c.problem)
			}
			if problem == "" && string(got) != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
			if problem != "" && got != nil {
				t.Errorf("Text(%q) returned text %q with problem %q", c.in, got, problem)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: 关于\n---\n", "\xEF\xBB\xBFa\r\nb", "\xFF\xFEa\x00", "a\x00b\x00", "\x00a\x00b",
		unhex("b9d8d3da"), unhex("81308a31"), "\r\r\n\n", "caf\xe9", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		text, problem := Text(data)
		if !bytes.Equal(in, data) {
			t.Fatalf("Text modified its input")
		}
		if problem != "" {
			if text != nil {
				t.Fatalf("problem %q with text", problem)
			}
			return
		}
		if !utf8.Valid(text) {
			t.Fatalf("Text(%q) = %q: not UTF-8", data, text)
		}
		if bytes.IndexByte(text, '\r') >= 0 || bytes.IndexByte(text, 0) >= 0 {
			t.Fatalf("Text(%q) = %q: has CR or NUL", data, text)
		}
		if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) == bytes.HasPrefix(text, []byte("\xEF\xBB\xBF")) && bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) &&
			!bytes.HasPrefix(data, []byte("\xEF\xBB\xBF\xEF\xBB\xBF")) {
			t.Fatalf("Text(%q) = %q: BOM kept", data, text)
		}
		// Lines are kept: CRLF and CR each become one LF.
		body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		want := bytes.Count(body, []byte("\n")) + bytes.Count(body, []byte("\r")) - bytes.Count(body, []byte("\r\n"))
		if got := bytes.Count(text, []byte("\n")); got != want {
			t.Fatalf("Text(%q) = %q: %d line breaks, want %d", data, text, got, want)
		}
		again, p := Text(text)
		if p != "" || !bytes.Equal(again, bytes.TrimPrefix(text, []byte("\xEF\xBB\xBF"))) {
			t.Fatalf("Text is not stable on its output %q: %q, %q", text, again, p)
		}
	})
}

// tree writes files (slash paths relative to root) and returns root.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func diagnostics(r *diag.Reporter) []string {
	var out []string
	for _, d := range r.Diagnostics() {
		out = append(out, d.Format("en"))
	}
	return out
}

func TestContent(t *testing.T) {
	root := tree(t, map[string]string{
		"content/site.yaml":                      "title: x\r\n",
		"content/policies/2024/a.md":             "\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\n",
		"content/policies/2024/b/index.md":       "---\ntitle: b\n---\n",
		"content/policies/2024/b/附件1.pdf":        "%PDF-1.4",
		"content/reports/annual/2024.yaml":       "title: r\n",
		"content/reports/annual/2023.YML":        "title: r\n",
		"content/notices/n.markdown":             "---\ntitle: n\n---\n",
		"content/notices/gbk.md":                 "---\ntitle: " + unhex("b9d8d3da") + "\n---\n",
		"content/notices/utf16.md":               "\xFF\xFE" + unhex("2d002d002d000a00"),
		"content/notices/bin.md":                 "ab\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09",
		"content/.git/config.md":                 "hidden",
		"content/_drafts/x.md":                   "skipped",
		"content/policies/.hidden.md":            "skipped",
		"content/policies/2024/_notes.md":        "skipped",
		"content/policies/2024/data.csv":         "a,b\n",
		"content/pages/guide.md":                 "---\ntitle: g\n---\n",
		"content/pages/nested/site.yaml":         "title: not the site file\n",
		"outside/secret.pdf":                     "secret",
		"outside/dir/x.pdf":                      "x",
		"content/policies/2024/b/附件2.PDF":        "%PDF",
		"content/policies/2024/b/sub/deep/x.doc": "doc",
	})
	content := filepath.Join(root, "content")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(content, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(root, "outside/secret.pdf"), "policies/2024/link.pdf")
	link(filepath.Join(root, "outside/dir"), "policies/2024/linkdir")
	// A file too large, made sparse so the test stays cheap.
	big := filepath.Join(content, "notices/big.md")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxRecordSize+1); err != nil {
		t.Fatal(err)
	}
	// Exactly at the limit is read.
	edge := filepath.Join(content, "notices/edge.md")
	if err := os.WriteFile(edge, bytes.Repeat([]byte("a"), MaxRecordSize), 0o644); err != nil {
		t.Fatal(err)
	}

	r := diag.NewReporter(false)
	tr, err := Content(context.Background(), content, "content", r)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/notices/big.md: error: file too large (8388609 bytes, limit 8388608) [file-too-large]",
		"content/notices/bin.md: error: file contains NUL bytes: not a text file [binary-file]",
		"content/notices/gbk.md: error: file is not UTF-8 (it looks like GBK/GB18030); save it as UTF-8 [encoding]",
		"content/notices/utf16.md: error: file is not UTF-8 (it looks like UTF-16LE); save it as UTF-8 [encoding]",
	}
	if got := diagnostics(r); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tr.Dir != content {
		t.Errorf("Dir = %q", tr.Dir)
	}
	if tr.Site == nil || string(tr.Site.Data) != "title: x\n" || tr.Site.Path != "content/site.yaml" || tr.Site.Rel != "site.yaml" {
		t.Errorf("Site = %+v", tr.Site)
	}
	var rels []string
	for _, f := range tr.Records {
		rels = append(rels, f.Rel)
		if f.Path != "content/"+f.Rel {
			t.Errorf("%s: Path %q", f.Rel, f.Path)
		}
	}
	wantRels := []string{"notices/edge.md", "notices/n.markdown", "pages/guide.md", "pages/nested/site.yaml",
		"policies/2024/a.md", "policies/2024/b/index.md", "reports/annual/2023.YML", "reports/annual/2024.yaml"}
	if strings.Join(rels, " ") != strings.Join(wantRels, " ") {
		t.Errorf("records %q, want %q (sorted)", rels, wantRels)
	}
	for _, f := range tr.Records {
		if f.Rel == "policies/2024/a.md" && string(f.Data) != "---\ntitle: a\n---\n" {
			t.Errorf("a.md read as %q: BOM or CR kept", f.Data)
		}
	}
	wantAssets := map[string]bool{ // rel → symlink
		"policies/2024/b/附件1.pdf": false, "policies/2024/b/附件2.PDF": false, "policies/2024/data.csv": false,
		"policies/2024/b/sub/deep/x.doc": false, "policies/2024/link.pdf": true, "policies/2024/linkdir": true,
	}
	if len(tr.Assets) != len(wantAssets) {
		var got []string
		for k := range tr.Assets {
			got = append(got, k)
		}
		t.Errorf("assets %q, want %d", got, len(wantAssets))
	}
	for rel, sym := range wantAssets {
		a := tr.Assets[rel]
		if a == nil {
			t.Errorf("asset %s missing", rel)
			continue
		}
		if a.Symlink != sym {
			t.Errorf("asset %s: Symlink %v, want %v", rel, a.Symlink, sym)
		}
		if a.Abs != filepath.Join(content, filepath.FromSlash(rel)) {
			t.Errorf("asset %s: Abs %q", rel, a.Abs)
		}
	}
	if a := tr.Assets["policies/2024/b/附件1.pdf"]; a != nil && a.Size != 8 {
		t.Errorf("附件1.pdf size %d, want 8", a.Size)
	}
	if tr.Assets["policies/2024/linkdir/x.pdf"] != nil {
		t.Errorf("walked into a symbolic link to a folder")
	}
}

// A symbolic link named like a record is never read: its target may be any
// file on the machine.
func TestContentSymlinkedRecord(t *testing.T) {
	root := tree(t, map[string]string{
		"content/policies/a.md": "---\ntitle: a\n---\n",
		"secret.md":             "---\ntitle: secret\n---\n",
	})
	content := filepath.Join(root, "content")
	if err := os.Symlink(filepath.Join(root, "secret.md"), filepath.Join(content, "policies/link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(content, "policies/passwd.md")); err != nil {
		t.Fatal(err)
	}
	// A link within content/ is not read either, but names nothing outside.
	if err := os.Symlink("a.md", filepath.Join(content, "policies/same.md")); err != nil {
		t.Fatal(err)
	}
	r := diag.NewReporter(false)
	tr, err := Content(context.Background(), content, "content", r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range tr.Records {
		if f.Rel != "policies/a.md" {
			t.Errorf("read %s (%q) through a symbolic link", f.Rel, f.Data)
		}
	}
	want := []string{
		"content/policies/link.md: error: " + filepath.Join(root, "secret.md") + " points outside content/ [outside-content]",
		"content/policies/passwd.md: error: /etc/passwd points outside content/ [outside-content]",
	}
	if got := diagnostics(r); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestContentMissingFolder(t *testing.T) {
	r := diag.NewReporter(false)
	tr, err := Content(context.Background(), filepath.Join(t.TempDir(), "content"), "content", r)
	if err != nil || tr == nil || tr.Site != nil || len(tr.Records) != 0 || len(r.Diagnostics()) != 0 {
		t.Errorf("missing content/: %v, %+v, %v", err, tr, r.Diagnostics())
	}
}

func TestContentCancelled(t *testing.T) {
	root := tree(t, map[string]string{"content/a/b.md": "x"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Content(ctx, filepath.Join(root, "content"), "content", diag.NewReporter(false)); err != context.Canceled {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestContentUnreadable(t *testing.T) {
	root := tree(t, map[string]string{"content/policies/a.md": "---\ntitle: a\n---\n"})
	p := filepath.Join(root, "content/policies/a.md")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(p); err == nil {
		t.Skip("this user reads files whatever their mode")
	}
	r := diag.NewReporter(false)
	tr, err := Content(context.Background(), filepath.Join(root, "content"), "content", r)
	if err != nil {
		t.Fatal(err)
	}
	ds := r.Diagnostics()
	if len(ds) != 1 || ds[0].Rule != diag.RuleUnreadable || ds[0].Path != "content/policies/a.md" || len(tr.Records) != 0 {
		t.Errorf("unreadable file: %v, %d records", ds, len(tr.Records))
	}
}

func TestIsRecord(t *testing.T) {
	for rel, want := range map[string]bool{
		"a.md": true, "a/b.MD": true, "a.markdown": true, "a.yaml": true, "a.yml": true, "reports/site.yaml": true,
		"site.yaml": false, "site.yml": false, "a.pdf": false, "a.txt": false, "md": false, "a.md.bak": false,
	} {
		if got := IsRecord(rel); got != want {
			t.Errorf("IsRecord(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestOverlay(t *testing.T) {
	root := tree(t, map[string]string{
		"layouts/page.html":       "site page",
		"layouts/extra/x.html":    "site extra",
		"layouts/.hidden.html":    "hidden",
		"layouts/.git/HEAD":       "hidden",
		"layouts/partials/a.html": "site partial",
	})
	dir := filepath.Join(root, "layouts")
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.html")); err != nil {
		t.Fatal(err)
	}
	base := fstest.MapFS{
		"page.html":       {Data: []byte("base page")},
		"list.html":       {Data: []byte("base list")},
		"partials/a.html": {Data: []byte("base partial")},
	}
	o := Overlay{Base: base, Dir: dir}
	files, err := o.Files()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Name+"="+filepath.Base(f.Abs))
	}
	want := []string{"extra/x.html=x.html", "list.html=.", "page.html=page.html", "partials/a.html=a.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Files = %q, want %q", got, want)
	}
	for name, want := range map[string]string{"page.html": "site page", "list.html": "base list", "partials/a.html": "site partial"} {
		if data, err := o.ReadFile(name); err != nil || string(data) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, data, err, want)
		}
	}
	if _, err := o.ReadFile("none.html"); err == nil {
		t.Errorf("ReadFile of a missing file: no error")
	}
	// A site without the folder uses the built-in files.
	o = Overlay{Base: base, Dir: filepath.Join(root, "nope")}
	if files, err := o.Files(); err != nil || len(files) != 3 {
		t.Errorf("missing folder: %v, %v", files, err)
	}
}
