package pipeline

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/linkcheck"
	"github.com/gongkai/gongkai/internal/output"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixture copies testdata/site to a temporary folder the test may change.
func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS("testdata/site"))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// exampleSite copies the bundled example catalogue into a new site folder.
func exampleSite(t *testing.T) string {
	t.Helper()
	site := t.TempDir()
	if err := os.CopyFS(filepath.Join(site, "content"), gongkai.Example()); err != nil {
		t.Fatal(err)
	}
	return site
}

func mustBuild(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		for _, d := range res.Diagnostics {
			t.Log(d)
		}
		t.Fatalf("build: %v", err)
	}
	return res
}

// tree reads every file below dir into a map by slash path; dir must
// exist.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	out, err := outputFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			t.Errorf("%s only in the first tree", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s only in the second tree", name)
		}
	}
}

func checkLinks(t *testing.T, dir string, offline bool) *linkcheck.Report {
	t.Helper()
	rep, err := linkcheck.Check(dir, linkcheck.Options{Offline: offline, Rooted: []string{"404.html"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("broken reference (offline=%v): %s", offline, p)
	}
	if rep.Pages == 0 || rep.Links == 0 {
		t.Errorf("link check read %d pages and %d links: nothing was checked", rep.Pages, rep.Links)
	}
	return rep
}

// TestExampleCatalogue builds the bundled catalogue: no errors, no warnings,
// and every internal link resolves, both for the web and for file://.
func TestExampleCatalogue(t *testing.T) {
	for _, offline := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		res := mustBuild(t, Options{Source: "../..", Out: out, Offline: offline})
		for _, d := range res.Diagnostics {
			t.Errorf("bundled catalogue: %s", d)
		}
		if res.Records < 60 {
			t.Errorf("bundled catalogue has %d records, want at least 60", res.Records)
		}
		rep := checkLinks(t, out, offline)
		t.Logf("offline=%v: %d records, %d files, %d pages, %d links checked", offline, res.Records, res.Files, rep.Pages, rep.Links)
	}
}

func TestFixtureLinks(t *testing.T) {
	src := fixture(t)
	for _, offline := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "public")
		mustBuild(t, Options{Source: src, Out: out, Offline: offline})
		checkLinks(t, out, offline)
	}
}

// TestDeterministic builds the same input twice, with different numbers of
// workers, and compares every byte.
func TestDeterministic(t *testing.T) {
	for _, src := range []string{"../..", "testdata/site"} {
		a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
		mustBuild(t, Options{Source: src, Out: a, Workers: 1})
		mustBuild(t, Options{Source: src, Out: b, Workers: 8})
		sameTree(t, tree(t, a), tree(t, b))
	}
}

// TestFailedBuildKeepsOutput breaks four records in four ways at once: one
// run reports each at its place, and the previous output stays byte for
// byte, with no staging folder left behind.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src := fixture(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	mustBuild(t, Options{Source: src, Out: out})
	before := tree(t, out)

	c := filepath.Join(src, "content")
	writeFile(t, filepath.Join(c, "notices/2024/bad-date.md"), "---\nindex_no: 11000000MB0000000T/2024-00010\ntitle: 日期错误\npublished: 2024-02-30\n---\n正文\n")
	writeFile(t, filepath.Join(c, "notices/2024/dup.md"), "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 索引号重复\npublished: 2024-05-11\n---\n正文\n")
	writeFile(t, filepath.Join(c, "notices/2024/no-attachment.md"), "---\nindex_no: 11000000MB0000000T/2024-00011\ntitle: 附件缺失\npublished: 2024-05-11\nattachments:\n  - file: 不存在.pdf\n---\n正文\n")
	writeFile(t, filepath.Join(c, "notices/2024/syntax.md"), "---\nindex_no: 11000000MB0000000T/2024-00012\ntitle: [语法错误\npublished: 2024-05-11\n---\n正文\n")

	res, err := Run(context.Background(), Options{Source: src, Out: out})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	var got []string
	var errs []diag.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error { // the records lack summaries too: warnings
			got = append(got, d.Pos.String()+" "+string(d.Rule))
			errs = append(errs, d)
		}
	}
	want := []string{
		"content/notices/2024/bad-date.md:4:12 date-invalid",
		"content/notices/2024/no-attachment.md:6:11 attachment-missing",
		"content/notices/2024/syntax.md:3:8 yaml-syntax",
		"content/notices/2024/tongzhi.md:2:11 duplicate-index-no",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
	// Both places are named: the diagnostic stands at the later file (by
	// path) and its message names the earlier one.
	if len(errs) < 4 || !strings.Contains(errs[3].Message("zh-CN"), "content/notices/2024/dup.md:2:11") {
		t.Errorf("duplicate message does not name the other place: %v", errs)
	}
	if res.Written {
		t.Error("Result.Written is true after a failed build")
	}
	sameTree(t, before, tree(t, out))
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("the output's folder holds %d entries after a failed build, want only public/", len(entries))
	}
}

