package e2e

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/internal/search/lookup"
)

// frontQuery is one search as a reader gives it to either front end: the
// query text and the filters of the flags (--kind …) or of the search
// page's URL (?kind=…). unknown names the filter whose value names
// nothing, for a search that must fail; none is a search that finds
// nothing.
type frontQuery struct {
	q       string
	filters map[string][]string
	unknown string
	none    bool
}

// frontQueries are searched with both front ends of the example
// catalogue: filters of every field, in the query and beside it, with
// Chinese and English values; serials, whole index numbers and document
// numbers; phrases, common words, several words, exclusions.
var frontQueries = []frontQuery{
	{q: "管理"},
	{q: "住房"},
	{q: "的"},
	{q: "物业 电梯"},
	{q: "物业 -电梯"},
	{q: "kind:policy -物业"},
	{q: "-物业"},
	{q: "政策 kind:政策 validity:有效 year:2024"},
	{q: "body:物业 管理"},
	{q: `"保障性租赁住房"`},
	{q: `"住房保障"`},
	{q: `"物业服务" 管理`},
	{q: `"2023年度"`},
	{q: `"市住房"`},
	{q: "title:物业"},
	{q: "kind:policy 物业"},
	{q: "kind:政策文件 物业"},
	{q: "物业", filters: map[string][]string{"kind": {"政策文件"}}},
	{q: "物业", filters: map[string][]string{"kind": {"policy", "notice"}}},
	{q: "kind:notice 物业", filters: map[string][]string{"kind": {"policy"}}},
	{q: "kind:通知公告 year:2025"},
	{q: "genre:通知 工作"},
	{q: "住房", filters: map[string][]string{"genre": {"行政规范性文件"}}},
	{q: "validity:废止 管理"},
	{q: "validity:repealed 管理"},
	{q: "管理", filters: map[string][]string{"validity": {"有效"}}},
	{q: "validity:失效"},
	{q: "year:2024 住房"},
	{q: "住房", filters: map[string][]string{"year": {"2023", "2024"}}},
	{q: "topic:城乡建设、环境保护/城乡建设（含住房） 物业"},
	{q: "issuer:云溪市住房和城乡建设局 办法"},
	{q: "2024-00009"},
	{q: "11339900MB01234567/2024-00009"},
	{q: "kind:policy 2024-00009"},
	{q: "kind:notice 2024-00009", none: true},
	{q: "云溪住建规〔2024〕3号"},
	{q: "云溪住建规[2024]3号"},
	{q: "kind:memo 物业", unknown: "kind"},
	{q: "validity:作废 物业", unknown: "validity"},
	{q: "物业", filters: map[string][]string{"genre": {"不存在的体裁"}}, unknown: "genre"},
	{q: "year:1999 物业", unknown: "year"},
}

