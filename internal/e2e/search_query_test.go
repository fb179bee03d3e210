package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/search/analysis"
)

// parsed is what a test reads of search.js's parse(q).
type parsed struct {
	Clauses []struct {
		Text   string `json:"text"`
		Phrase bool   `json:"phrase"`
		Neg    bool   `json:"neg"`
		Field  string `json:"field"`
		Span   int    `json:"span"`
		Terms  []struct {
			Term string `json:"term"`
			Off  int    `json:"off"`
			Span int    `json:"span"`
		} `json:"terms"`
	} `json:"clauses"`
	Filters map[string][]string `json:"filters"`
}

func (p parsed) String() string {
	var parts []string
	for _, c := range p.Clauses {
		s := c.Text
		if c.Phrase {
			s = `"` + s + `"`
		}
		if c.Field != "" {
			s = c.Field + ":" + s
		}
		if c.Neg {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range p.Filters {
			if !yield(k) {
				return
			}
		}
	}) {
		parts = append(parts, k+"="+strings.Join(p.Filters[k], ","))
	}
	return strings.Join(parts, " ")
}

// TestSearchQueryParser holds search.js's reading of queries to the syntax
// the search page documents (bleve's query string, as far as readers need
// it): words and "phrases", -exclusions, title: and body:, filters, and
// text that only looks like a field.
func TestSearchQueryParser(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	cases := []struct{ q, want string }{
		{`生活垃圾分类`, `生活垃圾分类`},
		{`政府 信息公开`, `政府 信息公开`},
		{`"政府信息 公开"`, `"政府信息 公开"`},
		{`物业 -废止`, `物业 -废止`},
		{`-"已失效 文件"`, `-"已失效 文件"`},
		{`+维修资金`, `维修资金`},
		{`title:规划 body:电梯`, `title:规划 body:电梯`},
		{`kind:policy year:2024 补贴`, `补贴 kind=policy year=2024`},
		{`topic:城乡建设 topic:环境`, `topic=城乡建设,环境`},
		{`会议 12:30`, `会议 12:30`},
		{`https://example.gov.cn/a`, `https://example.gov.cn/a`},
		{`"未闭合的引号`, `"未闭合的引号"`},
		{`云溪住建规〔2023〕1号`, `云溪住建规〔2023〕1号`},
		{`   `, ``},
		{`-`, ``},
	}
	var qs []string
	for _, c := range cases {
		qs = append(qs, c.q)
	}
	got := awaitJS[[]parsed](t, ctx, `Promise.resolve(`+jsonJS(t, qs)+`.map(q => gongkaiSearch.parse(q)))`)
	for i, c := range cases {
		if s := got[i].String(); s != c.want {
			t.Errorf("parse(%q) = %q, want %q", c.q, s, c.want)
		}
	}
}

// TestSearchReadAhead: when a page's results must be read again and again
// (records found apart fall below those not yet read), each round reads
// ahead twice as far as the last, so the rounds grow with the logarithm of
// the records read.
func TestSearchReadAhead(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	got := awaitJS[[]int](t, ctx, `Promise.resolve([0, 1, 2, 3, 4, 5].map(r => gongkaiSearch.readAhead(10, r)))`)
	if want := []int{0, 10, 20, 40, 80, 160}; !slices.Equal(got, want) {
		t.Errorf("read ahead by round %v, want %v", got, want)
	}
}

// TestSearchJSFuzz feeds search.js random strings made of what trips
// parsers (quotes, signs, colons, brackets of every width, CJK and
// full-width text, digits, emoji, odd spaces) and checks that parse never
// throws, that every clause it makes is well formed, and that analyze
// gives the Go analysis's terms. GONGKAI_SEED picks other strings.
func TestSearchJSFuzz(t *testing.T) {
	ctx := newTab(t)
	searchPage(t, ctx, false)
	seed := uint64(1)
	fmt.Sscan(os.Getenv("GONGKAI_SEED"), &seed)
	r := rand.New(rand.NewPCG(seed, 2))
	pieces := []string{`"`, `'`, `+`, `-`, `:`, `title:`, `kind:`, `year:`, ` `, `　`, "\t", "\u00a0", `〔`, `〕`, `【`, `】`, `（`, `）`, `[`, `]`,
		`政府`, `信`, `息公开`, `住建规`, `第`, `号`, `２０２４`, `2024`, `ＡＢＣ`, `abc`, `PM2.5`, `👍`, `é`, `\`, `*`, `?`, `/`, `.`}
	var qs []string
	for range 1500 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		qs = append(qs, b.String())
	}
	got := awaitJS[[]parsed](t, ctx, `Promise.resolve(`+jsonJS(t, qs)+`.map(q => gongkaiSearch.parse(q)))`)
	if len(got) != len(qs) {
		t.Fatalf("%d results for %d queries", len(got), len(qs))
	}
	filters := map[string]bool{"kind": true, "topic": true, "genre": true, "issuer": true, "year": true, "validity": true}
	for i, p := range got {
		for _, c := range p.Clauses {
			if len(c.Terms) == 0 || c.Span < 1 {
				t.Errorf("parse(%q): clause %q has no terms", qs[i], c.Text)
			}
			for _, term := range c.Terms {
				if term.Off < 0 || term.Off+term.Span > c.Span {
					t.Errorf("parse(%q): clause %q: term %q at %d+%d outside its span %d", qs[i], c.Text, term.Term, term.Off, term.Span, c.Span)
				}
			}
			if c.Field != "" && c.Field != "title" && c.Field != "body" {
				t.Errorf("parse(%q): field %q", qs[i], c.Field)
			}
		}
		for k := range p.Filters {
			if !filters[k] {
				t.Errorf("parse(%q): filter %q", qs[i], k)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	var want [][]string
	for _, s := range qs {
		var ts []string
		analysis.Analyze(s, func(k analysis.Token) {
			ts = append(ts, fmt.Sprintf("%s|%d|%d|%v", k.Term, k.Kind, k.Pos, k.Edge))
		})
		want = append(want, ts)
	}
	terms := awaitJS[[][]string](t, ctx, `Promise.resolve(`+jsonJS(t, qs)+`.map(s => gongkaiSearch.analyze(s).map(k => k.term + "|" + k.kind + "|" + k.pos + "|" + k.edge)))`)
	bad := 0
	for i := range want {
		if !slices.Equal(terms[i], want[i]) {
			t.Errorf("analyze(%q): search.js %q, Go %q", qs[i], terms[i], want[i])
			if bad++; bad > 5 {
				t.FailNow()
			}
		}
	}
	t.Logf("seed %d: %d random queries parsed and analysed alike", seed, len(qs))
}
