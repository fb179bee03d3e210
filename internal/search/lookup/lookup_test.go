package lookup

import (
	"context"
	"testing"

	"github.com/gongkai/gongkai/internal/search"
)

func docs() []search.Doc {
	return []search.Doc{
		{Path: "/policy/1/", Title: "示例市生活垃圾分类实施办法", Body: "为了推进生活垃圾分类，制定本办法。", Kind: "policy", Year: "2024", Validity: "in_force", Date: "2024-01-02", IndexNo: "X/2024-00001", DocNo: "示府发〔2024〕1号"},
		{Path: "/interpretation/2/", Title: "关于垃圾处理的解读", Body: "生活中的垃圾要分类处理。", Kind: "interpretation", Year: "2024", Validity: "in_force", Date: "2024-02-01", IndexNo: "X/2024-00002"},
		{Path: "/notice/3/", Title: "停水通知", Body: "因管道维修，生活用水暂停供应。", Kind: "notice", Year: "2023", Validity: "repealed", Date: "2023-05-06", IndexNo: "X/2023-00003"},
	}
}

func paths(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Path)
	}
	return out
}

func TestUpdateOnlyChanged(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ds := docs()
	if c, err := x.Update(ctx, ds); err != nil || c != (Changes{Added: 3}) {
		t.Fatalf("first update: %+v, %v", c, err)
	}
	x.Close()
	// Reopened from disk: nothing to do.
	if x, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if c, err := x.Update(ctx, ds); err != nil || c != (Changes{Unchanged: 3}) {
		t.Fatalf("same records: %+v, %v", c, err)
	}
	ds[2].Title = "停电通知"
	if c, err := x.Update(ctx, ds[1:]); err != nil || c != (Changes{Updated: 1, Removed: 1, Unchanged: 1}) {
		t.Fatalf("one changed, one removed: %+v, %v", c, err)
	}
	res, err := x.Search(ctx, Query{Text: "停电"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Path != "/notice/3/" {
		t.Errorf("the changed record: %v, %v", res, err)
	}
	if res, _ := x.Search(ctx, Query{Text: "实施办法"}); len(res.Hits) != 0 {
		t.Errorf("the removed record is still found: %v", paths(res))
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	x, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Update(ctx, docs()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q       Query
		want    []string // in order
		atLeast int      // or just this many results, any order
	}{
		// Every term of the word: 生活中的垃圾要分类 lacks 圾分.
		{q: Query{Text: "垃圾分类"}, atLeast: 1, want: []string{"/policy/1/"}},
		{q: Query{Text: "垃圾 分类"}, want: []string{"/policy/1/", "/interpretation/2/"}},
		{q: Query{Text: `"垃圾分类"`}, want: []string{"/policy/1/"}},
		{q: Query{Text: "生活 -垃圾"}, want: []string{"/notice/3/"}},
		{q: Query{Text: "+生活 +kind:notice"}, want: []string{"/notice/3/"}},
		{q: Query{Text: "生活", Filters: map[string][]string{"year": {"2024"}}}, atLeast: 2},
		{q: Query{Text: "生活", ByDate: true}, want: []string{"/interpretation/2/", "/policy/1/", "/notice/3/"}},
		// An exact document number, written with other brackets.
		{q: Query{Text: "示府发[2024]1号"}, want: []string{"/policy/1/"}},
		{q: Query{Text: "title:解读"}, want: []string{"/interpretation/2/"}},
	} {
		res, err := x.Search(ctx, c.q)
		if err != nil {
			t.Errorf("%+v: %v", c.q, err)
			continue
		}
		got := paths(res)
		if c.want != nil && (len(got) < len(c.want) || !equal(got[:len(c.want)], c.want)) {
			t.Errorf("%+v: %v, want %v first", c.q, got, c.want)
		}
		if c.atLeast > 0 && len(got) != c.atLeast {
			t.Errorf("%+v: %v, want %d results", c.q, got, c.atLeast)
		}
	}
	res, err := x.Search(ctx, Query{Text: "生活"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range res.Facets["kind"] {
		kinds[c.Value] = c.Count
	}
	if kinds["policy"] != 1 || kinds["notice"] != 1 || kinds["interpretation"] != 1 {
		t.Errorf("kind facet %v", res.Facets["kind"])
	}
	if _, err := x.Search(ctx, Query{Text: "  "}); err != ErrEmpty {
		t.Errorf("empty query: %v", err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
