package render

import (
	"strconv"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/record"
)

// List is one page of a paginated list of records.
type List struct {
	Entries []*catalogue.Entry
	Total   int
	Page    int // from 1
	Pages   int
	Prev    string // site paths; "" at the ends
	Next    string
	Numbers []PageNumber // a window of page numbers around this one
}

// PageNumber is a link in the pagination bar; URL "" marks a gap.
type PageNumber struct {
	N   int
	URL string
}

// pageURL is the site path of page n of the list at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// listJob renders one page that lists records: its unit's key, the
// entries it lists ("" and nil for pages rendered every time) and the job.
type listJob struct {
	key     string
	entries []*catalogue.Entry
	run     func() error
}

// paginate makes one job per page of entries under base; setup fills in each
// page's title, crumbs and taxonomy.
func (r *Renderer) paginate(base, layout string, entries []*catalogue.Entry, setup func(*Page)) []listJob {
	size := r.cat.Site.Paginate
	pages := max(1, (len(entries)+size-1)/size)
	jobs := make([]listJob, 0, pages)
	for n := 1; n <= pages; n++ {
		page := entries[(n-1)*size : min(n*size, len(entries))]
		jobs = append(jobs, listJob{"list:" + pageURL(base, n), page, func() error {
			p := r.newPage(pageURL(base, n), "list", "")
			setup(p)
			l := &List{Entries: page, Total: len(entries), Page: n, Pages: pages}
			if n > 1 {
				l.Prev = pageURL(base, n-1)
			}
			if n < pages {
				l.Next = pageURL(base, n+1)
			}
			for i := 1; i <= pages; i++ {
				switch {
				case i == 1 || i == pages || (i >= n-2 && i <= n+2):
					l.Numbers = append(l.Numbers, PageNumber{i, pageURL(base, i)})
				case len(l.Numbers) > 0 && l.Numbers[len(l.Numbers)-1].URL != "":
					l.Numbers = append(l.Numbers, PageNumber{})
				}
			}
			p.List = l
			return r.unit("list:"+p.Path, r.pageInputs(layout, p), func(out *unitOut) error {
				p.out = out
				return r.write(layout, p)
			})
		}})
	}
	return jobs
}

func (r *Renderer) listJobs() []listJob {
	var jobs []listJob
	home := Crumb{r.site.text.T("home"), "/"}
	for _, spec := range listedKinds(r.cat) {
		k, es, base := spec.Kind, r.cat.ByKind[spec.Kind], spec.URL()
		if k == config.AnnualReport && r.opts.Annual != nil {
			jobs = append(jobs, listJob{run: func() error { return r.annualList(base, home) }})
			continue
		}
		jobs = append(jobs, r.paginate(base, "list.html", es, func(p *Page) {
			p.Title = p.Kind(k)
			p.Crumbs = []Crumb{home}
			p.Feed = base + "feed.xml"
		})...)
	}
	var gone []*catalogue.Entry
	for _, e := range r.cat.Records {
		if e.State == record.Repealed || e.State == record.Expired {
			gone = append(gone, e)
		}
	}
	jobs = append(jobs, r.paginate("/repealed/", "list.html", gone, func(p *Page) {
		p.Title = p.T("repealed_list")
		p.Intro = p.T("repealed_intro")
		p.Crumbs = []Crumb{home}
	})...)
	for _, tax := range r.cat.Taxonomies() {
		jobs = append(jobs, r.taxonomyJobs(tax, home)...)
	}
	return jobs
}

// taxonomyJobs renders a taxonomy's index of terms and each term's list.
func (r *Renderer) taxonomyJobs(tax *catalogue.Taxonomy, home Crumb) []listJob {
	title := r.site.text.T("tax." + tax.Key)
	if tax.Key == "catalogue" {
		title = r.site.text.T("statutory")
	}
	jobs := []listJob{{"terms:" + tax.URL, nil, func() error {
		p := r.newPage(tax.URL, "terms", title)
		p.Tax = tax
		p.Crumbs = []Crumb{home}
		return r.unit("terms:"+p.Path, r.pageInputs("terms.html", p), func(out *unitOut) error {
			p.out = out
			return r.write("terms.html", p)
		})
	}}}
	var walk func(ts []*catalogue.Term, crumbs []Crumb)
	walk = func(ts []*catalogue.Term, crumbs []Crumb) {
		for _, t := range ts {
			jobs = append(jobs, r.paginate(t.URL, "term.html", t.Entries, func(p *Page) {
				p.Type = "term"
				p.Tax, p.Term = tax, t
				p.Title = t.Name
				switch tax.Key {
				case "validity":
					p.Title = p.Validity(record.Validity(t.Name))
				case "years":
					n, _ := strconv.Atoi(t.Name)
					p.Title = p.Year(n)
				}
				p.Crumbs = crumbs
			})...)
			walk(t.Children, append(crumbs[:len(crumbs):len(crumbs)], Crumb{t.Name, t.URL}))
		}
	}
	walk(tax.Terms, []Crumb{home, {title, tax.URL}})
	return jobs
}
