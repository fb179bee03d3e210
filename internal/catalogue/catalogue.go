// Package catalogue owns the model of the whole site: records joined by their
// relations (interprets, repeals, amends), their effective validity, their
// permanent URLs, and the taxonomies readers browse by.
//
// It applies the rules that span records. It reads no files and renders
// nothing.
package catalogue

import (
	"cmp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/record"
)

// Entry is a record in the catalogue, with what the catalogue knows of it.
type Entry struct {
	*record.Record
	URL   string          // site path of its page, "/policy/2024-00001/"
	State record.Validity // effective validity: repealed once another record repeals it
	Brief string          // the summary, or the opening of the body when there is none

	Interprets    []*Entry
	InterpretedBy []*Entry
	Repeals       []*Entry
	RepealedBy    []*Entry
	Amends        []*Entry
	AmendedBy     []*Entry
}

// Relations are the entry's relations to other entries, in a fixed order:
// interprets, interpreted by, repeals, repealed by, amends, amended by.
func (e *Entry) Relations() [][]*Entry {
	return [][]*Entry{e.Interprets, e.InterpretedBy, e.Repeals, e.RepealedBy, e.Amends, e.AmendedBy}
}

// Catalogue is the whole site's model.
type Catalogue struct {
	Site    *config.Site
	Records []*Entry // every entry but pages, newest first
	Pages   []*Entry // by URL
	ByIndex map[string]*Entry
	ByKind  map[config.Kind][]*Entry // newest first
	Aliases map[string]*Entry        // alias path → entry
	Years   []int                    // newest first

	// Claims holds the files of the entries' pages, attachments and
	// aliases, for the renderer to claim its own files beside them.
	Claims *claims.Table

	Topics     *Taxonomy
	Categories *Taxonomy
	Genres     *Taxonomy
	Issuers    *Taxonomy
	YearTax    *Taxonomy
	Validity   *Taxonomy
}

// Taxonomies are the catalogue's taxonomies in the order the portal lists
// them: topics, categories, genres, issuers, years, validity.
func (c *Catalogue) Taxonomies() []*Taxonomy {
	return []*Taxonomy{c.Topics, c.Categories, c.Genres, c.Issuers, c.YearTax, c.Validity}
}

// Options changes what goes into the catalogue.
type Options struct {
	Drafts bool // include draft records
}

// Build joins decoded records into the catalogue, reporting cross-record
// problems to rep.
func Build(site *config.Site, recs []*record.Record, opts Options, rep *diag.Reporter) *Catalogue {
	c := &Catalogue{Site: site, ByIndex: map[string]*Entry{}, ByKind: map[config.Kind][]*Entry{}, Aliases: map[string]*Entry{}}
	recs = slices.Clone(recs)
	slices.SortFunc(recs, func(a, b *record.Record) int { return strings.Compare(a.Rel, b.Rel) })

	// Index numbers are unique across drafts too, so a draft cannot take a
	// published record's number.
	first := map[string]*record.Record{}
	var entries []*Entry
	for _, r := range recs {
		if r.IndexNo != "" {
			if prev, dup := first[r.IndexNo]; dup {
				rep.Report(r.At("index_no"), diag.RuleDuplicateIndex, r.IndexNo, prev.At("index_no").String())
				continue
			}
			first[r.IndexNo] = r
		}
		if r.Draft && !opts.Drafts {
			continue
		}
		e := &Entry{Record: r, State: r.Validity, Brief: Brief(r)}
		entries = append(entries, e)
		if r.IndexNo != "" {
			c.ByIndex[r.IndexNo] = e
		}
	}
	c.link(entries, rep)
	c.assignURLs(entries, rep)
	years := map[int]bool{}
	for _, e := range entries {
		if site.Kinds.Unlisted(e.Kind) {
			c.Pages = append(c.Pages, e)
			continue
		}
		c.Records = append(c.Records, e)
		years[e.Published.Year()] = true
	}
	SortNewest(c.Records)
	for _, e := range c.Records {
		c.ByKind[e.Kind] = append(c.ByKind[e.Kind], e)
	}
	slices.SortFunc(c.Pages, func(a, b *Entry) int { return strings.Compare(a.URL, b.URL) })
	for y := range years {
		c.Years = append(c.Years, y)
	}
	slices.SortFunc(c.Years, func(a, b int) int { return b - a })
	c.buildTaxonomies()
	return c
}

// Brief is what lists show of a record: its summary, or the opening of its
// body when it has none.
func Brief(r *record.Record) string {
	if r.Summary != "" {
		return r.Summary
	}
	return r.Opening
}

// SortNewest orders entries newest first, then by index number.
func SortNewest(es []*Entry) {
	slices.SortFunc(es, func(a, b *Entry) int {
		return cmp.Or(b.Published.Compare(a.Published), strings.Compare(a.IndexNo, b.IndexNo), strings.Compare(a.Rel, b.Rel))
	})
}

// PageBySlug finds a plain page by the last segment of its URL.
func (c *Catalogue) PageBySlug(slug string) *Entry {
	for _, p := range c.Pages {
		if p.URL == "/"+slug+"/" {
			return p
		}
	}
	return nil
}
