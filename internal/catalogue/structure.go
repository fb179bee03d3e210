package catalogue

import (
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/record"
)

// Structure fingerprints what Build reads of a record apart from its
// summary and body (from which only the entry's Brief comes): the fields
// that decide where the record is, what it is related to and what the
// catalogue reports about it, with their positions. Two catalogues built
// from records of equal structures differ only in those records' other
// fields and briefs, so an incremental build may keep one and put the new
// records into it.
//
// It must name every field Build reads; TestStructure lists them.
func Structure(r *record.Record) memo.Sum {
	h := memo.NewHasher()
	for _, s := range []string{r.Rel, r.Path, r.Dir, string(r.Kind), r.IndexNo, string(r.Validity), r.Topic, r.Genre, r.Slug} {
		h.String(s)
	}
	h.Bool(r.Bundle)
	h.Bool(r.Draft)
	h.Int(r.Published.Unix())
	for _, list := range [][]string{r.Categories, r.Issuers, r.Aliases} {
		h.Int(int64(len(list)))
		for _, s := range list {
			h.String(s)
		}
	}
	// The attachments, whose files the catalogue claims.
	h.Int(int64(len(r.Attachments)))
	for _, a := range r.Attachments {
		h.String(a.File)
		h.String(a.Rel)
		h.Bool(a.Abs != "")
	}
	for _, refs := range [][]record.Ref{r.Interprets, r.Repeals, r.Amends} {
		h.Int(int64(len(refs)))
		for _, ref := range refs {
			h.String(ref.IndexNo)
			h.String(ref.Pos.String())
		}
	}
	// The positions its diagnostics point at.
	keys := []string{"index_no", "validity", "repeals", "slug", "aliases"}
	for _, f := range r.Pos {
		if k := f.Key; strings.HasPrefix(k, "alias:") || strings.HasPrefix(k, "attachment:") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		h.String(k)
		h.String(r.At(k).String())
	}
	return h.Done()
}
