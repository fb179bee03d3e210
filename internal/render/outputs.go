package render

import (
	"fmt"
	"slices"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
)

// The portal is what a table of outputs renders (Outputs): each entry is a
// type of page or a format of file, and says what it renders from, where,
// with which layout, and which changes make it stale.

// PageType is the type of a page: .Type in layouts, and the class of the
// page's body in the built-in baseof.html.
type PageType string

// The page types of the built-in outputs.
const (
	HomePage          PageType = "home"
	RecordPage        PageType = "record"
	PlainPage         PageType = "page"
	ListPage          PageType = "list"
	TermsPage         PageType = "terms"
	TermPage          PageType = "term"
	NotFoundPage      PageType = "404"
	AnnualListPage    PageType = "annual-list"
	SearchPage        PageType = "search"
	SiteMapPage       PageType = "sitemap"
	AccessibilityPage PageType = "accessibility"
	AliasPage         PageType = "alias"
)

// Source is what an output renders from: it renders one page, or one set of
// files, of each.
type Source int

const (
	FromSite       Source = iota // the site, once
	FromEntries                  // each record and plain page
	FromAliases                  // each alias of a record
	FromKinds                    // each listed kind that has records
	FromTaxonomies               // each taxonomy
	FromTerms                    // each term of each taxonomy
)

// Stale says which changes since the memo's last build make an output
// stale. A rendering whose catalogue has the shape of that build renders
// only the outputs its changes make stale, and keeps every other file of
// that build (it is patched). An output that is not StaleAlways is also a
// unit of the memo: a page is fingerprinted by what its entry is (entries'
// pages) or by what it is given (the others: title, crumbs, list,
// taxonomy) and by what every page shows, and kept when that is as it was.
type Stale int

const (
	// StaleAlways: every rendering renders it, as what shows the newest
	// records or counts the catalogue must be. The zero value, so that an
	// output that says nothing is never out of date.
	StaleAlways Stale = iota
	// StaleOwn: a change of its entry, or of the fields of a record that
	// its entry is related to or links to.
	StaleOwn
	// StaleListed: a change of the fields of a record it lists.
	StaleListed
	// StaleFields: a change of any record's fields.
	StaleFields
	// StaleShape: a change of the site or of the catalogue's shape alone
	// (which records, where, in which lists and terms), which no patched
	// rendering has.
	StaleShape
)

// Output declares a type of page or a format of file of the portal.
// Adding one to a table (and its layout) adds it to every site rendered
// with templates loaded for that table.
type Output struct {
	Name string   // unique in its table
	Type PageType // the type of its pages; "" for files that are not pages
	From Source
	// URL is the site path of what it renders from the site. For the other
	// sources it is relative to the URL of what it renders from (an
	// entry's, a kind's …), "" for that URL itself.
	URL string
	// Layout is the layout of its pages, executed inside baseof.html unless
	// Standalone; "" for files that are not pages.
	Layout     string
	Standalone bool
	// Title is the interface text key of its pages' title; "": the title
	// of what it renders from (an entry's, a term's …).
	Title string
	Stale Stale

	// only, when set, says which of its sources' items it renders.
	only func(*Renderer, item) bool
	// records, when set, makes each page a list: the records it lists,
	// paginated.
	records func(*Renderer, item) []*catalogue.Entry
	// setup gives a page what its layout shows beyond the item's.
	setup func(*Renderer, *Page, item) error
	// after runs once the page of an item is rendered or kept.
	after func(*Renderer, item) error
	// write writes the files of an output that is not a page; unit is the
	// key of its memo unit ("" for none).
	write func(r *Renderer, it item, unit string) error
}

// Outputs is a table of outputs.
type Outputs []Output

