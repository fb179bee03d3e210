// Package render owns turning the catalogue into the files of the portal:
// record and plain pages, the home page, kind lists, taxonomy and year
// archives with pagination, the repealed list, redirects for aliases, Atom
// feeds, sitemaps, robots.txt and the 404 page, written through a Sink.
//
// It reads only layouts and the catalogue; it never touches the output
// folder directly.
package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/markdown"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/urls"
)

// Sink receives the output files. It must be safe for concurrent use, and
// must not keep data after WriteFile returns: the buffer is reused.
type Sink interface {
	WriteFile(name string, data []byte) error // name is slash-separated, relative
	CopyFile(name, src string) error
}

// Options configures rendering.
type Options struct {
	Offline bool // links name index.html, for file://
	Workers int  // 0: one per CPU
	// SitemapLimit is the most URLs per sitemap file; 0 means SitemapLimit.
	SitemapLimit int
	// NoSearch leaves out the search page and the search box: the site
	// has no search index.
	NoSearch bool
	// Annual holds the annual reports' figures; nil renders them as plain records.
	Annual *annualreport.Set
	// Assets maps the site path of a static file to its content-hashed
	// copy, for .Asset; nil (as offline) links the files themselves.
	Assets map[string]string
	// Memo, when set, records what each record and list page read and
	// wrote; pages whose inputs are as in its last committed build are not
	// rendered again when the sink is a Keeper.
	Memo *memo.Memo
	// Salt fingerprints the inputs of every page that the catalogue does
	// not hold: the site's configuration and the build's options.
	Salt memo.Sum
	// Versions, with Memo, keeps entries' fingerprints for the next
	// rendering of the same catalogue; nil computes them all. It must have
	// last been used with the memo's last committed build, or be new.
	Versions *Versions
	// Claims is the table of the output's files claimed so far: the
	// catalogue's and those of the files written before rendering. Every
	// file the renderer makes besides the entries' own is claimed in it,
	// a collision being reported and the file not written. Nil: a copy of
	// the catalogue's.
	Claims *claims.Table
	// EntryDone, when set, is called each time the page of a record or
	// plain page is done, from the rendering's goroutines: for progress.
	EntryDone func()
}

// Renderer renders one catalogue.
type Renderer struct {
	cat    *catalogue.Catalogue
	site   *Site
	tmpl   *Templates
	md     *markdown.Renderer
	opts   Options
	rep    *diag.Reporter
	sink   Sink
	claims *claims.Table
	pages  int
	mu     sync.Mutex

	keeper   Keeper    // the sink, when pages may be kept rather than rendered
	global   memo.Sum  // what every page shows, for Memo
	versions *Versions // of every entry, for Memo
	hashers  sync.Pool // of *memo.Hasher
	// dirty is set when only the bodies of some records changed since the
	// memo's build and nothing every page shows did: then every unit but
	// those records' pages, whose keys it holds, is as it was, and is kept
	// without being fingerprinted.
	dirty map[string]bool

	partials sync.Map // partialKey → template.HTML
	// buffers holds page buffers: pages are 10-20 KB, and growing a new
	// buffer for each of tens of thousands of pages was a third of all
	// allocation.
	buffers sync.Pool
}

// Result is what a rendering did.
type Result struct {
	Files int // files written or kept
	// Patched is set when the catalogue had the shape of the memo's build
	// and only the pages that show the changed records (see patchJobs) were
	// rendered, every other file of that build being kept whole.
	Patched bool
}

