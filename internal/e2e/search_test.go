package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/analysis"
)

// exampleDocs is what the search index of the example catalogue holds, in
// the index's document order.
func exampleDocs(t *testing.T) []search.Doc {
	t.Helper()
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	docs, rep, err := pipeline.SearchDocs(context.Background(), pipeline.Options{Source: source})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors() > 0 {
		t.Fatalf("the example catalogue has %d errors", rep.Errors())
	}
	return docs
}

// searchPage builds the example catalogue (offline or not), opens its
// search page over HTTP or from file:// and returns the page's URL.
func searchPage(t *testing.T, ctx context.Context, offline bool) string {
	t.Helper()
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, source, offline)
	var u string
	if offline {
		u = fileURL(filepath.Join(out, "search", "index.html"))
	} else {
		u = serve(t, out, "/sub/dir/") + "search/"
	}
	navigate(t, ctx, u)
	return u
}

// openEngine loads the index into the page for direct queries.
func openEngine(t *testing.T, ctx context.Context) {
	t.Helper()
	awaitJS[bool](t, ctx, `gongkaiSearch.open(document.getElementById('search-app').getAttribute('data-index')).then(() => true)`)
}

func awaitJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, 2*actionTimeout)
	defer cancel()
	v, err := chromedp.Run(actx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return v
}

func jsonJS(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSearchAnalysisParity holds search.js's analysis to the Go analysis
// (itself held to bleve's): the same terms, kinds, positions and edges for
// the test vectors and for every title and body of the example catalogue.
func TestSearchAnalysisParity(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	texts := slices.Clone(analysis.Vectors)
	for _, d := range exampleDocs(t) {
		texts = append(texts, d.Title, d.Body)
	}
	var want [][]string
	for _, s := range texts {
		var ts []string
		analysis.Analyze(s, func(k analysis.Token) {
			ts = append(ts, fmt.Sprintf("%s|%d|%d|%v", k.Term, k.Kind, k.Pos, k.Edge))
		})
		want = append(want, ts)
	}
	got := awaitJS[[][]string](t, ctx, `Promise.resolve(`+jsonJS(t, texts)+`.map(s => gongkaiSearch.analyze(s).map(k => k.term + "|" + k.kind + "|" + k.pos + "|" + k.edge)))`)
	if len(got) != len(want) {
		t.Fatalf("%d results for %d texts", len(got), len(want))
	}
	bad := 0
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			bad++
			for j := range max(len(got[i]), len(want[i])) {
				var g, w string
				if j < len(got[i]) {
					g = got[i][j]
				}
				if j < len(want[i]) {
					w = want[i][j]
				}
				if g != w {
					t.Errorf("text %d (%.40q): token %d: Go %q, search.js %q", i, texts[i], j, w, g)
					break
				}
			}
			if bad > 5 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d texts analysed alike", len(texts))
}

// recallQueries cuts n queries of 1 to 8 characters from the docs' text:
// runs of CJK characters and whole words with nothing between them, so
// both Chinese and mixed ("2024年度", "第3号").
func recallQueries(docs []search.Doc, n int) []string {
	rng := rand.New(rand.NewPCG(3, 3))
	seen := map[string]bool{}
	var out []string
	mixed := 0
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		d := docs[rng.IntN(len(docs))]
		text := d.Body
		if rng.IntN(4) == 0 {
			text = d.Title
		}
		var units []analysis.Token
		analysis.Analyze(text, func(k analysis.Token) {
			if k.Kind != analysis.Bigram {
				units = append(units, k)
			}
		})
		if len(units) == 0 {
			continue
		}
		i := rng.IntN(len(units))
		want := 1 + rng.IntN(8)
		j := i
		for j+1 < len(units) && units[j+1].Start == units[j].End &&
			utf8.RuneCountInString(text[units[i].Start:units[j+1].End]) <= want {
			j++
		}
		q := text[units[i].Start:units[j].End]
		if utf8.RuneCountInString(q) > 8 || seen[q] {
			continue
		}
		isMixed := strings.IndexFunc(q, func(r rune) bool { return !analysis.IsIdeo(r) }) >= 0 &&
			strings.IndexFunc(q, analysis.IsIdeo) >= 0
		if !isMixed && strings.IndexFunc(q, analysis.IsIdeo) < 0 {
			continue // Latin or digits only: not what this test is about
		}
		// A third of the queries mixed, when the text has them.
		if !isMixed && mixed*3 < len(out) && tries < 50*n {
			continue
		}
		if isMixed {
			mixed++
		}
		seen[q] = true
		out = append(out, q)
	}
	return out
}