// TestURLStability moves and renames a record's file: its URL stays.
func TestURLStability(t *testing.T) {
	src := fixture(t)
	a := filepath.Join(t.TempDir(), "a")
	mustBuild(t, Options{Source: src, Out: a})
	c := filepath.Join(src, "content")
	if err := os.Rename(filepath.Join(c, "notices/2024/tongzhi.md"), filepath.Join(c, "notices/moved-and-renamed.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(c, "policies/2024/fangwu"), filepath.Join(c, "policies/2023/renamed-bundle")); err != nil {
		t.Fatal(err)
	}
	b := filepath.Join(t.TempDir(), "b")
	mustBuild(t, Options{Source: src, Out: b})
	sameTree(t, tree(t, a), tree(t, b))
}

func TestRefusesForeignOutput(t *testing.T) {
	out := t.TempDir()
	writeFile(t, filepath.Join(out, "precious.txt"), "keep me")
	_, err := Run(context.Background(), Options{Source: fixture(t), Out: out})
	if err == nil || !strings.Contains(err.Error(), "not written by gongkai") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "precious.txt")); string(data) != "keep me" {
		t.Error("a folder gongkai did not write was changed")
	}
	if _, err := os.Stat(filepath.Join(out, output.Marker)); err == nil {
		t.Error("the marker was written into a foreign folder")
	}
}

func TestCheckWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, Options{Source: fixture(t), Out: out, Check: true})
	if res.Files == 0 {
		t.Error("check rendered no files")
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("check created %s", out)
	}
}

// TestOverrides: a site's layouts/ and static/ files replace the built-in
// ones of the same name; the others stay built-in.
func TestOverrides(t *testing.T) {
	src := fixture(t)
	writeFile(t, filepath.Join(src, "layouts/404.html"), `{{define "main"}}<h1>自定义404</h1>{{end}}`)
	writeFile(t, filepath.Join(src, "static/css/print.css"), "/* site print */")
	writeFile(t, filepath.Join(src, "static/img/logo.svg"), "<svg/>")
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	files := tree(t, out)
	if !bytes.Contains(files["404.html"], []byte("<h1>自定义404</h1>")) {
		t.Error("layouts/404.html did not override the built-in 404 layout")
	}
	if !bytes.Contains(files["404.html"], []byte(`class="site-header"`)) {
		t.Error("the overriding 404 lost the built-in baseof.html")
	}
	if string(files["css/print.css"]) != "/* site print */" {
		t.Error("static/css/print.css did not override the built-in file")
	}
	if !bytes.Contains(files["css/site.css"], []byte(".site-header")) {
		t.Error("built-in css/site.css missing")
	}
	if _, ok := files["img/logo.svg"]; !ok {
		t.Error("the site's own static file was not copied")
	}
}

func TestBrokenLayoutIsReported(t *testing.T) {
	src := fixture(t)
	writeFile(t, filepath.Join(src, "layouts/record.html"), `{{define "main"}}{{.Nope}{{end}}`)
	res, err := Run(context.Background(), Options{Source: src, Out: filepath.Join(t.TempDir(), "p")})
	if !errors.Is(err, ErrInvalid) || len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != diag.RuleTemplate || res.Diagnostics[0].Path != "layouts/record.html" {
		t.Fatalf("err = %v, diagnostics = %v; want one template error for layouts/record.html", err, res.Diagnostics)
	}
}

