// Package search owns what the catalogue offers to search: one Doc per
// record and page, with the text of its fields, the values readers filter
// by and what a result list shows. Its subpackages build the indexes:
// analysis (the terms), siteindex (the index written with the site, read by
// static/js/search.js) and lookup (the bleve index of `gongkai search`).
//
// It reads the catalogue only; it writes nothing.
package search

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/markdown"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/record"
)

// Doc is one searchable record or page.
type Doc struct {
	Path     string // site path of its page: "/policy/2024-00012/"
	Title    string
	Body     string // summary, keywords and the body's plain text
	Brief    string // the summary or the opening of the body, for result lists
	Kind     string // policy, interpretation, notice, report, annual_report, page
	Topic    string
	Genre    string
	Issuer   string
	Year     string // of publication: "2024"
	Validity string // effective: in_force, expired, repealed, amended
	Date     string // published, YYYY-MM-DD
	IndexNo  string
	DocNo    string
	Rel      string // the source file, relative to content/
	// Source is the SHA-256 of the source file, which Title and Body are
	// made of (zero: not known).
	Source [32]byte
}

// Docs lists the catalogue's pages, then its records oldest first: so a
// document's number orders by date, and a new record, the usual change,
// takes the next number without renumbering the others.
func Docs(cat *catalogue.Catalogue) []Doc {
	all := entries(cat)
	out := make([]Doc, len(all))
	// Extracting the text of the bodies is most of the work: share it out.
	_ = pool.Each(context.Background(), runtime.GOMAXPROCS(0), len(all), func(_ context.Context, i int) error {
		out[i] = FromEntry(all[i], cat.Site.Kinds)
		return nil
	})
	return out
}

// Lazy is Docs without their bodies, and the function that gives the body
// of document i: for an indexer that reads one body at a time, so that the
// text of a large catalogue is never held twice.
func Lazy(cat *catalogue.Catalogue) ([]Doc, func(i int) string) {
	all := entries(cat)
	out := make([]Doc, len(all))
	for i, e := range all {
		out[i] = meta(e, cat.Site.Kinds)
	}
	return out, func(i int) string { return text(all[i]) }
}

// entries are the catalogue's entries in the order of Docs.
func entries(cat *catalogue.Catalogue) []*catalogue.Entry {
	all := slices.Concat(cat.Pages, slices.Clone(cat.Records))
	slices.Reverse(all[len(cat.Pages):])
	return all
}

// FromEntry is the Doc of one catalogue entry.
func FromEntry(e *catalogue.Entry, kinds config.KindTable) Doc {
	d := meta(e, kinds)
	d.Body = text(e)
	return d
}

// meta is the Doc of e without its body.
func meta(e *catalogue.Entry, kinds config.KindTable) Doc {
	d := Doc{
		Path: e.URL, Title: e.Title, Brief: e.Brief, Kind: string(e.Kind),
		Topic: e.Topic, Genre: e.Genre, Issuer: e.Issuer(), Validity: string(e.State),
		IndexNo: e.IndexNo, DocNo: e.DocNo, Rel: e.Rel, Source: e.Source,
	}
	if kinds.Unlisted(e.Kind) {
		d.Validity = "" // not an item of the catalogue: no validity to filter by
	}
	if !e.Published.IsZero() {
		d.Date = e.Published.Format("2006-01-02")
		d.Year = strconv.Itoa(e.Published.Year())
	}
	return d
}

// text is the Body of e's Doc.
func text(e *catalogue.Entry) string {
	var b strings.Builder
	if e.Summary != "" {
		b.WriteString(e.Summary)
		b.WriteString("\n")
	}
	if len(e.Keywords) > 0 {
		b.WriteString(strings.Join(e.Keywords, " "))
		b.WriteString("\n")
	}
	body := e.Body()
	b.WriteString(markdown.Excerpt(body, len(body)+1))
	return b.String()
}

// Key is the form of an index number or document number that exact lookups
// compare: brackets around a year written as 〔2024〕, spaces removed,
// full-width ASCII folded.
func Key(s string) string {
	s = record.NormalizeDocNo(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000' || r == '\t':
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// Keys are the exact-lookup keys of d (see Key): its index number, the
// serial of that number without the agency code (2024-00005), and its
// document number.
func Keys(d *Doc) []string {
	_, serial, _ := strings.Cut(d.IndexNo, "/")
	var out []string
	for _, k := range []string{d.IndexNo, serial, d.DocNo} {
		if k = Key(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}
