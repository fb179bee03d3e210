package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/diag"
)

// snapshot is every file below dir with its bytes and modification time.
type snapshot map[string]struct {
	data []byte
	mod  time.Time
}

func snap(t *testing.T, dir string) snapshot {
	t.Helper()
	out := snapshot{}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return out
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = struct {
			data []byte
			mod  time.Time
		}{data, info.ModTime()}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (s snapshot) bytes() map[string][]byte {
	m := map[string][]byte{}
	for k, v := range s {
		m[k] = v.data
	}
	return m
}

// recordFiles lists the Markdown records below content/.
func recordFiles(t *testing.T, site string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

var titleLine = regexp.MustCompile(`(?m)^title: (.*)$`)

// edit is one change an editor might make; it returns an undo for changes
// that may leave the catalogue invalid.
type edit struct {
	name string
	do   func(t *testing.T, r *rand.Rand, site string, step int) (undo func())
}

func appendFile(t *testing.T, p, text string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, string(data)+text)
}

var edits = []edit{
	{"body", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		fs := recordFiles(t, site)
		appendFile(t, fs[r.IntN(len(fs))], fmt.Sprintf("\n第%d次修改补充的一段说明文字。\n", step))
		return nil
	}},
	{"title", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		fs := recordFiles(t, site)
		p := fs[r.IntN(len(fs))]
		data, _ := os.ReadFile(p)
		writeFile(t, p, titleLine.ReplaceAllString(string(data), fmt.Sprintf("title: ${1}（第%d次修订）", step)))
		return nil
	}},
	{"add", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		writeFile(t, filepath.Join(site, "content", "notices", fmt.Sprintf("added-%d.md", step)), fmt.Sprintf(
			"---\nindex_no: 11339900MB01234567/2026-%05d\ntitle: 新增通知第%d号\nkind: notice\nissuer: 云溪市住房和城乡建设局\npublished: 2026-0%d-1%d\ntopic: 城乡建设、环境保护/城乡建设（含住房）\ngenre: 通知\n---\n\n新增通知正文，第%d次。\n",
			90000+step, step, 1+r.IntN(9), r.IntN(10), step))
		return nil
	}},
	{"delete", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		fs := recordFiles(t, site)
		p := fs[r.IntN(len(fs))]
		data, _ := os.ReadFile(p)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return func() { writeFile(t, p, string(data)) }
	}},
	{"rename", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		fs := recordFiles(t, site)
		p := fs[r.IntN(len(fs))]
		if filepath.Base(p) == "index.md" {
			return nil // a bundle: its folder names it
		}
		if err := os.Rename(p, strings.TrimSuffix(p, ".md")+fmt.Sprintf("-r%d.md", step)); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{"layout", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		data, err := fs.ReadFile(gongkai.Layouts(), "partials/footer.html")
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(site, "layouts", "partials", "footer.html"), string(data)+fmt.Sprintf("<!-- %d -->\n", step))
		return nil
	}},
	{"attachment", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		var atts []string
		filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && (strings.HasSuffix(p, ".pdf") || strings.HasSuffix(p, ".docx")) {
				atts = append(atts, p)
			}
			return err
		})
		slices.Sort(atts)
		appendFile(t, atts[r.IntN(len(atts))], fmt.Sprintf("%%%d", step))
		return nil
	}},
	{"site", func(t *testing.T, r *rand.Rand, site string, step int) func() {
		p := filepath.Join(site, "content", "site.yaml")
		data, _ := os.ReadFile(p)
		writeFile(t, p, titleLine.ReplaceAllString(string(data), fmt.Sprintf("title: ${1}%d", step%2)))
		return nil
	}},
	{"nothing", func(*testing.T, *rand.Rand, string, int) func() { return nil }},
}

