package lookup

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/search"
)

// Query is one search.
type Query struct {
	Text    string              // bleve query-string syntax
	Filters map[string][]string // field → accepted values (any of them)
	ByDate  bool                // newest first instead of by relevance
	Size    int                 // results; 0: 10
	From    int                 // results to skip
	Kinds   config.KindTable    // whose names the kind filter accepts; nil: config.BuiltinKinds
}

// Hit is one result.
type Hit struct {
	Path     string  `json:"path"`
	Title    string  `json:"title"`
	IndexNo  string  `json:"index_no,omitempty"`
	DocNo    string  `json:"doc_no,omitempty"`
	Date     string  `json:"date,omitempty"`
	Kind     string  `json:"kind"`
	Validity string  `json:"validity,omitempty"`
	Rel      string  `json:"source"`
	Score    float64 `json:"score"`
}

// Count is a facet value with its number of results.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is the answer to a Query.
type Result struct {
	Total  uint64             `json:"total"`
	Hits   []Hit              `json:"hits"`
	Facets map[string][]Count `json:"facets"`
}

// FacetFields are the fields results are counted by.
var FacetFields = []string{"kind", "topic", "genre", "issuer", "year", "validity"}

// Search runs q.
func (x *Index) Search(ctx context.Context, q Query) (*Result, error) {
	text, lifted := liftFilters(q.Text)
	if strings.TrimSpace(text) == "" && len(lifted) == 0 {
		return nil, ErrEmpty
	}
	// Filters narrow, as on the search page: each field named in the text
	// (field:value) or in q.Filters is required to have one of the values
	// given for it, in either place.
	given := map[string][]string{}
	for _, l := range lifted {
		given[l[0]] = append(given[l[0]], l[1])
	}
	var filters []query.Query
	for _, f := range FacetFields {
		var vals []string
		for _, v := range append(slices.Clone(q.Filters[f]), given[f]...) {
			v, err := x.filterValue(f, v, q.Kinds)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		if len(vals) > 0 {
			filters = append(filters, filter(f, vals))
		}
	}
	var top query.Query
	if strings.TrimSpace(text) == "" {
		top = bleve.NewConjunctionQuery(filters...)
	} else {
		// The text, or an exact index or document number (which comes
		// first), within the filters.
		key := bleve.NewTermQuery(search.Key(strings.Trim(text, `"`)))
		key.SetField("key")
		key.SetBoost(1000)
		top = bleve.NewDisjunctionQuery(
			bleve.NewConjunctionQuery(append([]query.Query{textQuery(text)}, filters...)...),
			bleve.NewConjunctionQuery(append([]query.Query{key}, filters...)...))
	}
	size := q.Size
	if size <= 0 {
		size = 10
	}
	req := bleve.NewSearchRequestOptions(top, size, q.From, false)
	req.Fields = []string{"title", "path", "index_no", "doc_no", "date", "kind", "validity", "rel"}
	if q.ByDate {
		req.SortBy([]string{"-date", "-_score"})
	}
	for _, f := range FacetFields {
		req.AddFacet(f, bleve.NewFacetRequest(f, 50))
	}
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Facets: map[string][]Count{}}
	str := func(m map[string]any, k string) string {
		s, _ := m[k].(string)
		return s
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{Path: str(h.Fields, "path"), Title: str(h.Fields, "title"),
			IndexNo: str(h.Fields, "index_no"), DocNo: str(h.Fields, "doc_no"), Date: str(h.Fields, "date"),
			Kind: str(h.Fields, "kind"), Validity: str(h.Fields, "validity"), Rel: str(h.Fields, "rel"), Score: h.Score})
	}
	for _, f := range FacetFields {
		fr := res.Facets[f]
		if fr == nil || fr.Terms == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			if t.Term == "" {
				continue
			}
			out.Facets[f] = append(out.Facets[f], Count{t.Term, t.Count})
		}
	}
	return out, nil
}

// textQuery parses bleve's query-string syntax and makes each unfielded
// word or phrase search the way readers expect of Chinese text: every term
// of the word (in the title or the body), with the title counting more and
// the whole word as a contiguous phrase counting most. Text that does not
// parse (an index number with a slash) is searched as one phrase.
func textQuery(text string) query.Query {
	parsed, err := bleve.NewQueryStringQuery(text).Parse()
	if err != nil {
		return clause(text, false)
	}
	// Every word and phrase is required, as on the search page, where
	// bleve's query string would make those without a + optional.
	if b, ok := parsed.(*query.BooleanQuery); ok {
		if d, ok := b.Should.(*query.DisjunctionQuery); ok {
			b.AddMust(d.Disjuncts...)
			b.Should = nil
		}
	}
	return rewrite(parsed)
}

func rewrite(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		if q.Must != nil {
			q.Must = rewrite(q.Must)
		}
		if q.Should != nil {
			q.Should = rewrite(q.Should)
		}
		if q.MustNot != nil {
			q.MustNot = rewrite(q.MustNot)
		}
		return q
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = rewrite(c)
		}
		return q
	case *query.DisjunctionQuery:
		for i, c := range q.Disjuncts {
			q.Disjuncts[i] = rewrite(c)
		}
		return q
	case *query.MatchQuery:
		if q.FieldVal == "" {
			return withBoost(clause(q.Match, false), q.Boost())
		}
		q.SetOperator(query.MatchQueryOperatorAnd)
		return q
	case *query.MatchPhraseQuery:
		if q.FieldVal == "" {
			return withBoost(clause(q.MatchPhrase, true), q.Boost())
		}
	}
	return q
}

func withBoost(q query.Query, b float64) query.Query {
	if bq, ok := q.(query.BoostableQuery); ok && b != 0 && b != 1 {
		bq.SetBoost(b)
	}
	return q
}

// clause is one word or phrase over title and body.
func clause(text string, phrase bool) query.Query {
	match := func(field string, boost float64) query.Query {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetOperator(query.MatchQueryOperatorAnd)
		m.SetBoost(boost)
		return m
	}
	ph := func(field string, boost float64) query.Query {
		p := bleve.NewMatchPhraseQuery(text)
		p.SetField(field)
		p.SetBoost(boost)
		return p
	}
	if phrase {
		return bleve.NewDisjunctionQuery(ph("title", 5), ph("body", 1))
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(bleve.NewDisjunctionQuery(match("title", 1), match("body", 1)))
	b.AddShould(ph("title", 20), ph("body", 8), match("title", 5))
	return b
}