// Render renders every file of the portal for cat into sink. Content
// problems (such as links to unknown records) go to rep; the error is for
// failures to render or write at all.
func Render(ctx context.Context, cat *catalogue.Catalogue, tmpl *Templates, opts Options, sink Sink, rep *diag.Reporter) (Result, error) {
	r := &Renderer{cat: cat, tmpl: tmpl, opts: opts, rep: rep, sink: sink, claims: opts.Claims,
		md: markdown.New(markdown.Options{UnsafeHTML: cat.Site.UnsafeHTML})}
	if r.claims == nil {
		r.claims = cat.Claims.Clone()
	}
	r.buffers.New = func() any {
		b := new(bytes.Buffer)
		b.Grow(32 << 10)
		return b
	}
	r.site = newSite(cat, opts.Offline)
	r.site.assets = opts.Assets
	r.site.Search = !opts.NoSearch
	if k, ok := sink.(Keeper); ok && opts.Memo != nil && !tmpl.reachesCatalogue {
		r.keeper = k
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if opts.Memo != nil {
		r.global = r.globalSum()
		r.versions = opts.Versions
		if r.versions == nil {
			r.versions = NewVersions()
		}
		changed, metaChanged := r.versions.update(slices.Concat(cat.Records, cat.Pages), workers)
		if tmpl.listsReadBody {
			metaChanged = changed // lists show bodies
		}
		shape := r.shape()
		prevGlobal, ok1 := opts.Memo.Prev(globalKey)
		prevShape, ok2 := opts.Memo.Prev(shapeKey)
		patch := ok1 && ok2 && prevGlobal.Sum == r.global && prevShape.Sum == shape && r.keeper != nil
		var jobs []func() error
		if patch {
			jobs = r.patchJobs(changed, metaChanged)
			r.pages = len(r.keeper.KeepAll())
			replay(rep, opts.Memo.CarryAll(r.dirty))
		}
		// After CarryAll, which starts the build from the last one.
		opts.Memo.Done(globalKey, memo.Unit{Sum: r.global})
		opts.Memo.Done(shapeKey, memo.Unit{Sum: shape})
		if patch {
			return Result{Files: r.pages, Patched: true}, run(ctx, workers, jobs)
		}
	}
	jobs := r.jobs()
	return Result{Files: r.pages}, run(ctx, workers, jobs)
}

func newSite(cat *catalogue.Catalogue, offline bool) *Site {
	text := i18n.For(cat.Site.Language).With(cat.Site.Kinds.Text(cat.Site.Language))
	s := &Site{Title: cat.Site.Title, Lang: text.Lang(), Agency: cat.Site.Agency, Identity: cat.Site.Identity, Offline: offline, cat: cat, text: text,
		terms: map[string]map[string]string{}}
	for _, tax := range cat.Taxonomies() {
		m := map[string]string{}
		for _, t := range tax.All() {
			m[t.Path] = t.URL
		}
		s.terms[tax.Key] = m
	}
	s.Nav = append(s.Nav, Link{text.T("home"), "/"})
	for _, slug := range []string{"guide", "system", "about"} {
		if p := cat.PageBySlug(slug); p != nil {
			s.Nav = append(s.Nav, Link{text.T(slug), p.URL})
		}
	}
	if len(cat.Catalogue.Terms) > 0 {
		s.Nav = append(s.Nav, Link{text.T("statutory"), cat.Catalogue.URL})
	}
	for _, k := range listedKinds(cat) {
		label := text.T("kind." + string(k.Kind))
		if k.Kind == config.AnnualReport {
			label = text.T("annual_short")
		}
		s.Nav = append(s.Nav, Link{label, k.URL()})
	}
	if p := cat.PageBySlug("apply"); p != nil {
		s.Nav = append(s.Nav, Link{text.T("apply"), p.URL})
	}
	for _, tax := range cat.Taxonomies() {
		if tax != cat.Catalogue && len(tax.Terms) > 0 { // the catalogue items are in Nav
			s.Browse = append(s.Browse, Link{text.T("tax." + tax.Key), tax.URL})
		}
	}
	s.Browse = append(s.Browse, Link{text.T("repealed_list"), "/repealed/"})
	return s
}

func (r *Renderer) newPage(sitePath, typ, title string) *Page {
	return &Page{Site: r.site, Path: sitePath, Type: typ, Title: title, r: r}
}

// write executes layout for p and writes the page.
// The file is the page's own unless name gives one.
func (r *Renderer) write(layout string, p *Page, name ...string) error {
	buf := r.buffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		r.buffers.Put(buf)
	}()
	if err := r.tmpl.Execute(buf, layout, p); err != nil {
		return &LayoutError{layout, err}
	}
	file := urls.File(p.Path)
	if len(name) > 0 {
		file = name[0]
	}
	if p.out != nil {
		return p.out.WriteFile(file, buf.Bytes())
	}
	return r.emit(file, buf.Bytes())
}

// emit writes a file of gongkai's own, claiming it first: a file that
// collides with another claim is reported and not written.
func (r *Renderer) emit(name string, data []byte) error {
	if ok, err := r.claims.Take(name, claims.Claimant{}, r.rep); !ok {
		return err
	}
	return r.put(name, data)
}

// put writes a file that is claimed already.
func (r *Renderer) put(name string, data []byte) error {
	r.mu.Lock()
	r.pages++
	r.mu.Unlock()
	return r.sink.WriteFile(name, data)
}

// siteOutput is an output of the whole site, rendered once a build.
type siteOutput struct {
	render func(*Renderer) error
	// unit is the memo's unit of an output that shows the records' fields
	// and only those: a patched rendering renders it only when a record's
	// fields changed. "": the output is rendered every time.
	unit string
}

// The memo's units of the outputs that show every record's fields.
const (
	exportsUnit  = "exports"
	sitemapsUnit = "sitemaps"
)

