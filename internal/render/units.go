package render

import (
	"slices"
	"sync"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/record"
)

// Record pages and list pages are memoised units: with Options.Memo, each
// one's inputs are fingerprinted, and a page whose fingerprint is the one it
// had in the last build is not rendered again when the sink can keep the
// file it wrote then (a Keeper). The other files (home, feeds, sitemaps,
// exports, annual reports) are cheap or read the whole catalogue; they are
// always rendered, and the sink skips writing identical bytes.

// Keeper is a sink that can keep files of the previous output as they are.
type Keeper interface {
	Keep(name string) error
	// KeepAll keeps every file that is not written again, and returns
	// their names.
	KeepAll() []string
}

// unitOut is the sink and reporter of one unit while it renders: it notes
// the files written, the index numbers looked up and the diagnostics.
type unitOut struct {
	r     *Renderer
	files []string
	deps  []string
	notes []memo.Note
}

func (u *unitOut) WriteFile(name string, data []byte) error {
	u.files = append(u.files, name)
	return u.r.emit(name, data)
}

func (u *unitOut) CopyFile(name, src string) error {
	u.files = append(u.files, name)
	return u.r.sink.CopyFile(name, src)
}

func (u *unitOut) report(pos diag.Pos, rule diag.Rule, arg string) {
	u.notes = append(u.notes, memo.Note{Pos: pos, Rule: rule, Args: []string{arg}})
	u.r.rep.Report(pos, rule, arg)
}

// lookup finds a record by index number and notes that the unit depends on
// what the number names.
func (u *unitOut) lookup(index string) (*catalogue.Entry, bool) {
	u.deps = append(u.deps, index)
	e, ok := u.r.cat.ByIndex[index]
	return e, ok
}

// unit renders the unit key with run, or keeps what it wrote last time when
// its inputs (written to a hasher by inputs) are unchanged.
func (r *Renderer) unit(key string, inputs func(*memo.Hasher), run func(*unitOut) error) error {
	out := &unitOut{r: r}
	if r.opts.Memo == nil {
		return run(out)
	}
	prev, ok := r.opts.Memo.Prev(key)
	if ok && r.keeper != nil && (r.dirty != nil && !r.dirty[key] || r.fingerprint(key, inputs, prev.Deps) == prev.Sum) {
		for _, f := range prev.Files {
			if err := r.keeper.Keep(f); err != nil {
				return err
			}
		}
		r.mu.Lock()
		r.pages += len(prev.Files)
		r.mu.Unlock()
		for _, n := range prev.Notes {
			args := make([]any, len(n.Args))
			for i, a := range n.Args {
				args[i] = a
			}
			r.rep.Report(n.Pos, n.Rule, args...)
		}
		r.opts.Memo.Done(key, prev)
		return nil
	}
	if err := run(out); err != nil {
		return err
	}
	slices.Sort(out.deps)
	out.deps = slices.Compact(out.deps)
	r.opts.Memo.Done(key, memo.Unit{Sum: r.fingerprint(key, inputs, out.deps), Files: out.files, Deps: out.deps, Notes: out.notes})
	return nil
}

// fingerprint is the fingerprint of unit key: what every page shows, the
// unit's own inputs, and what each index number it looked up names now.
func (r *Renderer) fingerprint(key string, inputs func(*memo.Hasher), deps []string) memo.Sum {
	h, _ := r.hashers.Get().(*memo.Hasher)
	if h == nil {
		h = memo.NewHasher()
	}
	defer r.hashers.Put(h)
	h.Reset()
	h.Sum(r.global)
	h.String(key)
	inputs(h)
	for _, d := range deps {
		h.String(d)
		if e, ok := r.cat.ByIndex[d]; ok {
			h.String(e.URL)
			h.String(e.Title)
		} else {
			h.String("\x00")
		}
	}
	return h.Done()
}

// globalSum fingerprints what every page may show: the build's salt (site
// configuration, layouts, options), the navigation, the taxonomies' term
// links and the hashed asset names.
func (r *Renderer) globalSum() memo.Sum {
	h := memo.NewHasher()
	h.Sum(r.opts.Salt)
	h.Sum(r.tmpl.Sum)
	h.Bool(r.opts.Offline)
	h.Bool(r.opts.NoSearch)
	for _, links := range [][]Link{r.site.Nav, r.site.Browse} {
		h.Int(int64(len(links)))
		for _, l := range links {
			h.String(l.Label)
			h.String(l.URL)
		}
	}
	hashMap(h, r.site.assets)
	keys := make([]string, 0, len(r.site.terms))
	for k := range r.site.terms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		h.String(k)
		hashMap(h, r.site.terms[k])
	}
	return h.Done()
}

func hashMap(h *memo.Hasher, m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h.Int(int64(len(keys)))
	for _, k := range keys {
		h.String(k)
		h.String(m[k])
	}
}

