package e2e

import (
	"context"
	"slices"
	"testing"

	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/lookup"
)

// parityQueries are searched with both engines: titles, phrases of the
// bodies, one character, mixed text and a document number.
var parityQueries = []string{
	"信息公开", "生活垃圾分类", "老旧小区改造", "政府信息公开工作年度报告", "住房公积金",
	"行政许可", "城镇", "税", "2021年", "云溪政办发[2021]18号", "实施意见", "应急",
}

// TestSearchParity: for a fixed set of queries, the static engine in the
// browser and the bleve index of `gongkai search` find the same records
// holding the query as a contiguous string, and the static engine's first
// result is among the first three of bleve, the engine of record (their
// scores differ in detail: bleve's BM25 with boosted phrase clauses, the
// static engine's BM25F in tiers of contiguity).
func TestSearchParity(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	openEngine(t, ctx)
	docs := exampleDocs(t)
	idx := bleveIndex(t, docs)
	static := runQueries(t, ctx, parityQueries)
	same := 0
	for i, q := range parityQueries {
		// The records holding the query contiguously: bleve's phrase query.
		phrase, err := idx.Search(context.Background(), lookup.Query{Text: `"` + q + `"`, Size: len(docs)})
		if err != nil {
			t.Fatal(err)
		}
		plain, err := idx.Search(context.Background(), lookup.Query{Text: q, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		var contig []string
		for _, h := range static[i] {
			if h.Contig > 0 || h.Key > 0 {
				contig = append(contig, docs[h.Doc].Path)
			}
		}
		want := map[string]bool{}
		for _, h := range phrase.Hits {
			want[h.Path] = true
		}
		if len(contig) != len(want) {
			t.Errorf("%q: the static engine has %d contiguous matches, bleve's phrase query %d", q, len(contig), len(want))
		}
		for _, p := range contig {
			if !want[p] {
				t.Errorf("%q: the static engine finds %s, bleve's phrase query does not", q, p)
			}
		}
		if len(plain.Hits) == 0 || len(static[i]) == 0 {
			if len(plain.Hits) != len(static[i]) {
				t.Errorf("%q: bleve %d results, static %d", q, len(plain.Hits), len(static[i]))
			}
			continue
		}
		var bleveTop, staticTop []string
		for _, h := range plain.Hits {
			bleveTop = append(bleveTop, h.Path)
		}
		for _, h := range static[i][:min(3, len(static[i]))] {
			staticTop = append(staticTop, docs[h.Doc].Path)
		}
		if !slices.Contains(bleveTop, staticTop[0]) {
			t.Errorf("%q: first results: static %v, bleve %v", q, staticTop, bleveTop)
		}
		if staticTop[0] == bleveTop[0] {
			same++
		}
	}
	t.Logf("%d of %d queries: the same first result", same, len(parityQueries))
}

// bleveIndex is the index of `gongkai search` holding docs, closed when
// the test ends.
func bleveIndex(t *testing.T, docs []search.Doc) *lookup.Index {
	t.Helper()
	idx, err := lookup.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := idx.Update(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return idx
}