// builtinOutputs are the outputs of every portal. The first use of each
// layout is in the order layouts are parsed in.
var builtinOutputs = Outputs{
	{Name: "home", Type: HomePage, From: FromSite, URL: "/", Layout: "home.html", setup: (*Renderer).home},
	{Name: "record", Type: RecordPage, From: FromEntries, Layout: "record.html", Stale: StaleOwn,
		only: (*Renderer).isRecord, setup: (*Renderer).recordPage, after: (*Renderer).entryFiles},
	{Name: "page", Type: PlainPage, From: FromEntries, Layout: "page.html", Stale: StaleOwn,
		only: (*Renderer).isPlainPage, setup: (*Renderer).entryBody, after: (*Renderer).entryFiles},
	{Name: "kind", Type: ListPage, From: FromKinds, Layout: "list.html", Stale: StaleListed,
		only: (*Renderer).hasPlainList, records: (*Renderer).kindRecords, setup: (*Renderer).kindList},
	{Name: "repealed", Type: ListPage, From: FromSite, URL: "/repealed/", Title: "repealed_list", Layout: "list.html", Stale: StaleListed,
		records: (*Renderer).repealed, setup: (*Renderer).repealedList},
	{Name: "terms", Type: TermsPage, From: FromTaxonomies, Layout: "terms.html", Stale: StaleShape},
	{Name: "term", Type: TermPage, From: FromTerms, Layout: "term.html", Stale: StaleListed,
		records: (*Renderer).termRecords, setup: (*Renderer).termList},
	{Name: "404", Type: NotFoundPage, From: FromSite, URL: "/404.html", Title: "not_found", Layout: "404.html", setup: (*Renderer).notFound},
	// An annual report's figures are counted from the whole catalogue.
	{Name: "annual_report", Type: RecordPage, From: FromEntries, Layout: "annual_report.html",
		only: (*Renderer).isAnnualReport, setup: (*Renderer).annualReport, after: (*Renderer).entryFiles},
	{Name: "annual_list", Type: AnnualListPage, From: FromKinds, Layout: "annual_list.html",
		only: (*Renderer).hasAnnualList, setup: (*Renderer).annualList},
	{Name: "search", Type: SearchPage, From: FromSite, URL: "/search/", Title: "search", Layout: "search.html",
		only: (*Renderer).hasSearch, setup: (*Renderer).underHome},
	{Name: "sitemap", Type: SiteMapPage, From: FromSite, URL: SiteMapURL, Title: "sitemap", Layout: "sitemap.html",
		only: (*Renderer).free, setup: (*Renderer).siteMap},
	{Name: "accessibility", Type: AccessibilityPage, From: FromSite, URL: AccessibilityURL, Title: "accessibility", Layout: "accessibility.html",
		only: (*Renderer).free, setup: (*Renderer).underHome},
	// A redirect at each alias: a file when the alias has an extension
	// (/art/2021/3/15/art_1.html), else the folder's index.html.
	{Name: "alias", Type: AliasPage, From: FromAliases, Layout: "alias.html", Standalone: true},
	{Name: "feed", From: FromSite, URL: "/" + feedFile, write: (*Renderer).siteFeed},
	{Name: "kind_feed", From: FromKinds, URL: feedFile, write: (*Renderer).kindFeed},
	{Name: "sitemaps", From: FromSite, URL: "/sitemap.xml", Stale: StaleFields, write: (*Renderer).sitemaps},
	{Name: "exports", From: FromSite, URL: "/catalogue.csv", Stale: StaleFields, write: (*Renderer).exports},
	{Name: "opensearch", From: FromSite, URL: "/opensearch.xml", only: (*Renderer).hasOpenSearch, write: (*Renderer).openSearch},
}

// BuiltinOutputs returns the outputs of every portal, a copy a caller may
// extend and load templates for (Outputs.LoadTemplates).
func BuiltinOutputs() Outputs { return slices.Clone(builtinOutputs) }

// check reports an output that the table names twice, or that neither
// has a layout nor writes files of its own.
func (t Outputs) check() error {
	seen := map[string]bool{}
	for _, o := range t {
		if seen[o.Name] {
			return fmt.Errorf("two outputs are named %q", o.Name)
		}
		seen[o.Name] = true
		if o.Layout == "" && o.write == nil {
			return fmt.Errorf("output %q has no layout", o.Name)
		}
	}
	return nil
}

// layouts are the layouts of the table's pages, each once, in table order:
// those executed inside baseof.html, and the standalone ones.
func (t Outputs) layouts() (pages, standalone []string) {
	for _, o := range t {
		switch {
		case o.Layout == "" || slices.Contains(pages, o.Layout) || slices.Contains(standalone, o.Layout):
		case o.Standalone:
			standalone = append(standalone, o.Layout)
		default:
			pages = append(pages, o.Layout)
		}
	}
	return pages, standalone
}

