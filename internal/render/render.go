// Package render owns turning the catalogue into the files of the portal:
// record and plain pages, the home page, kind lists, taxonomy and year
// archives with pagination, the repealed list, redirects for aliases, Atom
// feeds, sitemaps, robots.txt and the 404 page, written through a Sink.
// Each of them is an entry of a table of outputs (Outputs), which says what
// it renders from, where, with which layout, and when it is stale.
//
// It reads only layouts and the catalogue; it never touches the output
// folder directly.
package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
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

// StreamSink is a Sink that also writes a file as it is made, for files
// too large to hold whole (the exports of a large catalogue).
type StreamSink interface {
	Sink
	WriteStream(name string, write func(io.Writer) error) error
}

// WriteStream writes the file name to s with the bytes write gives: as
// they come when s is a StreamSink, else whole once write returns.
func WriteStream(s Sink, name string, write func(io.Writer) error) error {
	if ss, ok := s.(StreamSink); ok {
		return ss.WriteStream(name, write)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return s.WriteFile(name, b.Bytes())
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
	// dirty is set in a patched rendering to the keys of the units that
	// run: every other unit is as it was, and is kept without being
	// fingerprinted.
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
	// and only the outputs that its changes make stale (see Stale) were
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
			jobs = r.jobs(r.changes(changed, metaChanged))
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
	jobs := r.jobs(nil)
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
	if len(cat.Categories.Terms) > 0 {
		s.Nav = append(s.Nav, Link{text.T("statutory"), cat.Categories.URL})
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
		if tax != cat.Categories && len(tax.Terms) > 0 { // the categories are in Nav
			s.Browse = append(s.Browse, Link{text.T("tax." + tax.Key), tax.URL})
		}
	}
	s.Browse = append(s.Browse, Link{text.T("repealed_list"), "/repealed/"})
	return s
}

func (r *Renderer) newPage(sitePath string, typ PageType, title string) *Page {
	return &Page{Site: r.site, Path: sitePath, Type: typ, Title: title, r: r}
}

// write executes layout for p and writes the page.
func (r *Renderer) write(layout string, p *Page) error {
	buf := r.buffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		r.buffers.Put(buf)
	}()
	if err := r.tmpl.Execute(buf, layout, p); err != nil {
		return &LayoutError{layout, err}
	}
	return p.out.WriteFile(urls.File(p.Path), buf.Bytes())
}

// emit writes a file of gongkai's own, claiming it first: a file that
// collides with another claim is reported and not written.
func (r *Renderer) emit(name string, data []byte) error {
	if ok, err := r.claim(name); !ok {
		return err
	}
	return r.put(name, data)
}

// claim claims name for a file that is no entry's, and says whether the
// file is to be written.
func (r *Renderer) claim(name string) (bool, error) {
	return r.claims.Take(name, claims.Claimant{}, r.rep)
}

// put writes a file that is claimed already.
func (r *Renderer) put(name string, data []byte) error {
	r.count()
	return r.sink.WriteFile(name, data)
}

// count counts a file written.
func (r *Renderer) count() {
	r.mu.Lock()
	r.pages++
	r.mu.Unlock()
}

// shape fingerprints the catalogue's shape (shapeSum), the files claimed
// before rendering, so that a rendering with a file claimed anew renders or
// keeps, and claims, every file of its own, and the files of the annual
// reports' figures, so that a patched rendering never keeps one that no
// report writes any more.
func (r *Renderer) shape() memo.Sum {
	h := memo.NewHasher()
	h.Sum(r.versions.shape(r.cat, r.shapeSum))
	h.Sum(r.claims.Sum())
	if r.opts.Annual != nil {
		for _, ar := range r.opts.Annual.Reports {
			if ar.Tabular() {
				h.String(ar.Entry.URL + annualreport.CSVName(ar.Year))
			}
		}
	}
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
// Each job is let go once it has begun, with what it alone holds (its
// page's item, a batch's list): a large catalogue's jobs take tens of MB.
func run(ctx context.Context, n int, jobs []func() error) error {
	return pool.Each(ctx, n, len(jobs), func(_ context.Context, i int) error {
		j := jobs[i]
		jobs[i] = nil
		return j()
	})
}

// isRecord reports whether the entry of it is a record of the catalogue
// other than an annual report.
func (r *Renderer) isRecord(it item) bool {
	return !r.isPlainPage(it) && it.entry.Kind != config.AnnualReport
}

// isAnnualReport reports whether the entry of it is an annual report of the
// catalogue.
func (r *Renderer) isAnnualReport(it item) bool {
	return !r.isPlainPage(it) && it.entry.Kind == config.AnnualReport
}

// isPlainPage reports whether the entry of it is a plain page, outside the
// catalogue.
func (r *Renderer) isPlainPage(it item) bool { return r.cat.Site.Kinds.Unlisted(it.entry.Kind) }

// entryFiles copies the attachments of the entry of it, whose page is done.
func (r *Renderer) entryFiles(it item) error {
	e := it.entry
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

// recordPage sets up the page of a record of the catalogue: under its
// kind's list, with its kind's feed.
func (r *Renderer) recordPage(p *Page, it item) error {
	spec, _ := r.cat.Site.Kinds.Spec(p.Entry.Kind)
	kindURL := "/" + spec.Segment + "/"
	p.Crumbs = []Crumb{{p.T("home"), "/"}, {p.Kind(p.Entry.Kind), kindURL}}
	p.Feed = kindURL + feedFile
	return r.entryBody(p, it)
}

// annualReport sets up the page of an annual report: a record's, with the
// report's figures.
func (r *Renderer) annualReport(p *Page, it item) error {
	if err := r.recordPage(p, it); err != nil {
		return err
	}
	return r.annualPage(p, p.Entry)
}

// entryBody renders the body of the page's entry, reporting links to
// unknown records.
func (r *Renderer) entryBody(p *Page, _ item) error {
	e, out := p.Entry, p.out
	res, bad, err := r.md.Render(e.Body(), func(index string) (string, bool) {
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
	return nil
}

// home sets up the home page: the newest records and each kind's count.
func (r *Renderer) home(p *Page, _ item) error {
	p.Title = r.site.Title
	n := min(10, len(r.cat.Records))
	p.Latest = r.cat.Records[:n]
	p.Feed = "/" + feedFile
	for _, k := range listedKinds(r.cat) {
		p.Counts = append(p.Counts, KindCount{p.Kind(k.Kind), k.URL(), len(r.cat.ByKind[k.Kind])})
	}
	return nil
}

// notFound sets up the 404 page, which a server shows at any depth: its
// links start from the base URL's path, not from its own.
func (r *Renderer) notFound(p *Page, _ item) error {
	if base := r.cat.Site.BaseURL; base != "" && !r.opts.Offline {
		i := strings.Index(base, "://")
		rest := base[i+3:]
		p.absBase = rest[strings.IndexByte(rest, '/'):]
	}
	return nil
}

// underHome puts a page of the site's under the home page.
func (r *Renderer) underHome(p *Page, _ item) error {
	p.Crumbs = []Crumb{{p.T("home"), "/"}}
	return nil
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
