package lookup

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestFiltersNarrow: a field:value in the query narrows the results, as a
// --kind filter does, never widens them; Chinese kind and validity names
// work as values; an unknown value is an error listing the known ones; the
// serial and the whole index number find their record.
func TestFiltersNarrow(t *testing.T) {
	ctx := context.Background()
	x, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Update(ctx, docs()); err != nil {
		t.Fatal(err)
	}
	find := func(q Query) []string {
		t.Helper()
		res, err := x.Search(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		p := paths(res)
		slices.Sort(p)
		return p
	}
	all := find(Query{Text: "生活"})
	if len(all) != 3 {
		t.Fatalf("生活: %v, want all three", all)
	}
	policy := []string{"/policy/1/"}
	for _, q := range []Query{
		{Text: "kind:policy 生活"}, {Text: "生活 kind:政策文件"}, {Text: "+kind:政策文件 生活"},
		{Text: "生活", Filters: map[string][]string{"kind": {"政策文件"}}},
		{Text: "生活", Filters: map[string][]string{"kind": {"policy"}}},
	} {
		if got := find(q); !slices.Equal(got, policy) {
			t.Errorf("%+v: %v, want %v", q, got, policy)
		}
	}
	if got := find(Query{Text: "生活 validity:废止"}); !slices.Equal(got, []string{"/notice/3/"}) {
		t.Errorf("validity:废止: %v", got)
	}
	// A field's values from the text and from Filters are one set (any of
	// them, as the search page's boxes are); different fields all apply.
	if got := find(Query{Text: "kind:notice 生活", Filters: map[string][]string{"kind": {"policy"}}}); !slices.Equal(got, []string{"/notice/3/", "/policy/1/"}) {
		t.Errorf("kind:notice with --kind policy: %v, want the notice and the policy", got)
	}
	if got := find(Query{Text: "kind:notice 生活", Filters: map[string][]string{"validity": {"有效"}}}); len(got) != 0 {
		t.Errorf("kind:notice with --validity 有效: %v, want nothing", got)
	}
	if got := find(Query{Text: "kind:政策解读"}); !slices.Equal(got, []string{"/interpretation/2/"}) {
		t.Errorf("a filter alone: %v", got)
	}
	for _, q := range []Query{{Text: "kind:政策 生活"}, {Text: "生活", Filters: map[string][]string{"kind": {"memo"}}}, {Text: "生活 year:1999"}} {
		_, err := x.Search(ctx, q)
		var u *UnknownValueError
		if q.Text == "kind:政策 生活" {
			if err != nil {
				t.Errorf("政策 is a kind's short name: %v", err)
			}
			continue
		}
		if !errors.As(err, &u) || len(u.Known) == 0 {
			t.Errorf("%+v: %v; want an unknown-value error listing the known values", q, err)
		}
	}
	_, err = x.Search(ctx, Query{Text: "validity:作废 生活"})
	if err == nil || !strings.Contains(err.Error(), "废止/repealed") {
		t.Errorf("unknown validity: %v", err)
	}
	for _, text := range []string{"2024-00002", "X/2024-00002", "x/2024-00002"} {
		res, err := x.Search(ctx, Query{Text: text})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].Path != "/interpretation/2/" {
			t.Errorf("%s: %v, %v; want the record with that number first", text, res, err)
		}
	}
}
