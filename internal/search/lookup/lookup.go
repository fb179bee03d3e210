// Package lookup owns the bleve index of the catalogue that `gongkai search`
// answers from: kept in a folder (by default .gongkai-cache/search in the
// site), updated only for the records whose content changed, analysed with
// package analysis, queried with bleve's query-string syntax, filters and
// facets.
//
// It reads Docs and its own folder; it touches nothing else.
package lookup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/analysis"
)

// version changes whenever the mapping or the analysis changes: an index of
// another version is rebuilt from scratch.
const version = "gongkai-search-2"

// Index is an open lookup index.
type Index struct {
	dir   string
	idx   bleve.Index
	state manifest
}

type manifest struct {
	Version string            `json:"version"`
	Hashes  map[string]string `json:"hashes"` // document id (its path) → content hash
}

// Changes counts what an Update did.
type Changes struct {
	Added, Updated, Removed, Unchanged int
}

// Open opens the index in dir, creating it (or recreating an index of
// another version) as needed.
func Open(dir string) (*Index, error) {
	x := &Index{dir: dir}
	path := filepath.Join(dir, "index")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err == nil && json.Unmarshal(data, &x.state) == nil && x.state.Version == version {
		if x.idx, err = bleve.Open(path); err == nil {
			return x, nil
		}
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	if x.idx, err = bleve.New(path, m); err != nil {
		return nil, err
	}
	x.state = manifest{Version: version, Hashes: map[string]string{}}
	return x, x.save()
}

// Close closes the index.
func (x *Index) Close() error { return x.idx.Close() }

func (x *Index) save() error {
	data, err := json.Marshal(x.state)
	if err != nil {
		return err
	}
	tmp := filepath.Join(x.dir, "manifest.json.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(x.dir, "manifest.json"))
}

// Mapping is the index mapping: title and body analysed with package
// analysis (title also stored), the filter fields as keywords, and key
// holding the normalised index and document numbers for exact lookups.
func Mapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := analysis.Register(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analysis.Name
	m.ScoringModel = index.BM25Scoring
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analysis.Name
		f.Store = store
		f.IncludeTermVectors = true
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.IncludeInAll = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.IncludeInAll = false
		return f
	}
	d := bleve.NewDocumentStaticMapping()
	d.AddFieldMappingsAt("title", text(true))
	d.AddFieldMappingsAt("body", text(false))
	for _, f := range []string{"kind", "topic", "genre", "issuer", "year", "validity", "date", "index_no", "doc_no", "key"} {
		d.AddFieldMappingsAt(f, kw())
	}
	for _, f := range []string{"path", "brief", "rel"} {
		d.AddFieldMappingsAt(f, stored())
	}
	m.DefaultMapping = d
	return m, nil
}

// record is what bleve indexes of a Doc.
type record struct {
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Path     string   `json:"path"`
	Brief    string   `json:"brief"`
	Rel      string   `json:"rel"`
	Kind     string   `json:"kind"`
	Topic    string   `json:"topic,omitempty"`
	Genre    string   `json:"genre,omitempty"`
	Issuer   string   `json:"issuer,omitempty"`
	Year     string   `json:"year,omitempty"`
	Validity string   `json:"validity,omitempty"`
	Date     string   `json:"date,omitempty"`
	IndexNo  string   `json:"index_no,omitempty"`
	DocNo    string   `json:"doc_no,omitempty"`
	Key      []string `json:"key,omitempty"`
}

func toRecord(d search.Doc) record {
	r := record{Title: d.Title, Body: d.Body, Path: d.Path, Brief: d.Brief, Rel: d.Rel, Kind: d.Kind,
		Topic: d.Topic, Genre: d.Genre, Issuer: d.Issuer, Year: d.Year, Validity: d.Validity,
		Date: d.Date, IndexNo: d.IndexNo, DocNo: d.DocNo}
	r.Key = search.Keys(&d)
	return r
}

func hash(d search.Doc) string {
	data, _ := json.Marshal(d)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// Update brings the index in line with docs: it indexes the documents that
// are new or changed and removes those that are gone.
func (x *Index) Update(ctx context.Context, docs []search.Doc) (Changes, error) {
	var c Changes
	seen := make(map[string]bool, len(docs))
	b := x.idx.NewBatch()
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		if err := x.idx.Batch(b); err != nil {
			return err
		}
		b.Reset()
		return ctx.Err()
	}
	next := make(map[string]string, len(docs))
	for _, d := range docs {
		id := d.Path
		if seen[id] {
			return c, fmt.Errorf("two documents at %s", id)
		}
		seen[id] = true
		h := hash(d)
		next[id] = h
		old, ok := x.state.Hashes[id]
		switch {
		case ok && old == h:
			c.Unchanged++
			continue
		case ok:
			c.Updated++
		default:
			c.Added++
		}
		if err := b.Index(id, toRecord(d)); err != nil {
			return c, err
		}
		if b.Size() >= 500 {
			if err := flush(); err != nil {
				return c, err
			}
		}
	}
	for id := range x.state.Hashes {
		if !seen[id] {
			b.Delete(id)
			c.Removed++
		}
	}
	if err := flush(); err != nil {
		return c, err
	}
	x.state.Hashes = next
	return c, x.save()
}

// ErrEmpty is a query with nothing to search for.
var ErrEmpty = errors.New("empty query")