// version fingerprints what pages show of an entry: meta is what a list
// item or an export row shows (the fields, brief, URL, validity and
// attachments), full adds the body.
type version struct {
	rec               *record.Record // what it was computed from
	url, state, brief string
	meta, full        memo.Sum
	export            *exportRow // its row of the exports, once written
}

// Versions keeps the fingerprints of entries from one rendering to the next
// of a catalogue whose entries are reused, so that only entries whose record
// changed are fingerprinted again.
type Versions struct {
	byRel map[string]*version           // kept between renderings
	m     map[*catalogue.Entry]*version // this rendering's entries
}

// NewVersions returns an empty cache.
func NewVersions() *Versions {
	return &Versions{byRel: map[string]*version{}, m: map[*catalogue.Entry]*version{}}
}

// update fingerprints entries, reusing what it holds for unchanged ones, and
// forgets entries no longer there. It returns the entries whose version
// changed, and whether only their bodies did: the same files as before, each
// with the same fields, brief, URL and validity.
func (v *Versions) update(entries []*catalogue.Entry, workers int) (changed []*catalogue.Entry, bodiesOnly bool) {
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
			bodiesOnly = true
			for i, ver := range v.versions(todo, workers) {
				e := todo[i]
				if ver.meta != v.m[e].meta {
					bodiesOnly = false
				}
				v.m[e], v.byRel[e.Rel] = ver, ver
			}
			return todo, bodiesOnly
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
	bodiesOnly = len(before) == len(v.byRel)
	for _, e := range todo {
		if old, ok := before[e.Rel]; !ok || old.meta != next[e].meta {
			bodiesOnly = false
		}
	}
	return todo, bodiesOnly
}

// versions fingerprints entries on workers goroutines.
func (v *Versions) versions(todo []*catalogue.Entry, workers int) []*version {
	made := make([]*version, len(todo))
	var wg sync.WaitGroup
	step := max(1, (len(todo)+workers-1)/max(workers, 1))
	for lo := 0; lo < len(todo); lo += step {
		wg.Add(1)
		go func(part []*catalogue.Entry, out []*version) {
			defer wg.Done()
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
		}(todo[lo:min(lo+step, len(todo))], made[lo:min(lo+step, len(todo))])
	}
	wg.Wait()
	return made
}

// entryInputs are the inputs of e's page: e and what it shows of the
// records it is related to.
func (r *Renderer) entryInputs(e *catalogue.Entry) func(*memo.Hasher) {
	return func(h *memo.Hasher) {
		h.Sum(r.versions.m[e].full)
		for _, rel := range [][]*catalogue.Entry{e.Interprets, e.InterpretedBy, e.Repeals, e.RepealedBy, e.Amends, e.AmendedBy} {
			h.Int(int64(len(rel)))
			for _, x := range rel {
				h.Sum(r.versions.m[x].meta)
			}
		}
	}
}

// itemVersion is what a list shows of e: its list item, unless the list
// layouts read records' bodies.
func (r *Renderer) itemVersion(e *catalogue.Entry) memo.Sum {
	if r.tmpl.listsReadBody {
		return r.versions.m[e].full
	}
	return r.versions.m[e].meta
}

// pageInputs are the inputs of a list, term or terms page as set up in p.
func (r *Renderer) pageInputs(layout string, p *Page) func(*memo.Hasher) {
	return func(h *memo.Hasher) {
		h.String(layout)
		h.String(p.Type)
		h.String(p.Title)
		h.String(p.Intro)
		h.String(p.Feed)
		h.Int(int64(len(p.Crumbs)))
		for _, c := range p.Crumbs {
			h.String(c.Label)
			h.String(c.URL)
		}
		if l := p.List; l != nil {
			h.Int(int64(l.Total))
			h.Int(int64(l.Page))
			h.Int(int64(l.Pages))
			h.String(l.Prev)
			h.String(l.Next)
			for _, n := range l.Numbers {
				h.Int(int64(n.N))
				h.String(n.URL)
			}
			h.Int(int64(len(l.Entries)))
			for _, e := range l.Entries {
				h.Sum(r.itemVersion(e))
			}
		}
		if p.Tax != nil {
			h.String(p.Tax.Key)
			h.String(p.Tax.URL)
			if p.Term == nil {
				terms(h, p.Tax.Terms)
			}
		}
		if p.Term != nil {
			terms(h, []*catalogue.Term{p.Term})
		}
	}
}

// exportInputs are the inputs of the catalogue exports: every record's fields.
func (r *Renderer) exportInputs(es []*catalogue.Entry) func(*memo.Hasher) {
	return func(h *memo.Hasher) {
		h.Int(int64(len(es)))
		for _, e := range es {
			h.Sum(r.versions.m[e].meta)
		}
	}
}

// terms adds a tree of terms as a tree layout shows it.
func terms(h *memo.Hasher, ts []*catalogue.Term) {
	h.Int(int64(len(ts)))
	for _, t := range ts {
		h.String(t.Name)
		h.String(t.URL)
		h.Int(int64(len(t.Entries)))
		terms(h, t.Children)
	}
}
