package render

// searchPage renders /search/, the page of static/js/search.js. The index
// it reads is written by package search/static, not here.
func (r *Renderer) searchPage() error {
	if !r.site.Search {
		return nil
	}
	p := r.newPage("/search/", "search", r.site.text.T("search"))
	p.Crumbs = []Crumb{{p.T("home"), "/"}}
	return r.write("search.html", p)
}
