package render

import (
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/record"
)

// MetaCell is one labelled value of the metadata table of a record; Links,
// when present, are shown instead of Value.
type MetaCell struct {
	Label string
	Value string
	Links []Link
	Wide  bool // takes a whole row
}

// MetaRows is the standard metadata table of the page's entry, two fields to
// a row as on government portals, wide fields alone.
func (p *Page) MetaRows() [][]MetaCell {
	e := p.Entry
	var cells []MetaCell
	add := func(key, value string, links ...Link) {
		if value == "" && len(links) == 0 {
			return
		}
		cells = append(cells, MetaCell{Label: p.T("f." + key), Value: value, Links: links})
	}
	wide := func(key, value string, links ...Link) {
		if value == "" && len(links) == 0 {
			return
		}
		cells = append(cells, MetaCell{Label: p.T("f." + key), Value: value, Links: links, Wide: true})
	}
	termLinks := func(key string, names ...string) []Link {
		var out []Link
		for _, n := range names {
			out = append(out, Link{n, p.TermURL(key, n)})
		}
		return out
	}
	add("index_no", e.IndexNo)
	if e.Topic != "" {
		add("topic", "", termLinks("topics", e.Topic)...)
	}
	if len(e.Issuers) > 0 {
		add("issuer", "", termLinks("issuers", e.Issuers...)...)
	}
	add("written", p.Date(e.Written))
	wide("title", e.Title)
	add("doc_no", e.DocNo)
	add("published", p.Date(e.Published))
	add("effective", p.Date(e.Effective))
	add("expires", p.Date(e.Expires))
	add("validity", "", Link{p.Validity(e.State), p.TermURL("validity", string(e.State))})
	if e.Genre != "" {
		add("genre", "", termLinks("genres", e.Genre)...)
	}
	if e.Kind == config.AnnualReport && e.Year > 0 {
		add("year", strconv.Itoa(e.Year))
	}
	add("publisher", e.Publisher)
	add("disclosure", p.T("disclosure."+e.Disclosure))
	add("scope", p.T("scope."+e.Scope))
	if len(e.Record.Categories) > 0 {
		wide("catalogue", "", termLinks("catalogue", e.Record.Categories...)...)
	}
	wide("keywords", strings.Join(e.Keywords, "；"))
	wide("summary", e.Summary)

	var rows [][]MetaCell
	for i := 0; i < len(cells); {
		switch {
		case cells[i].Wide:
			rows = append(rows, cells[i:i+1])
			i++
		case i+1 < len(cells) && !cells[i+1].Wide:
			rows = append(rows, cells[i:i+2])
			i += 2
		default: // a lone cell spans the row rather than leave a hole
			cells[i].Wide = true
			rows = append(rows, cells[i:i+1])
			i++
		}
	}
	return rows
}

// Relation is a labelled list of related entries.
type Relation struct {
	ID      string
	Label   string
	Entries []*catalogue.Entry
}

// Relations are the page entry's links to and from other records.
func (p *Page) Relations() []Relation {
	e := p.Entry
	var out []Relation
	for _, r := range []Relation{
		{"interpretations", p.T("interpretations"), e.InterpretedBy},
		{"interprets", p.T("interprets"), e.Interprets},
		{"repealed-by", p.T("repealed_by"), e.RepealedBy},
		{"repeals", p.T("repeals"), e.Repeals},
		{"amended-by", p.T("amended_by"), e.AmendedBy},
		{"amends", p.T("amends"), e.Amends},
	} {
		if len(r.Entries) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Banner is the notice shown on a record no longer (wholly) in force, or "".
func (p *Page) Banner() string {
	switch p.Entry.State {
	case record.Repealed:
		return p.T("banner.repealed")
	case record.Expired:
		return p.T("banner.expired")
	case record.Amended:
		return p.T("banner.amended")
	}
	return ""
}

// Tree is a level of a taxonomy tree, for the recursive tree layout.
type Tree struct {
	P     *Page
	Terms []*catalogue.Term
}

// Subtree wraps terms for the tree layout.
func (p *Page) Subtree(ts []*catalogue.Term) Tree { return Tree{p, ts} }

// TermLabel names a term of the page's taxonomy for readers.
func (p *Page) TermLabel(t *catalogue.Term) string {
	switch p.Tax.Key {
	case "validity":
		return p.Validity(record.Validity(t.Name))
	case "years":
		n, _ := strconv.Atoi(t.Name)
		return p.Year(n)
	}
	return t.Name
}