// foldText is the Go twin of the folding the analysis applies to words,
// applied to every character, for brute-force matching.
func foldText(s string) string {
	return strings.Map(analysis.FoldRune, s)
}

func isWordRune(r rune) bool {
	return !analysis.IsIdeo(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}

// containsQuery is the brute-force scan: text holds q as a contiguous
// string, Chinese anywhere, a Latin or digit end only at a word boundary.
func containsQuery(text, q string) bool {
	text, q = foldText(text), foldText(q)
	first, _ := utf8.DecodeRuneInString(q)
	last, _ := utf8.DecodeLastRuneInString(q)
	for off := 0; ; {
		i := strings.Index(text[off:], q)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(q):])
		if (!isWordRune(first) || !isWordRune(before)) && (!isWordRune(last) || !isWordRune(after)) {
			return true
		}
		off = i + 1
	}
}

type hit struct {
	Doc    int `json:"doc"`
	Contig int `json:"contig"`
	Key    int `json:"key"`
}

// runQueries runs qs in the page's engine, with every result's text read
// (verify's all), so that contiguity is known for every result and not
// only for those a page shows.
func runQueries(t *testing.T, ctx context.Context, qs []string) [][]hit {
	t.Helper()
	return awaitJS[[][]hit](t, ctx, `(async () => {
		const out = [];
		for (const q of `+jsonJS(t, qs)+`) {
			const res = await gongkaiSearch.search(q, {complete: true});
			await gongkaiSearch.verify(res.parsed, res.results, true);
			res.results.sort(gongkaiSearch.byRelevance);
			out.push(res.results.map(r => ({doc: r.doc, contig: r.contig, key: r.key})));
		}
		return out;
	})()`)
}

// TestSearchRecall: for a few hundred queries cut from the records' text,
// the static index finds every record a brute-force scan finds, and ranks
// them above every record that has the characters only apart.
func TestSearchRecall(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	openEngine(t, ctx)
	checkRecall(t, ctx, exampleDocs(t))
}

// checkRecall runs the recall queries of docs in the open engine.
func checkRecall(t *testing.T, ctx context.Context, docs []search.Doc) {
	t.Helper()
	qs := recallQueries(docs, 300)
	if len(qs) < 200 {
		t.Fatalf("only %d queries", len(qs))
	}
	results := runQueries(t, ctx, qs)
	mixed, single, apart := 0, 0, 0
	for i, q := range qs {
		want := map[int]bool{}
		for n, d := range docs {
			if containsQuery(d.Title, q) || containsQuery(d.Body, q) {
				want[n] = true
			}
		}
		if len(want) == 0 {
			t.Errorf("query %q: the brute-force scan found nothing: the query was not cut from the text", q)
			continue
		}
		if utf8.RuneCountInString(q) == 1 {
			single++
		}
		if strings.IndexFunc(q, isWordRune) >= 0 {
			mixed++
		}
		got := results[i]
		found := map[int]bool{}
		for _, h := range got {
			found[h.Doc] = true
		}
		for d := range want {
			if !found[d] {
				t.Errorf("query %q: record %s holds it but was not found", q, docs[d].Rel)
			}
		}
		for rank, h := range got {
			if rank < len(want) && !want[h.Doc] {
				t.Errorf("query %q: result %d is %s, which does not hold it, above a record that does", q, rank+1, docs[h.Doc].Rel)
				break
			}
			if rank >= len(want) {
				apart++
			}
		}
	}
	t.Logf("%d queries (%d of one character, %d mixed); %d results that hold the characters only apart ranked below", len(qs), single, mixed, apart)
}

