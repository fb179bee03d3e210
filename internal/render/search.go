package render

// hasSearch reports whether the site has /search/, the page of
// static/js/search.js. The index it reads is written by package
// search/siteindex, not here.
func (r *Renderer) hasSearch(item) bool { return r.site.Search }
