package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

// dirSink writes files under a folder.
type dirSink string

func (d dirSink) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// TestSearchTiers writes the example catalogue's index with common terms
// split at a few hundred bytes, so that most terms have a head and tails,
// and checks that the engine still finds and ranks as the brute-force scan
// says, and that the page's first results, found from heads alone, are the
// results it shows once every tail is in.
func TestSearchTiers(t *testing.T) {
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, source, false)
	// The index, not the search page beside it.
	old, err := os.ReadDir(filepath.Join(out, "search"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range old {
		if e.Name() != "index.html" {
			if err := os.RemoveAll(filepath.Join(out, "search", e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	docs := exampleDocs(t)
	st, err := siteindex.Write(context.Background(), docs, dirSink(out), siteindex.Options{
		Label: i18n.For("zh-CN").T, BigBytes: 60, TailBytes: 200, FacetDocs: 4,
	})
	if err != nil {
		t.Fatal(err)
	}
	tails, _ := filepath.Glob(filepath.Join(out, "search", "t", "*-*.js"))
	if len(tails) < 20 {
		t.Fatalf("%d tail files: the split did not happen (%+v)", len(tails), st)
	}
	base := serve(t, out, "/sub/") + "search/"

	ctx := newTab(t)
	navigate(t, ctx, base)
	openEngine(t, ctx)
	checkRecall(t, ctx, docs)

	// The filter table comes in parts of four documents, joined in order.
	parts, _ := filepath.Glob(filepath.Join(out, "search", "f-*.js"))
	if want := (len(docs) + 3) / 4; len(parts) != want {
		t.Errorf("%d parts of the filter table, want %d", len(parts), want)
	}
	kinds := awaitJS[string](t, ctx, `gongkaiSearch.facets().then(f => f.col.kind.map(c => c ? f.values.kind[c - 1] : "").join(" "))`)
	var want []string
	for _, d := range docs {
		want = append(want, d.Kind)
	}
	if kinds != strings.Join(want, " ") {
		t.Errorf("the filter table's kinds, by document:\n%s\nwant\n%s", kinds, strings.Join(want, " "))
	}

	for _, q := range []string{"信息公开", "住房", "市", "2024年", "物业管理"} {
		navigate(t, ctx, base+"?q="+q)
		waitFor(t, ctx, `document.getElementById('search-app').dataset.rendered === location.pathname + location.search`, "the results of "+q)
		got := eval[string](t, ctx, `Array.from(document.querySelectorAll('#search-results li a'), a => a.getAttribute('href')).join(' ')`)
		want := awaitJS[string](t, ctx, `gongkaiSearch.search(`+js(q)+`, {complete: true}).then(async res => {
			const slice = await gongkaiSearch.page(res.parsed, res.results, gongkaiSearch.byRelevance, 0, 10);
			return gongkaiSearch.docs(slice).map(d => d.href).join(' ');
		})`)
		if got == "" || got != want {
			t.Errorf("%q: the page shows\n%s\nthe complete index's first page is\n%s", q, got, want)
		}
		status := eval[string](t, ctx, `document.getElementById('search-status').textContent`)
		n := awaitJS[int](t, ctx, `gongkaiSearch.search(`+js(q)+`, {complete: true}).then(res => res.results.length)`)
		if !strings.Contains(status, " "+itoa(n)+" ") {
			t.Errorf("%q: status %q, want the complete count %d", q, status, n)
		}
	}
}