// TestSearchPage drives the search page as a reader would, over HTTP under
// a path prefix and from file:// after an offline build.
func TestSearchPage(t *testing.T) {
	for _, offline := range []bool{false, true} {
		name := "http"
		if offline {
			name = "file"
		}
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t)
			docs := exampleDocs(t)
			searchPage(t, ctx, offline)
			status := func() string { return eval[string](t, ctx, `document.getElementById('search-status').textContent`) }
			// rendered holds once the page shows what its URL asks for.
			rendered := `(document.getElementById('search-app').dataset.rendered === location.pathname + location.search)`
			wait := func(what, pred string) {
				t.Helper()
				actx, cancel := context.WithTimeout(ctx, actionTimeout)
				defer cancel()
				if _, err := chromedp.Run(actx, chromedp.Poll[bool](pred, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
					t.Fatalf("waiting for %s: %v (status %q)", what, err, status())
				}
			}
			// The query: the title of a record, typed.
			target := -1
			for i, d := range docs {
				if d.Kind == "policy" && utf8.RuneCountInString(d.Title) >= 8 {
					target = i
					break
				}
			}
			if target < 0 {
				t.Fatal("no policy in the example catalogue")
			}
			title := docs[target].Title
			do(t, ctx, "typing a query",
				chromedp.Click("#search-q"),
				chromedp.SendKeys("#search-q", title),
				chromedp.KeyEvent(kb.Enter))
			wait("results", `document.querySelectorAll('#search-results li').length > 0`)
			first := eval[string](t, ctx, `document.querySelector('#search-results li a').textContent`)
			if first != title {
				t.Errorf("first result %q, want %q", first, title)
			}
			if got := eval[string](t, ctx, `new URLSearchParams(location.search).get('q')`); got != title {
				t.Errorf("the URL's q is %q, want %q", got, title)
			}
			if s := status(); !strings.Contains(s, "条") && !strings.Contains(s, "result") {
				t.Errorf("status %q does not give the count", s)
			}
			if n := eval[int](t, ctx, `document.querySelectorAll('#search-results mark').length`); n == 0 {
				t.Error("no highlighted text in the results")
			}
			// The link of the first result leads to the record.
			href := eval[string](t, ctx, `document.querySelector('#search-results li a').href`)
			if !strings.Contains(href, strings.Trim(docs[target].Path, "/")) {
				t.Errorf("first result links to %s, want the page of %s", href, docs[target].Path)
			}

			// A second query, a filter, then back.
			eval[bool](t, ctx, `(document.getElementById('search-q').value = '') === ''`)
			do(t, ctx, "typing another query",
				chromedp.SendKeys("#search-q", "信息公开"),
				chromedp.KeyEvent(kb.Enter))
			wait("the second query", `new URLSearchParams(location.search).get('q') === '信息公开' && document.querySelectorAll('#search-filters input[type=checkbox]').length > 0 && `+rendered)
			before := eval[int](t, ctx, `document.querySelectorAll('#search-results li').length`)
			total := status()
			kind := eval[string](t, ctx, `document.querySelector('#search-filters input[name=kind]').value`)
			// With the keyboard: focus the first kind, press Space.
			do(t, ctx, "applying a filter with the keyboard",
				chromedp.Focus(`#search-filters input[name=kind]`),
				chromedp.KeyEvent(" "))
			wait("the filter", `new URLSearchParams(location.search).get('kind') === `+js(kind))
			wait("the focus to stay on the filter", `document.activeElement && document.activeElement.name === 'kind' && document.activeElement.checked`)
			wait("filtered results", rendered+` && document.getElementById('search-status').textContent !== `+js(total))
			got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results li a'), a => a.href)`)
			for _, h := range got {
				seg := map[string]string{"policy": "/policy/", "interpretation": "/interpretation/", "notice": "/notice/", "report": "/report/", "annual_report": "/annual-report/"}[kind]
				if seg != "" && !strings.Contains(h, seg) {
					t.Errorf("filtered by %s, a result links to %s", kind, h)
				}
			}
			if before == 0 {
				t.Error("the second query found nothing")
			}
			do(t, ctx, "going back", chromedp.NavigateBack())
			wait("the unfiltered query", `new URLSearchParams(location.search).get('kind') === null && `+rendered+` && document.getElementById('search-status').textContent === `+js(total))
			do(t, ctx, "going back again", chromedp.NavigateBack())
			wait("the first query", `document.getElementById('search-q').value === `+js(title))
			if f := eval[string](t, ctx, `document.querySelector('#search-results li a').textContent`); f != title {
				t.Errorf("after going back the first result is %q, want %q", f, title)
			}
		})
	}
}

// TestSearchBoxEverywhere: the header's search box on a record page leads
// to the search page with the query, from file:// too.
func TestSearchBoxEverywhere(t *testing.T) {
	ctx := newTab(t)
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, source, true)
	navigate(t, ctx, fileURL(filepath.Join(out, "index.html")))
	do(t, ctx, "searching from the home page",
		chromedp.SendKeys("#site-q", "公开"),
		chromedp.Submit("#site-q"))
	// The form navigates: poll across the new page's load.
	deadline := time.Now().Add(actionTimeout)
	for {
		ok, err := tryEval[bool](ctx, `location.pathname.endsWith('/search/index.html') && document.querySelectorAll('#search-results li').length > 0`)
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			at, _ := tryEval[string](ctx, `location.href`)
			t.Fatalf("the search page did not show results (at %s, error %v)", at, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
