package pipeline

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// TestCacheKeepsRecords builds with the cache on disk once the record files
// are old enough for their metadata to be trusted, then checks that the
// next build reads only the files that changed, and that builds which
// reuse the kept records (their bodies read again only where a page needs
// them) write the bytes of a clean build: after a body edit, a title
// edit, a layout change that renders every page again, a list layout
// that shows bodies, and a change to site.yaml, after which every record
// is decoded from its file again.
func TestCacheKeepsRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the record files to settle; skipped with -short")
	}
	site := exampleSite(t)
	dir := t.TempDir()
	opts := Options{Source: site, Out: filepath.Join(dir, "out"), Cache: filepath.Join(dir, "cache")}
	time.Sleep(2100 * time.Millisecond) // load.Stat.Settled
	mustBuild(t, opts)

	recs := recordFiles(t, site)
	body, title := recs[len(recs)/3], recs[2*len(recs)/3]
	appendFile(t, body, "\n缓存中的记录之外改动的一段正文。\n")
	replaceTitle(t, title, "改过的标题")

	// What the next build reads: only the two files changed.
	s, state := loadSession(opts.Cache, opts.Out)
	if state != CacheUsed {
		t.Fatalf("cache state %d, want used", state)
	}
	s.apart = false // keep the text of the files read, to see which were
	tr, err := s.load(context.Background(), opts, diag.NewReporter(false))
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, f := range tr.Records {
		if f.Data != nil {
			read[f.Rel] = true
		}
	}
	rel := func(p string) string {
		r, _ := filepath.Rel(filepath.Join(site, "content"), p)
		return filepath.ToSlash(r)
	}
	if !read[rel(body)] || !read[rel(title)] {
		t.Errorf("the build read %v; want %s and %s among them", read, rel(body), rel(title))
	}
	for r := range read {
		// Annual reports' tables are not kept (savedRecords): they are
		// read and decoded on every build.
		if r != rel(body) && r != rel(title) && !strings.HasPrefix(r, "reports/annual/") {
			t.Errorf("the build read %s, which did not change", r)
		}
	}

	clean := func(step string) {
		t.Helper()
		c := Options{Source: site, Out: filepath.Join(dir, "clean-"+step)}
		mustBuild(t, c)
		sameTree(t, tree(t, opts.Out), tree(t, c.Out))
	}
	mustBuild(t, opts)
	clean("edits")

	layout, err := fs.ReadFile(gongkai.Layouts(), "partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(site, "layouts", "partials", "footer.html"), string(layout)+"<!-- 改过的页脚 -->\n")
	if res := mustBuild(t, opts); res.Patched {
		t.Error("a layout change patched the pages rather than rendering them all")
	}
	clean("layout")

	// A list layout that shows its records' bodies reads them as .Body,
	// kept records' included.
	writeFile(t, filepath.Join(site, "layouts", "list.html"), `{{define "main"}}{{range .List.Entries}}<pre>{{printf "%s" .Body}}</pre>{{end}}{{end}}`)
	mustBuild(t, opts)
	clean("list bodies")

	siteYAML := filepath.Join(site, "content", "site.yaml")
	data, err := os.ReadFile(siteYAML)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, siteYAML, titleLine.ReplaceAllString(string(data), "title: ${1}（改）"))
	mustBuild(t, opts)
	clean("site")
}

// replaceTitle changes the title of the record file p.
func replaceTitle(t *testing.T, p, title string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, titleLine.ReplaceAllString(string(data), "title: "+title))
}

// TestBodyChangedDuringBuild reads a kept record's body again after its
// file changed, as a build would if the file changed while it ran, and
// expects an error for that record, not the new body.
func TestBodyChangedDuringBuild(t *testing.T) {
	site := exampleSite(t)
	tr, err := load.Content(context.Background(), filepath.Join(site, "content"), "content", diag.NewReporter(false))
	if err != nil {
		t.Fatal(err)
	}
	var f *load.File
	for _, r := range tr.Records {
		if strings.HasSuffix(r.Rel, ".md") {
			f = r
			break
		}
	}
	siteCfg := readSite(tr, Options{}, diag.NewReporter(false))
	read := bodyOf(tr, f, siteCfg, f.Sum)
	if body, err := read(); err != nil || len(body) == 0 {
		t.Fatalf("unchanged file: body %q, %v", body, err)
	}
	appendFile(t, filepath.Join(site, "content", filepath.FromSlash(f.Rel)), "\n生成过程中改动的正文。\n")
	if body, err := read(); err == nil {
		t.Fatalf("changed file: body %q read without an error", body)
	}
}
