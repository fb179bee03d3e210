package render

import (
	"strconv"

	"github.com/gongkai/gongkai/internal/catalogue"
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

// paginate makes one job per page of the list of o at it.
func (r *Renderer) paginate(o *Output, it item) []job {
	entries := o.records(r, it)
	size := r.cat.Site.Paginate
	pages := max(1, (len(entries)+size-1)/size)
	base := it.url
	jobs := make([]job, 0, pages)
	for n := 1; n <= pages; n++ {
		page := entries[(n-1)*size : min(n*size, len(entries))]
		at := it
		at.url = pageURL(base, n)
		key := o.unitKey(at)
		jobs = append(jobs, job{unit: key, entries: page, run: func() error {
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
			return r.page(o, at, l, key)
		}})
	}
	return jobs
}

// hasPlainList reports whether the kind of it has a plain list of its
// records: all but the annual reports, when their figures are known.
func (r *Renderer) hasPlainList(it item) bool { return !r.hasAnnualList(it) }

// kindRecords are the records of the kind of it.
func (r *Renderer) kindRecords(it item) []*catalogue.Entry { return r.cat.ByKind[it.kind.Kind] }

// kindList sets up a page of a kind's list.
func (r *Renderer) kindList(p *Page, it item) error {
	p.Feed = it.kind.URL() + feedFile
	return nil
}

// repealed are the records no longer in force.
func (r *Renderer) repealed(item) []*catalogue.Entry {
	var gone []*catalogue.Entry
	for _, e := range r.cat.Records {
		if e.State == record.Repealed || e.State == record.Expired {
			gone = append(gone, e)
		}
	}
	return gone
}

// repealedList sets up a page of the list of records no longer in force.
func (r *Renderer) repealedList(p *Page, _ item) error {
	p.Intro = p.T("repealed_intro")
	p.Crumbs = []Crumb{{p.T("home"), "/"}}
	return nil
}

// taxTitle is the title of a taxonomy's index of terms.
func (r *Renderer) taxTitle(tax *catalogue.Taxonomy) string {
	if tax.Key == "catalogue" {
		return r.site.text.T("statutory")
	}
	return r.site.text.T("tax." + tax.Key)
}

// termRecords are the records of the term of it.
func (r *Renderer) termRecords(it item) []*catalogue.Entry { return it.term.Entries }

// termList titles a page of a term's list: validities and years by their
// names in the interface language.
func (r *Renderer) termList(p *Page, it item) error {
	switch it.tax.Key {
	case "validity":
		p.Title = p.Validity(record.Validity(it.term.Name))
	case "years":
		n, _ := strconv.Atoi(it.term.Name)
		p.Title = p.Year(n)
	}
	return nil
}
