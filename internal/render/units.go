package render

import (
	"io"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/memo"
)

// The pages and files of outputs that are not StaleAlways are memoised
// units: with Options.Memo, each one's inputs are fingerprinted, and a unit
// whose fingerprint is the one it had in the last build is not rendered
// again when the sink can keep the files it wrote then (a Keeper). The
// other files (home, feeds, annual reports …) are cheap or read the whole
// catalogue; they are always rendered, and the sink skips writing
// identical bytes.

// Keeper is a sink that can keep files of the previous output as they are.
type Keeper interface {
	Keep(name string) error
	// KeepAll keeps every file that is not written again, and returns
	// their names.
	KeepAll() []string
}

// unitOut is where one unit writes and reports while it renders: it notes
// the files written, the index numbers looked up and the diagnostics.
type unitOut struct {
	r     *Renderer
	own   bool // an entry's: its files are claimed in the catalogue
	files []string
	deps  []string
	notes []memo.Note
}

func (u *unitOut) WriteFile(name string, data []byte) error {
	u.files = append(u.files, name)
	if u.own {
		return u.r.put(name, data)
	}
	return u.r.emit(name, data)
}

// WriteStream writes name with the bytes write gives, as they come. A
// name claimed already (reported) is not written, but write still runs,
// for what else it writes.
func (u *unitOut) WriteStream(name string, write func(io.Writer) error) error {
	u.files = append(u.files, name)
	if !u.own {
		if ok, err := u.r.claim(name); !ok {
			if err != nil {
				return err
			}
			return write(io.Discard)
		}
	}
	u.r.count()
	return WriteStream(u.r.sink, name, write)
}

func (u *unitOut) report(pos diag.Pos, rule diag.Rule, arg string) {
	u.notes = append(u.notes, memo.Note{Pos: pos, Rule: rule, Args: []string{arg}})
	u.r.rep.Report(pos, rule, arg)
}

// replay reports again the diagnostics of units that were kept.
func replay(rep *diag.Reporter, notes []memo.Note) {
	for _, n := range notes {
		args := make([]any, len(n.Args))
		for i, a := range n.Args {
			args[i] = a
		}
		rep.Report(n.Pos, n.Rule, args...)
	}
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
	out := &unitOut{r: r, own: strings.HasPrefix(key, entryPrefix)}
	if r.opts.Memo == nil {
		return run(out)
	}
	prev, ok := r.opts.Memo.Prev(key)
	if ok && r.keeper != nil && (r.dirty != nil && !r.dirty[key] || r.fingerprint(key, inputs, prev.Deps) == prev.Sum) {
		for _, f := range prev.Files {
			if !out.own {
				if ok, err := r.claims.Take(f, claims.Claimant{}, r.rep); !ok {
					if err != nil {
						return err
					}
					continue
				}
			}
			if err := r.keeper.Keep(f); err != nil {
				return err
			}
		}
		r.mu.Lock()
		r.pages += len(prev.Files)
		r.mu.Unlock()
		replay(r.rep, prev.Notes)
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

// entryInputs are the inputs of e's page: e and what it shows of the
// records it is related to.
func (r *Renderer) entryInputs(e *catalogue.Entry) func(*memo.Hasher) {
	return func(h *memo.Hasher) {
		h.Sum(r.versions.m[e].full)
		for _, rel := range e.Relations() {
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
		h.String(string(p.Type))
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