// TestSearchFrontEnds runs one table of queries through `gongkai search`'s
// code path (the bleve index) and through search.js in the browser, and
// compares the record sets: the same records for the same query and
// filters, and an unknown filter value an error in both, naming the same
// known values.
func TestSearchFrontEnds(t *testing.T) {
	ctx := newTab(t)
	page := searchPage(t, ctx, false)
	openEngine(t, ctx)
	docs := exampleDocs(t)
	idx := bleveIndex(t, docs)
	type siteAnswer struct {
		Docs  []int    `json:"docs"`
		Field string   `json:"field"`
		Known []string `json:"known"`
	}
	type query struct {
		Q       string              `json:"q"`
		Filters map[string][]string `json:"filters"`
	}
	var qs []query
	for _, fq := range frontQueries {
		qs = append(qs, query{fq.q, fq.filters})
	}
	// The site's answer: every result, its text read (a phrase holds only
	// where it stands whole), through the query's and the URL's filters.
	site := awaitJS[[]siteAnswer](t, ctx, `(async () => {
		const out = [];
		for (const q of `+jsonJS(t, qs)+`) {
			try {
				const res = await gongkaiSearch.search(q.q, {complete: true, facets: true});
				await gongkaiSearch.verify(res.parsed, res.results, true);
				out.push({docs: gongkaiSearch.select(res, q.filters || {}).map(r => r.doc)});
			} catch (e) {
				if (!e.known) throw e;
				out.push({docs: [], field: e.field, known: e.known});
			}
		}
		return out;
	})()`)
	for i, fq := range frontQueries {
		res, err := idx.Search(context.Background(), lookup.Query{Text: fq.q, Filters: fq.filters, Size: len(docs)})
		var u *lookup.UnknownValueError
		switch {
		case fq.unknown != "":
			if !errors.As(err, &u) || u.Field != fq.unknown {
				t.Errorf("%s: gongkai search: %v; want an unknown %s", fq, err, fq.unknown)
			}
			if site[i].Field != fq.unknown {
				t.Errorf("%s: the site: %d results, error for %q; want an unknown %s", fq, len(site[i].Docs), site[i].Field, fq.unknown)
			}
			if u != nil && !sameSet(u.Known, site[i].Known) {
				t.Errorf("%s: known values: gongkai search %q, the site %q", fq, u.Known, site[i].Known)
			}
			if u != nil && len(u.Known) == 0 {
				t.Errorf("%s: no known values listed", fq)
			}
			continue
		case err != nil:
			t.Errorf("%s: gongkai search: %v", fq, err)
			continue
		case site[i].Field != "":
			t.Errorf("%s: the site: unknown %s value; gongkai search: %d results", fq, site[i].Field, res.Total)
			continue
		}
		var cli, web []string
		for _, h := range res.Hits {
			cli = append(cli, h.Path)
		}
		for _, d := range site[i].Docs {
			web = append(web, docs[d].Path)
		}
		if int(res.Total) != len(cli) {
			t.Fatalf("%s: %d of %d hits", fq, len(cli), res.Total)
		}
		if !sameSet(cli, web) {
			t.Errorf("%s: gongkai search %d records, the site %d\n  only gongkai search: %v\n  only the site: %v",
				fq, len(cli), len(web), minus(cli, web), minus(web, cli))
		}
		if len(cli) == 0 && !fq.none {
			t.Errorf("%s: nothing found: not a useful query for this catalogue", fq)
		}
	}

	// The search page says what is wrong with a filter, and what is known.
	navigate(t, ctx, page+"?q="+url.QueryEscape("物业 kind:memo"))
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	status := `document.getElementById('search-status').textContent`
	if _, err := chromedp.Run(actx, chromedp.Poll[bool](status+`.includes('memo')`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("the search page does not name the unknown kind: %q", eval[string](t, ctx, status))
	}
	if s := eval[string](t, ctx, status); !strings.Contains(s, "政策文件/policy") || !strings.Contains(s, "可用的值") {
		t.Errorf("the search page's status %q does not list the known kinds", s)
	}

	// A filter the URL names in Chinese ticks its box, and unticking the
	// box removes it.
	navigate(t, ctx, page+"?q="+url.QueryEscape("物业")+"&kind="+url.QueryEscape("政策文件"))
	box := `document.querySelector('#search-filters input[name=kind][value=policy]')`
	if _, err := chromedp.Run(actx, chromedp.Poll[bool](box+` && `+box+`.checked`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("kind=政策文件 does not tick the box of policies: %q", eval[string](t, ctx, status))
	}
	do(t, ctx, "unticking policies", chromedp.Click(`#search-filters input[name=kind][value=policy]`))
	if _, err := chromedp.Run(actx, chromedp.Poll[bool](`new URLSearchParams(location.search).get('kind') === null`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Errorf("unticking policies leaves %s", eval[string](t, ctx, `location.search`))
	}
}

func (q frontQuery) String() string {
	s := q.q
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range q.filters {
			if !yield(k) {
				return
			}
		}
	}) {
		s += " --" + k + " " + strings.Join(q.filters[k], ",")
	}
	return s
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	return len(minus(a, b)) == 0 && len(minus(b, a)) == 0
}

// minus is what a holds and b does not.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}
