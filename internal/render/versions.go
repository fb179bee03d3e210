package render

import (
	"context"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/record"
)

// version fingerprints what pages show of an entry: meta is what a list
// item or an export row shows (the fields, brief, URL, validity and
// attachments), full adds the body.
type version struct {
	rec               *record.Record // what it was computed from
	url, state, brief string
	meta, full        memo.Sum
	export            *exportRow // its row of the exports, kept for the next rendering (Versions.KeepRows)
}

// Versions keeps the fingerprints of entries from one rendering to the next
// of a catalogue whose entries are reused, so that only entries whose record
// changed are fingerprinted again.
type Versions struct {
	byRel map[string]*version           // kept between renderings
	m     map[*catalogue.Entry]*version // this rendering's entries

	// The shape (shapeSum) of the last catalogue rendered. A catalogue
	// rendered again is one an incremental build reused, whose shape is
	// its own by construction (catalogue.Structure).
	shapeOf  *catalogue.Catalogue
	shapeSum memo.Sum

	keepRows bool // keep each entry's export row (KeepRows)
}

// KeepRows says whether the entries' export rows are kept for the next
// rendering, which then encodes only the rows of changed entries. It is
// worth it where the process renders again (the live preview); a build
// that renders once would hold every row to the end for nothing.
func (v *Versions) KeepRows(keep bool) { v.keepRows = keep }

// shape is the shape of cat, computed by sum unless cat was the last
// catalogue rendered.
func (v *Versions) shape(cat *catalogue.Catalogue, sum func() memo.Sum) memo.Sum {
	if v.shapeOf != cat {
		v.shapeOf, v.shapeSum = cat, sum()
	}
	return v.shapeSum
}

// NewVersions returns an empty Versions.
func NewVersions() *Versions {
	return &Versions{byRel: map[string]*version{}, m: map[*catalogue.Entry]*version{}}
}

// update fingerprints entries, reusing what it holds for unchanged ones, and
// forgets entries no longer there. It returns the entries whose version
// changed, and those of them whose fields, brief, URL, validity or
// attachments did (or that are new).
func (v *Versions) update(entries []*catalogue.Entry, workers int) (changed, metaChanged []*catalogue.Entry) {
	fresh := func(old *version, e *catalogue.Entry) bool {
		return old.rec == e.Record && old.url == e.URL && old.state == string(e.State) && old.brief == e.Brief
	}
	// The common case in the live preview: the same entries (a reused
	// catalogue), a few with a new record.
	if len(entries) == len(v.m) {
		var todo []*catalogue.Entry
		same := true
		for _, e := range entries {
			old, ok := v.m[e]
			if !ok {
				same = false
				break
			}
			if !fresh(old, e) {
				todo = append(todo, e)
			}
		}
		if same {
			for i, ver := range v.versions(todo, workers) {
				e := todo[i]
				if ver.meta != v.m[e].meta {
					metaChanged = append(metaChanged, e)
				}
				v.m[e], v.byRel[e.Rel] = ver, ver
			}
			return todo, metaChanged
		}
	}
	before := v.byRel
	next := make(map[*catalogue.Entry]*version, len(entries))
	var todo []*catalogue.Entry
	for _, e := range entries {
		if old, ok := v.byRel[e.Rel]; ok && fresh(old, e) {
			next[e] = old
			continue
		}
		todo = append(todo, e)
	}
	made := v.versions(todo, workers)
	for i, e := range todo {
		next[e] = made[i]
	}
	v.m = next
	v.byRel = make(map[string]*version, len(entries))
	for e, ver := range next {
		v.byRel[e.Rel] = ver
	}
	for _, e := range todo {
		if old, ok := before[e.Rel]; !ok || old.meta != next[e].meta {
			metaChanged = append(metaChanged, e)
		}
	}
	return todo, metaChanged
}

// versions fingerprints entries on workers goroutines.
func (v *Versions) versions(todo []*catalogue.Entry, workers int) []*version {
	made := make([]*version, len(todo))
	step := max(1, (len(todo)+workers-1)/max(workers, 1))
	pool.Each(context.Background(), workers, (len(todo)+step-1)/step, func(_ context.Context, c int) error {
		lo, hi := c*step, min((c+1)*step, len(todo))
		part, out := todo[lo:hi], made[lo:hi]
		h := memo.NewHasher()
		for i, e := range part {
			ver := &version{rec: e.Record, url: e.URL, state: string(e.State), brief: e.Brief}
			h.Reset()
			h.Sum(e.Front)
			h.String(e.URL)
			h.String(string(e.State))
			h.String(e.Brief)
			h.Int(int64(len(e.Attachments)))
			for _, a := range e.Attachments {
				h.String(a.Rel)
				h.String(a.Abs)
				h.Int(a.Size)
			}
			ver.meta = h.Done()
			h.Reset()
			h.Sum(ver.meta)
			h.Sum(e.Source)
			ver.full = h.Done()
			out[i] = ver
		}
		return nil
	})
	return made
}
