package siteindex

import (
	"cmp"
	"slices"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/search"
)

// facets is the filter table: for each filter, its values' labels and a
// column of codes, one per document (an empty value has no label: code 0
// is "none"), at a fixed width per filter. The columns are cut into parts
// of a fixed number of documents (see Options.FacetDocs), each a file of
// its own, so that no file grows with the catalogue.
type facets struct {
	Names  []string            `json:"names"`  // the filters, in display order
	Titles map[string]string   `json:"titles"` // filter → its label
	Labels map[string][]string `json:"labels"`
	Values map[string][]string `json:"values"`
	Widths map[string]int      `json:"widths"`
	// Aliases: for kind and validity, each name a reader may give a value
	// by → the value; Choices: those values as an unknown one's error
	// lists them (see search.FilterAliases).
	Aliases map[string]map[string]string `json:"aliases"`
	Choices map[string][]string          `json:"choices"`
	parts   []map[string]string          // part → filter → its documents' codes
}

// Filters are the facets readers narrow results by, in display order.
var Filters = []string{"kind", "topic", "genre", "issuer", "year", "validity"}

func facetTable(docs []search.Doc, label func(string) string, per int, kinds config.KindTable) *facets {
	f := &facets{Names: Filters, Titles: map[string]string{}, Labels: map[string][]string{},
		Values: map[string][]string{}, Widths: map[string]int{},
		Aliases: map[string]map[string]string{}, Choices: map[string][]string{}}
	f.parts = make([]map[string]string, max(1, (len(docs)+per-1)/per))
	for k := range f.parts {
		f.parts[k] = map[string]string{}
	}
	titleKey := map[string]string{"kind": "f.kind", "topic": "tax.topics", "genre": "tax.genres",
		"issuer": "tax.issuers", "year": "tax.years", "validity": "tax.validity"}
	for _, name := range Filters {
		get := func(d *search.Doc) string {
			switch name {
			case "kind":
				return d.Kind
			case "topic":
				return d.Topic
			case "genre":
				return d.Genre
			case "issuer":
				return d.Issuer
			case "year":
				return d.Year
			}
			return d.Validity
		}
		seen := map[string]bool{}
		var vals []string
		for i := range docs {
			if v := get(&docs[i]); v != "" && !seen[v] {
				seen[v] = true
				vals = append(vals, v)
			}
		}
		switch name {
		case "year":
			slices.SortFunc(vals, func(a, b string) int { return cmp.Compare(b, a) })
		default:
			slices.Sort(vals)
		}
		code := map[string]int{}
		labels := make([]string, len(vals))
		for i, v := range vals {
			code[v] = i + 1
			switch name {
			case "kind", "validity":
				labels[i] = label(name + "." + v)
			case "year":
				labels[i] = v + label("year_suffix")
			default:
				labels[i] = v
			}
		}
		col := make([]int, len(docs))
		for i := range docs {
			col[i] = code[get(&docs[i])]
		}
		col1, w := column(col)
		for k := range f.parts {
			f.parts[k][name] = col1[min(k*per, len(docs))*w : min((k+1)*per, len(docs))*w]
		}
		f.Widths[name] = w
		f.Labels[name] = labels
		f.Values[name] = vals
		f.Titles[name] = label(titleKey[name])
		if a := search.FilterAliases(name, kinds); a != nil {
			f.Aliases[name], f.Choices[name] = a, search.FilterChoices(name, kinds)
		}
	}
	return f
}