// siteOutputs are the outputs of the whole site, besides the pages of
// records and the lists: the one list of them, for clean and patched
// renderings alike.
var siteOutputs = []siteOutput{
	{render: (*Renderer).home},
	{render: (*Renderer).notFound},
	{render: (*Renderer).feeds},
	{render: (*Renderer).sitemaps, unit: sitemapsUnit},
	{render: (*Renderer).aliases},
	{render: (*Renderer).searchPage},
	{render: (*Renderer).exports, unit: exportsUnit},
	{render: (*Renderer).openSearch},
	{render: (*Renderer).siteMap},
	{render: (*Renderer).accessibility},
}

// jobs lists the units of work, each independent of the others.
func (r *Renderer) jobs() []func() error {
	var jobs []func() error
	all := slices.Concat(r.cat.Records, r.cat.Pages)
	// Record pages dominate; batch them so scheduling costs little.
	const batch = 16
	for i := 0; i < len(all); i += batch {
		part := all[i:min(i+batch, len(all))]
		jobs = append(jobs, func() error {
			for _, e := range part {
				if err := r.entry(e); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, o := range siteOutputs {
		jobs = append(jobs, func() error { return o.render(r) })
	}
	for _, j := range r.listJobs() {
		jobs = append(jobs, j.run)
	}
	return jobs
}

// patchJobs are the jobs of a rendering whose catalogue has the shape of
// the memo's build (the same records in the same lists, terms, URLs and
// relations): the pages of the changed records; where a record's fields
// changed, the pages that show them (related records' pages, pages that
// link to it, the lists it is on, the exports and sitemaps); the annual
// reports, whose figures count the catalogue; and the pages that show the
// newest records or the whole site's state. Every other unit is as in the
// memo's build. It sets r.dirty to the units that run.
func (r *Renderer) patchJobs(changed, metaChanged []*catalogue.Entry) []func() error {
	r.dirty = map[string]bool{}
	dirty := map[*catalogue.Entry]bool{}
	for _, e := range changed {
		dirty[e] = true
	}
	meta := map[*catalogue.Entry]bool{}
	names := map[string]bool{}
	for _, e := range metaChanged {
		meta[e] = true
		if e.IndexNo != "" {
			names[e.IndexNo] = true
		}
		for _, rel := range e.Relations() {
			for _, x := range rel {
				dirty[x] = true
			}
		}
	}
	all := slices.Concat(r.cat.Records, r.cat.Pages)
	if len(names) > 0 {
		linking := map[string]bool{}
		for _, key := range r.opts.Memo.Dependents(names) {
			linking[key] = true
		}
		for _, e := range all {
			if linking[entryKey(e)] {
				dirty[e] = true
			}
		}
	}
	var jobs []func() error
	for _, e := range all {
		if dirty[e] || e.Kind == config.AnnualReport {
			r.dirty[entryKey(e)] = true
			jobs = append(jobs, func() error { return r.entry(e) })
		}
	}
	for _, o := range siteOutputs {
		if o.unit != "" {
			if len(meta) == 0 {
				continue
			}
			r.dirty[o.unit] = true
		}
		jobs = append(jobs, func() error { return o.render(r) })
	}
	if len(meta) == 0 {
		// No list shows anything new: only the annual reports' list, which
		// counts the catalogue, is rendered.
		if es := r.cat.ByKind[config.AnnualReport]; len(es) > 0 && r.opts.Annual != nil {
			home := Crumb{r.site.text.T("home"), "/"}
			spec, _ := r.cat.Site.Kinds.Spec(config.AnnualReport)
			jobs = append(jobs, func() error { return r.annualList(spec.URL(), home) })
		}
		return jobs
	}
	for _, j := range r.listJobs() {
		switch {
		case j.key == "": // rendered every time
		case slices.ContainsFunc(j.entries, func(e *catalogue.Entry) bool { return meta[e] }):
			r.dirty[j.key] = true
		default:
			continue
		}
		jobs = append(jobs, j.run)
	}
	return jobs
}

// shape fingerprints the catalogue's shape (shapeSum) and the files
// claimed before rendering, so that a rendering with a file claimed anew
// renders or keeps, and claims, every file of its own.
func (r *Renderer) shape() memo.Sum {
	h := memo.NewHasher()
	h.Sum(r.versions.shape(r.cat, r.shapeSum))
	h.Sum(r.claims.Sum())
	return h.Done()
}

// shapeSum fingerprints what the lists and relations of the catalogue are
// made of, apart from what they show of each record: which records, in
// which order, under which URLs and terms, related to which.
func (r *Renderer) shapeSum() memo.Sum {
	h := memo.NewHasher()
	ids := func(es []*catalogue.Entry) {
		h.Int(int64(len(es)))
		for _, e := range es {
			h.String(e.Rel)
		}
	}
	for _, es := range [][]*catalogue.Entry{r.cat.Records, r.cat.Pages} {
		h.Int(int64(len(es)))
		for _, e := range es {
			h.String(e.Rel)
			h.String(e.URL)
			h.String(string(e.State))
			h.String(e.IndexNo)
			for _, rel := range e.Relations() {
				ids(rel)
			}
		}
	}
	for _, k := range r.cat.Site.Kinds {
		ids(r.cat.ByKind[k.Kind])
	}
	for _, tax := range r.cat.Taxonomies() {
		h.String(tax.URL)
		for _, t := range tax.All() {
			h.String(t.Path)
			h.String(t.URL)
			ids(t.Entries)
		}
	}
	for _, y := range r.cat.Years {
		h.Int(int64(y))
	}
	return h.Done()
}

// run runs jobs on n workers and returns the first error.
func run(ctx context.Context, n int, jobs []func() error) error {
	return pool.Each(ctx, n, len(jobs), func(_ context.Context, i int) error { return jobs[i]() })
}

// entry renders one record or plain page and copies its attachments.
func (r *Renderer) entry(e *catalogue.Entry) error {
	var err error
	if e.Kind == config.AnnualReport {
		// Its figures are counted from the whole catalogue.
		err = r.entryPage(e, &unitOut{r: r, own: true})
	} else {
		err = r.unit(entryKey(e), r.entryInputs(e), func(out *unitOut) error { return r.entryPage(e, out) })
	}
	if err != nil {
		return err
	}
	for _, a := range e.Attachments {
		if a.Abs == "" {
			continue
		}
		if err := r.sink.CopyFile(strings.TrimPrefix(e.URL, "/")+path.Base(a.Rel), a.Abs); err != nil {
			return err
		}
		r.mu.Lock()
		r.pages++
		r.mu.Unlock()
	}
	if r.opts.EntryDone != nil {
		r.opts.EntryDone()
	}
	return nil
}

// globalKey and shapeKey are the memo's records of what every page showed
// and of the catalogue's shape (shapeSum).
const (
	globalKey = "global"
	shapeKey  = "shape"
)

// entryPrefix starts the keys of entries' units.
const entryPrefix = "entry:"

func entryKey(e *catalogue.Entry) string { return entryPrefix + e.URL }

// entryPage renders the page of a record or plain page into out.
func (r *Renderer) entryPage(e *catalogue.Entry, out *unitOut) error {
	p := r.newPage(e.URL, "record", e.Title)
	p.out = out
	if spec, ok := r.cat.Site.Kinds.Spec(e.Kind); ok && !spec.Listed {
		p.Type = "page"
	} else {
		kindURL := "/" + spec.Segment + "/"
		p.Crumbs = []Crumb{{p.T("home"), "/"}, {p.Kind(e.Kind), kindURL}}
		p.Feed = kindURL + "feed.xml"
	}
	p.Entry = e
	res, bad, err := r.md.Render(e.Text(), func(index string) (string, bool) {
		t, ok := out.lookup(index)
		if !ok {
			return "", false
		}
		return p.Rel(t.URL), true
	})
	if err != nil {
		return fmt.Errorf("%s: %w", e.Path, err)
	}
	for _, b := range bad {
		out.report(diag.Pos{Path: e.Path, Line: e.BodyLine + b.Line - 1, Col: b.Col}, diag.RuleLink, b.IndexNo)
	}
	p.Body = template.HTML(res.HTML)
	if len(res.TOC) >= 3 {
		p.TOC = res.TOC
	}
	layout := "record.html"
	if p.Type == "page" {
		layout = "page.html"
	} else if e.Kind == config.AnnualReport {
		layout = "annual_report.html"
		if err := r.annualPage(p, e); err != nil {
			return err
		}
	}
	return r.write(layout, p)
}

func (r *Renderer) home() error {
	p := r.newPage("/", "home", r.site.Title)
	n := min(10, len(r.cat.Records))
	p.Latest = r.cat.Records[:n]
	p.Feed = "/feed.xml"
	for _, k := range listedKinds(r.cat) {
		p.Counts = append(p.Counts, KindCount{p.Kind(k.Kind), k.URL(), len(r.cat.ByKind[k.Kind])})
	}
	return r.write("home.html", p)
}

func (r *Renderer) notFound() error {
	p := r.newPage("/404.html", "404", r.site.text.T("not_found"))
	if base := r.cat.Site.BaseURL; base != "" && !r.opts.Offline {
		// A server shows 404.html at any depth: links must not be relative.
		i := strings.Index(base, "://")
		rest := base[i+3:]
		p.absBase = rest[strings.IndexByte(rest, '/'):]
	}
	return r.write("404.html", p)
}

// listedKinds are the kinds of cat's site whose records are catalogue
// items, those of which it has any, in display order.
func listedKinds(cat *catalogue.Catalogue) config.KindTable {
	var out config.KindTable
	for _, k := range cat.Site.Kinds.Listed() {
		if len(cat.ByKind[k.Kind]) > 0 {
			out = append(out, k)
		}
	}
	return out
}