func TestSitemapSplit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: fixture(t), Out: out, SitemapLimit: 10})
	files := tree(t, out)
	index := string(files["sitemap.xml"])
	if !strings.Contains(index, "<sitemapindex") || !strings.Contains(index, "https://gk.test.example.gov.cn/sitemap-2.xml") {
		t.Fatalf("sitemap.xml is not an index of several sitemaps:\n%s", index)
	}
	total := 0
	for i := 1; ; i++ {
		part, ok := files["sitemap-"+string(rune('0'+i))+".xml"]
		if !ok {
			break
		}
		n := strings.Count(string(part), "<url>")
		if n > 10 {
			t.Errorf("sitemap-%d.xml lists %d URLs, over the limit of 10", i, n)
		}
		total += n
	}
	one := filepath.Join(t.TempDir(), "one")
	mustBuild(t, Options{Source: fixture(t), Out: one})
	if want := strings.Count(string(tree(t, one)["sitemap.xml"]), "<url>"); total != want || want == 0 {
		t.Errorf("split sitemaps list %d URLs, the single one %d", total, want)
	}
}

func TestEnglishInterface(t *testing.T) {
	src := fixture(t)
	site := filepath.Join(src, "content/site.yaml")
	data, _ := os.ReadFile(site)
	writeFile(t, site, "language: en\n"+string(data))
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	page := string(tree(t, out)["policy/2023-00001/index.html"])
	for _, s := range []string{`<html lang="en">`, "Index number", "This document has been repealed"} {
		if !strings.Contains(page, s) {
			t.Errorf("English record page lacks %q", s)
		}
	}
	if strings.Contains(page, "索引号") {
		t.Error("English record page still has Chinese interface text")
	}
}

func TestDrafts(t *testing.T) {
	src := fixture(t)
	writeFile(t, filepath.Join(src, "content/notices/2024/draft.md"), "---\nindex_no: 11000000MB0000000T/2024-00020\ntitle: 草稿通知\npublished: 2024-06-01\ndraft: true\n---\n草稿\n")
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	if _, ok := tree(t, out)["notice/2024-00020/index.html"]; ok {
		t.Error("a draft was published without --drafts")
	}
	mustBuild(t, Options{Source: src, Out: out, Drafts: true})
	if _, ok := tree(t, out)["notice/2024-00020/index.html"]; !ok {
		t.Error("--drafts did not publish the draft")
	}
}

// TestGolden compares chosen output files of the fixture with
// testdata/golden; run with -update to accept a deliberate change.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: "testdata/site", Out: out})
	files := tree(t, out)
	for _, name := range []string{
		"index.html", "policy/2024-00001/index.html", "policy/2023-00001/index.html", "topics/index.html",
		"years/2024/page/2/index.html", "feed.xml", "sitemap.xml", "robots.txt", "art/2024/3/5/art_1.html", "404.html",
	} {
		got, ok := files[name]
		if !ok {
			t.Errorf("%s not written", name)
			continue
		}
		golden := filepath.Join("testdata/golden", filepath.FromSlash(name))
		if *update {
			writeFile(t, golden, string(got))
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test ./internal/pipeline -run TestGolden -update after checking the change)", name, golden)
		}
	}
}

// TestNoSearch: without a search index there is no search page, no search
// box and no index, and every link still resolves.
func TestNoSearch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: fixture(t), Out: out, NoSearch: true})
	files := tree(t, out)
	for name := range files {
		if strings.HasPrefix(name, "search/") {
			t.Errorf("%s written without search", name)
		}
	}
	if bytes.Contains(files["index.html"], []byte(`class="site-search"`)) {
		t.Error("the search box is on the home page of a site without search")
	}
	checkLinks(t, out, false)
	with := filepath.Join(t.TempDir(), "with")
	mustBuild(t, Options{Source: fixture(t), Out: with})
	if _, ok := tree(t, with)["search/index.html"]; !ok {
		t.Error("a normal build has no search page")
	}
}