func messages(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

// TestIncrementalEqualsClean makes a random sequence of edits to the
// example catalogue and after each compares two incremental builds (one
// with its session on disk, as `gongkai build` keeps it, one in memory and
// told the paths changed, as serve does) with a clean build: same files, byte for byte, and the same
// diagnostics. It also checks that the incremental builds left every file
// whose bytes did not change untouched, and that a build that fails leaves
// the output as it was.
func TestIncrementalEqualsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example catalogue about 80 times; skipped with -short")
	}
	site := exampleSite(t)
	tmp := t.TempDir()
	cache := filepath.Join(tmp, "cache")
	onDisk := filepath.Join(tmp, "disk")
	inMem := filepath.Join(tmp, "mem")
	sess := NewSession()
	ctx := context.Background()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GONGKAI_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (GONGKAI_SEED=%d reproduces it)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 1))
	// The in-memory session is told which paths changed, as serve tells
	// it: found by comparing content/ before and after each edit.
	contentBefore := snap(t, filepath.Join(site, "content"))
	patched := 0 // in-memory builds that rendered only what the changes showed on
	build := func(step int) (clean *Result, cleanErr error) {
		contentNow := snap(t, filepath.Join(site, "content"))
		changed := []string{}
		for name, f := range contentNow {
			if old, ok := contentBefore[name]; !ok || !bytes.Equal(old.data, f.data) || !old.mod.Equal(f.mod) {
				changed = append(changed, name)
			}
		}
		for name := range contentBefore {
			if _, ok := contentNow[name]; !ok {
				changed = append(changed, name)
			}
		}
		contentBefore = contentNow
		incr := []struct {
			out  string
			opts Options
		}{
			{onDisk, Options{Source: site, Out: onDisk, Cache: cache}},
			{inMem, Options{Source: site, Out: inMem, Session: sess, Changed: changed, KeepSearch: true, Private: true}},
		}
		before := make([]snapshot, len(incr))
		for i, b := range incr {
			before[i] = snap(t, b.out)
		}
		clean, cleanErr = Run(ctx, Options{Source: site, Out: filepath.Join(tmp, fmt.Sprintf("clean-%d", step))})
		for i, b := range incr {
			res, err := Run(ctx, b.opts)
			if b.opts.Session != nil && err == nil && res.SearchStale {
				// As serve does: the pages first, then the index.
				if res.Patched {
					patched++
				}
				first := res.Changed
				res, err = UpdateSearch(ctx, b.opts)
				if err == nil {
					res.Changed += first
				}
			}
			if (err == nil) != (cleanErr == nil) || err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("step %d, %s: incremental build: %v; clean build: %v", step, b.out, err, cleanErr)
			}
			if got, want := messages(res.Diagnostics), messages(clean.Diagnostics); !slices.Equal(got, want) {
				t.Errorf("step %d, %s: diagnostics\n%s\nwant\n%s", step, b.out, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			after := snap(t, b.out)
			if err != nil {
				sameTree(t, after.bytes(), before[i].bytes())
				continue
			}
			sameTree(t, after.bytes(), tree(t, clean.Out))
			touched := 0
			for name, a := range after {
				if old, ok := before[i][name]; ok && bytes.Equal(old.data, a.data) && !old.mod.Equal(a.mod) {
					t.Errorf("step %d, %s: %s was rewritten with the same bytes", step, b.out, name)
				}
				if old, ok := before[i][name]; !ok || !bytes.Equal(old.data, a.data) {
					touched++
				}
			}
			if step > 0 && touched > 0 && res.Changed < touched {
				t.Errorf("step %d, %s: %d files changed, the result says %d", step, b.out, touched, res.Changed)
			}
		}
		return clean, cleanErr
	}
	if _, err := build(0); err != nil {
		t.Fatalf("the example catalogue does not build: %v", err)
	}
	for step := 1; step <= 24; step++ {
		e := edits[r.IntN(len(edits))]
		t.Logf("step %d: %s", step, e.name)
		undo := e.do(t, r, site, step)
		_, err := build(step)
		if err != nil && undo != nil {
			undo()
			t.Logf("step %d: the catalogue became invalid; undone", step)
			if _, err := build(step + 100); err != nil {
				t.Fatalf("step %d: still invalid after undo: %v", step, err)
			}
		} else if err != nil {
			t.Fatalf("step %d (%s) made the catalogue invalid: %v", step, e.name, err)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d in-memory builds were patched", patched)
}

// TestIncrementalAfterFailedBuild: a build that fails after a title changed
// must not make the next build, which only fixes a body, keep the lists
// that show the old title.
func TestIncrementalAfterFailedBuild(t *testing.T) {
	site := exampleSite(t)
	out := filepath.Join(t.TempDir(), "out")
	sess := NewSession()
	ctx := context.Background()
	run := func(changed ...string) error {
		_, err := Run(ctx, Options{Source: site, Out: out, Session: sess, Changed: changed})
		return err
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	fs := recordFiles(t, site)
	a, b := fs[3], fs[7]
	rel := func(p string) string {
		r, _ := filepath.Rel(filepath.Join(site, "content"), p)
		return filepath.ToSlash(r)
	}
	data, _ := os.ReadFile(a)
	writeFile(t, a, titleLine.ReplaceAllString(string(data), "title: 改过的标题${1}"))
	good, _ := os.ReadFile(b)
	writeFile(t, b, string(good)+"\n[坏链接](record:no-such-index)\n")
	if err := run(rel(a), rel(b)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a broken record: link gave %v, want ErrInvalid", err)
	}
	writeFile(t, b, string(good))
	if err := run(rel(b)); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, Options{Source: site, Out: clean})
	sameTree(t, tree(t, out), tree(t, clean))
}

// TestCacheRepairsHandEdits: with the on-disk cache, a rebuild of an
// unchanged site puts back an output file changed, removed or added by
// hand, as a clean build would have it.
func TestCacheRepairsHandEdits(t *testing.T) {
	site := exampleSite(t)
	dir := t.TempDir()
	opts := Options{Source: site, Out: filepath.Join(dir, "out"), Cache: filepath.Join(dir, "cache")}
	mustBuild(t, opts)
	want := tree(t, opts.Out)
	if res := mustBuild(t, opts); res.Changed != 0 {
		t.Fatalf("a rebuild of an unchanged site changed %d files", res.Changed)
	}
	// The build recorded the output's folders, so that the next one reads
	// only those changed since (output.RecordFolders): the edits below
	// are made inside such folders too.
	sess, state := loadSession(opts.Cache, opts.Out)
	if state != CacheUsed {
		t.Fatalf("cache: %v", state)
	}
	deep := ""
	for name := range want {
		if _, known := sess.folders[path.Dir(name)]; known && strings.Count(name, "/") >= 2 && (deep == "" || name < deep) {
			deep = name
		}
	}
	if deep == "" {
		t.Fatalf("no folder below the top was recorded (%d recorded)", len(sess.folders))
	}
	if sess.checking != nil {
		<-sess.checking.done
	}
	writeFile(t, filepath.Join(opts.Out, "index.html"), "defaced")
	if err := os.Remove(filepath.Join(opts.Out, "feed.xml")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(opts.Out, "stray", "x.html"), "not ours")
	writeFile(t, filepath.Join(opts.Out, filepath.FromSlash(deep)), "defaced too")
	writeFile(t, filepath.Join(opts.Out, filepath.FromSlash(path.Dir(deep)), "stray.html"), "not ours either")
	res := mustBuild(t, opts)
	sameTree(t, tree(t, opts.Out), want)
	if res.Changed != 5 {
		t.Errorf("the repair changed %d files, want 5", res.Changed)
	}
}

// TestPatchedTitleEdits changes the title of records that other pages show
// (a policy that an interpretation interprets; a policy that other records
// link to with record:) and checks that the in-memory session patches the
// output (renders only what shows them) and still equals a clean build.
func TestPatchedTitleEdits(t *testing.T) {
	site := exampleSite(t)
	// An interpretation that names its policy only in interprets:, not
	// with a record: link in its body.
	writeFile(t, filepath.Join(site, "content", "interpretations", "2021", "weixiu-jiedu-2.md"),
		"---\nindex_no: 11339900MB01234567/2021-09001\ntitle: 维修资金细则问答\nwritten: 2021-03-20\npublished: 2021-03-20\n"+
			"topic: 城乡建设、环境保护/城乡建设（含住房）\ninterprets: [11339900MB01234567/2021-00004]\n---\n\n问答正文。\n")
	out := filepath.Join(t.TempDir(), "out")
	sess := NewSession()
	ctx := context.Background()
	if _, err := Run(ctx, Options{Source: site, Out: out, Session: sess}); err != nil {
		t.Fatal(err)
	}
	for i, rel := range []string{
		"policies/2021/weixiu-zijin-xize.md",                   // interpreted, as above
		"policies/2023/jiazhuang-dianti-shishi-banfa/index.md", // interpreted and linked to
		"policies/2021/laojiu-xiaoqu-gaizao-yijian.md",         // linked to with record:
	} {
		p := filepath.Join(site, "content", filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, p, titleLine.ReplaceAllString(string(data), fmt.Sprintf("title: ${1}（修订%d）", i)))
		res, err := Run(ctx, Options{Source: site, Out: out, Session: sess, Changed: []string{rel}})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Patched {
			t.Errorf("%s: a title edit was not patched", rel)
		}
		clean := filepath.Join(t.TempDir(), "clean")
		mustBuild(t, Options{Source: site, Out: clean})
		sameTree(t, tree(t, out), tree(t, clean))
	}
}

// TestUpdateSearchFails: a search update that fails (here, cancelled) leaves
// the output as the pages' build left it, and the next one brings the index
// up to date as a clean build would.
func TestUpdateSearchFails(t *testing.T) {
	site := exampleSite(t)
	out := filepath.Join(t.TempDir(), "out")
	sess := NewSession()
	ctx := context.Background()
	mustBuild(t, Options{Source: site, Out: out, Session: sess, Private: true})
	rel := "policies/2023/fangdichan-pingwen-ruogan-cuoshi.md"
	p := filepath.Join(site, "content", filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, strings.Replace(string(data), "title: 关于促进房地产市场平稳健康发展的若干措施", "title: 关于促进房地产市场平稳健康发展的若干措施（修订）", 1))
	res, err := Run(ctx, Options{Source: site, Out: out, Session: sess, Private: true, KeepSearch: true, Changed: []string{rel}})
	if err != nil || !res.SearchStale {
		t.Fatalf("the pages' build: %v, search stale %v", err, res != nil && res.SearchStale)
	}
	pages := tree(t, out)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := UpdateSearch(cancelled, Options{Source: site, Out: out, Session: sess, Private: true}); err == nil {
		t.Fatal("a cancelled search update did not fail")
	}
	sameTree(t, tree(t, out), pages)
	if _, err := UpdateSearch(ctx, Options{Source: site, Out: out, Session: sess, Private: true}); err != nil {
		t.Fatal(err)
	}
	clean := mustBuild(t, Options{Source: site, Out: filepath.Join(t.TempDir(), "clean")})
	sameTree(t, tree(t, out), tree(t, clean.Out))
}

// TestKeptOutputAfterHandEdit: the output kept for the next build to
// update (its previous output) is trusted folder by folder only when the
// build that kept it found the output exactly as its manifest said. Here a
// page is edited by hand in a folder whose time does not change; the build
// after repairs it and keeps the edited output; the one after that removes
// the page's record, so nothing writes over the edited file: it must still
// be found, and the output be a clean build's.
func TestKeptOutputAfterHandEdit(t *testing.T) {
	site := exampleSite(t)
	dir := t.TempDir()
	recs := recordFiles(t, site)
	// A record whose removal leaves a valid catalogue, and its page.
	full := tree(t, mustBuildQuiet(t, site, filepath.Join(dir, "full")))
	var gone, page string
	for i := len(recs) - 1; i >= 0 && gone == ""; i-- {
		other := exampleSite(t)
		rel, _ := filepath.Rel(site, recs[i])
		if err := os.Remove(filepath.Join(other, rel)); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprint("without", i))
		if _, err := Run(context.Background(), Options{Source: other, Out: out}); err != nil {
			continue
		}
		without := tree(t, out)
		for name := range full {
			if _, ok := without[name]; !ok && strings.Count(name, "/") >= 2 && strings.HasSuffix(name, "/index.html") {
				gone, page = recs[i], name
				break
			}
		}
	}
	if gone == "" {
		t.Fatal("no record of the example can go without breaking the catalogue")
	}
	opts := Options{Source: site, Out: filepath.Join(dir, "out"), Cache: filepath.Join(dir, "cache")}
	settled := func() { time.Sleep(20 * time.Millisecond) }
	mustBuild(t, opts)
	settled()
	others := slices.DeleteFunc(slices.Clone(recs), func(p string) bool { return p == gone })
	appendFile(t, others[0], "\n\n第一次改动。\n")
	mustBuild(t, opts)
	settled()
	// In place, as an editor's tool would: the folder's time stays.
	f, err := os.OpenFile(filepath.Join(opts.Out, filepath.FromSlash(page)), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("<!-- by hand -->"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	appendFile(t, others[1], "\n\n第二次改动。\n")
	mustBuild(t, opts)
	settled()
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, opts)
	clean := filepath.Join(dir, "clean")
	mustBuild(t, Options{Source: site, Out: clean})
	sameTree(t, tree(t, opts.Out), tree(t, clean))
}

func mustBuildQuiet(t *testing.T, site, out string) string {
	t.Helper()
	mustBuild(t, Options{Source: site, Out: out})
	return out
}
