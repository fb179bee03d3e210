package main

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/internal/search"
)

// A query is one search a reader would type, with the records that a
// known-item or short-name query should put first.
type query struct {
	Kind string   // title, short, common, phrase, char, index_no, doc_no, mixed
	Text string   // what is typed
	Want []string // site paths of the records that should come first; empty when any order will do
}

// Fixed queries, the same on every site: very common phrases, single
// characters and mixed Chinese/ASCII.
var (
	commonQueries = []string{"政府信息公开", "监督检查", "行政处罚", "法律责任", "人民政府", "安全生产",
		"环境保护", "国务院", "管理办法", "实施细则", "第一条"}
	charQueries  = []string{"法", "市", "水", "税", "人"}
	mixedQueries = []string{"2024年", "PM2.5", "5G网络", "APP"}
)

// shortPrefixes are stripped from a title to make its usual short name:
// 行政诉讼法 for 中华人民共和国行政诉讼法; 示例市 is the generated corpus's city.
var shortPrefixes = []string{"中华人民共和国", "示例市"}

// trailingNote is a title's closing bracketed note: （2019修正）, （第5批）.
var trailingNote = regexp.MustCompile(`(（[^（）]*）|\([^()]*\))$`)

// baseTitle is a title without its closing bracketed note.
func baseTitle(t string) string { return strings.TrimSpace(trailingNote.ReplaceAllString(t, "")) }

// shortName returns the usual short name of a title, if it has one.
func shortName(title string) (string, bool) {
	full := baseTitle(title)
	for _, p := range shortPrefixes {
		if s, ok := strings.CutPrefix(full, p); ok && len([]rune(s)) >= 3 && !strings.HasPrefix(s, "关于") {
			return s, true
		}
	}
	return "", false
}

// querySet is the bench's queries for a site, the same for the same
// records: n of each kind drawn from the records with a fixed seed, then
// the fixed queries, interleaved so that the first few cover every kind.
func querySet(docs []search.Doc, n int) []query {
	recs := records(docs)
	rng := rand.New(rand.NewPCG(14, 14))
	seen := map[string]bool{}
	var byKind [][]query
	add := func(kind string, qs []query) { byKind = append(byKind, qs) }
	pick := func(kind string, want int, f func(d search.Doc) (query, bool)) []query {
		var out []query
		for _, i := range rng.Perm(len(recs)) {
			if len(out) == want {
				break
			}
			q, ok := f(recs[i])
			if !ok || seen[q.Text] {
				continue
			}
			seen[q.Text] = true
			q.Kind = kind
			out = append(out, q)
		}
		return out
	}
	fixed := func(kind string, texts []string) []query {
		var out []query
		for _, t := range texts {
			if !seen[t] {
				seen[t] = true
				out = append(out, query{Kind: kind, Text: t})
			}
		}
		return out
	}
	short := shortNames(recs)
	add("title", pick("title", 2*n, func(d search.Doc) (query, bool) {
		return query{Text: d.Title, Want: []string{d.Path}}, true
	}))
	add("short", pick("short", n, func(d search.Doc) (query, bool) {
		s, ok := shortName(d.Title)
		if !ok {
			return query{}, false
		}
		return query{Text: s, Want: short[s]}, true
	}))
	add("common", fixed("common", commonQueries))
	add("phrase", pick("phrase", n, func(d search.Doc) (query, bool) {
		t, ok := hanRun(rng, d.Body, 2+rng.IntN(7))
		return query{Text: t}, ok
	}))
	add("char", fixed("char", charQueries))
	add("index_no", pick("index_no", n*2/3, func(d search.Doc) (query, bool) {
		return query{Text: d.IndexNo, Want: []string{d.Path}}, d.IndexNo != ""
	}))
	add("doc_no", pick("doc_no", n*2/3, func(d search.Doc) (query, bool) {
		return query{Text: d.DocNo}, d.DocNo != ""
	}))
	add("mixed", fixed("mixed", mixedQueries))
	var out []query
	for i := 0; ; i++ {
		more := false
		for _, qs := range byKind {
			if i < len(qs) {
				out = append(out, qs[i])
				more = true
			}
		}
		if !more {
			return out
		}
	}
}

// knownItems are up to n title queries and every short-name query up to n,
// for the rank-1 rates.
func knownItems(docs []search.Doc, n int) (titles, shorts []query) {
	recs := records(docs)
	rng := rand.New(rand.NewPCG(7, 7))
	for _, i := range rng.Perm(len(recs)) {
		if len(titles) == n {
			break
		}
		titles = append(titles, query{Kind: "title", Text: recs[i].Title, Want: []string{recs[i].Path}})
	}
	short := shortNames(recs)
	keys := make([]string, 0, len(short))
	for s := range short {
		keys = append(keys, s)
	}
	slices.Sort(keys)
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	for _, s := range keys[:min(n, len(keys))] {
		shorts = append(shorts, query{Kind: "short", Text: s, Want: short[s]})
	}
	return titles, shorts
}

// records are the catalogue's records (not its plain pages), by path.
func records(docs []search.Doc) []search.Doc {
	var out []search.Doc
	for _, d := range docs {
		if d.Kind != "page" {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b search.Doc) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// shortNames maps each usual short name to the records whose title (less
// its closing note) is the full name. A short name that is itself some
// record's full title is left out: it is not short for anything.
func shortNames(recs []search.Doc) map[string][]string {
	titles := map[string]bool{}
	for _, d := range recs {
		titles[baseTitle(d.Title)] = true
	}
	out := map[string][]string{}
	for _, d := range recs {
		if s, ok := shortName(d.Title); ok && !titles[s] {
			out[s] = append(out[s], d.Path)
		}
	}
	return out
}

// hanRun returns a run of n Chinese characters from text, from a random
// place.
func hanRun(rng *rand.Rand, text string, n int) (string, bool) {
	rs := []rune(text)
	if len(rs) < n {
		return "", false
	}
	for range 50 {
		i := rng.IntN(len(rs) - n + 1)
		if !slices.ContainsFunc(rs[i:i+n], func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			return string(rs[i : i+n]), true
		}
	}
	return "", false
}