// reads are, of the layouts whose reads incremental builds mind, those
// only outputs rendered every time execute (which may read anything), and
// those that show lists of records.
func (t Outputs) reads() (always, lists map[string]bool) {
	always, lists = map[string]bool{}, map[string]bool{}
	for _, o := range t {
		if _, seen := always[o.Layout]; !seen || o.Stale != StaleAlways {
			always[o.Layout] = o.Stale == StaleAlways
		}
		if o.records != nil {
			lists[o.Layout] = true
		}
	}
	for _, p := range listPartials {
		lists[p] = true
	}
	return always, lists
}

// item is one thing an output renders from, with what its page or files
// take from it.
type item struct {
	url    string // the site path of the page or file
	title  string
	entry  *catalogue.Entry
	kind   *config.KindSpec // of a kind's list, else nil
	tax    *catalogue.Taxonomy
	term   *catalogue.Term
	crumbs []Crumb
}

// items are what o renders from, at o's URL.
func (r *Renderer) items(o *Output) []item {
	text := r.site.text
	home := Crumb{text.T("home"), "/"}
	var its []item
	switch o.From {
	case FromSite:
		its = append(its, item{url: o.URL})
	case FromEntries:
		its = make([]item, 0, len(r.cat.Records)+len(r.cat.Pages))
		for _, es := range [][]*catalogue.Entry{r.cat.Records, r.cat.Pages} {
			for _, e := range es {
				its = append(its, item{url: e.URL + o.URL, title: e.Title, entry: e})
			}
		}
	case FromAliases:
		keys := make([]string, 0, len(r.cat.Aliases))
		for k := range r.cat.Aliases {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, alias := range keys {
			e := r.cat.Aliases[alias]
			its = append(its, item{url: alias + o.URL, title: e.Title, entry: e})
		}
	case FromKinds:
		kinds := listedKinds(r.cat)
		for i := range kinds {
			k := &kinds[i]
			its = append(its, item{url: k.URL() + o.URL, title: text.T("kind." + string(k.Kind)), kind: k, crumbs: []Crumb{home}})
		}
	case FromTaxonomies:
		for _, tax := range r.cat.Taxonomies() {
			its = append(its, item{url: tax.URL + o.URL, title: r.taxTitle(tax), tax: tax, crumbs: []Crumb{home}})
		}
	case FromTerms:
		for _, tax := range r.cat.Taxonomies() {
			var walk func(ts []*catalogue.Term, crumbs []Crumb)
			walk = func(ts []*catalogue.Term, crumbs []Crumb) {
				for _, t := range ts {
					its = append(its, item{url: t.URL + o.URL, title: t.Name, tax: tax, term: t, crumbs: crumbs})
					walk(t.Children, append(crumbs[:len(crumbs):len(crumbs)], Crumb{t.Name, t.URL}))
				}
			}
			walk(tax.Terms, []Crumb{home, {r.taxTitle(tax), tax.URL}})
		}
	}
	if o.Title != "" {
		for i := range its {
			its[i].title = text.T(o.Title)
		}
	}
	return its
}

// job is one unit of rendering work.
type job struct {
	unit    string             // the key of its memo unit; "" for none
	entry   *catalogue.Entry   // the entry it renders from, if any
	entries []*catalogue.Entry // the records its page lists, if any
	run     func() error
}

// unitKey is the key of the memo unit of o's page or files at it, or ""
// for an output rendered every time.
func (o *Output) unitKey(it item) string {
	switch {
	case o.Stale == StaleAlways:
		return ""
	case o.records != nil:
		return listPrefix + it.url
	case o.From == FromEntries && o.URL == "":
		return entryKey(it.entry)
	case o.From == FromSite:
		return o.Name
	}
	return o.Name + ":" + it.url
}

// listPrefix starts the keys of list pages' units.
const listPrefix = "list:"

// outputJobs are o's jobs: one per page, or per set of files.
func (r *Renderer) outputJobs(o *Output) []job {
	its := r.items(o)
	jobs := make([]job, 0, len(its))
	for _, it := range its {
		if o.only != nil && !o.only(r, it) {
			continue
		}
		if o.records != nil {
			jobs = append(jobs, r.paginate(o, it)...)
			continue
		}
		key := o.unitKey(it)
		run := func() error { return r.page(o, it, nil, key) }
		if o.write != nil {
			run = func() error { return o.write(r, it, key) }
		}
		jobs = append(jobs, job{unit: key, entry: it.entry, run: run})
	}
	return jobs
}

// jobs lists the units of work of the templates' outputs, each independent
// of the others: every one, or with c those that c makes stale, r.dirty
// being set to their units.
func (r *Renderer) jobs(c *changes) []func() error {
	if c != nil {
		r.dirty = map[string]bool{}
	}
	var out []func() error
	for i := range r.tmpl.outputs {
		o := &r.tmpl.outputs[i]
		var todo []job
		for _, j := range r.outputJobs(o) {
			if !c.stale(o.Stale, j) {
				continue
			}
			if c != nil && j.unit != "" {
				r.dirty[j.unit] = true
			}
			todo = append(todo, j)
		}
		if o.From != FromEntries && o.From != FromAliases {
			for _, j := range todo {
				out = append(out, j.run)
			}
			continue
		}
		// Entries' pages dominate; batch them so scheduling costs little.
		const batch = 16
		for i := 0; i < len(todo); i += batch {
			// Its own copy, so that each batch's jobs go when it is done.
			part := slices.Clone(todo[i:min(i+batch, len(todo))])
			out = append(out, func() error {
				for _, j := range part {
					if err := j.run(); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	return out
}

// changes are what changed since the memo's build, for a patched rendering.
type changes struct {
	own    map[*catalogue.Entry]bool // entries whose own pages are stale
	fields map[*catalogue.Entry]bool // entries whose fields changed
}

// changes finds, of a catalogue with the shape of the memo's build, the
// entries whose own pages are stale: those that changed, those related to
// one whose fields changed, and those whose pages link to one.
func (r *Renderer) changes(changed, metaChanged []*catalogue.Entry) *changes {
	c := &changes{own: map[*catalogue.Entry]bool{}, fields: map[*catalogue.Entry]bool{}}
	for _, e := range changed {
		c.own[e] = true
	}
	names := map[string]bool{}
	for _, e := range metaChanged {
		c.fields[e] = true
		if e.IndexNo != "" {
			names[e.IndexNo] = true
		}
		for _, rel := range e.Relations() {
			for _, x := range rel {
				c.own[x] = true
			}
		}
	}
	if len(names) > 0 {
		linking := map[string]bool{}
		for _, key := range r.opts.Memo.Dependents(names) {
			linking[key] = true
		}
		for _, es := range [][]*catalogue.Entry{r.cat.Records, r.cat.Pages} {
			for _, e := range es {
				if linking[entryKey(e)] {
					c.own[e] = true
				}
			}
		}
	}
	return c
}

// stale reports whether job j of an output that is stale on s must run:
// always without changes, as in a rendering that is not patched.
func (c *changes) stale(s Stale, j job) bool {
	if c == nil {
		return true
	}
	switch s {
	case StaleOwn:
		return c.own[j.entry]
	case StaleListed:
		return slices.ContainsFunc(j.entries, func(e *catalogue.Entry) bool { return c.fields[e] })
	case StaleFields:
		return len(c.fields) > 0
	case StaleShape:
		return false
	}
	return true
}

// page renders o's page at it, a page of a list when list is set, as the
// memo unit key ("" for none).
func (r *Renderer) page(o *Output, it item, list *List, key string) error {
	p := r.newPage(it.url, o.Type, it.title)
	p.Entry, p.Tax, p.Term, p.Crumbs, p.List = it.entry, it.tax, it.term, it.crumbs, list
	setup := func() error {
		if o.setup == nil {
			return nil
		}
		return o.setup(r, p, it)
	}
	var err error
	switch {
	case key == "":
		// An entry's or an alias's own page is claimed in the catalogue.
		own := (o.From == FromEntries || o.From == FromAliases) && o.URL == ""
		p.out = &unitOut{r: r, own: own}
		if err = setup(); err == nil {
			err = r.write(o.Layout, p)
		}
	case o.From == FromEntries:
		err = r.unit(key, r.entryInputs(it.entry), func(out *unitOut) error {
			p.out = out
			if err := setup(); err != nil {
				return err
			}
			return r.write(o.Layout, p)
		})
	default:
		if err = setup(); err != nil {
			return err
		}
		err = r.unit(key, r.pageInputs(o.Layout, p), func(out *unitOut) error {
			p.out = out
			return r.write(o.Layout, p)
		})
	}
	if err != nil || o.after == nil {
		return err
	}
	return o.after(r, it)
}
