package render

import (
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
)

// The site's service pages, which the 政府网站发展指引 has every government
// website link from the foot of its pages: the site map (网站地图) and the
// accessibility statement (无障碍说明). A page of the site's own at the
// same URL replaces the built-in one.
const (
	SiteMapURL       = "/sitemap/"
	AccessibilityURL = "/accessibility/"
)

// Section is one part of the site map: a heading with links, or with the
// terms of a taxonomy as a tree.
type Section struct {
	Heading string
	Links   []Link
	Terms   []*catalogue.Term
}

// taken reports whether a record, a page or an alias of the site has the
// site path u, so that the built-in page must give way.
func (r *Renderer) taken(u string) bool {
	if _, ok := r.cat.Aliases[u]; ok {
		return true
	}
	for _, e := range r.cat.Pages {
		if e.URL == u {
			return true
		}
	}
	return false
}

// free reports whether no record, page or alias of the site is at the site
// path of it, so that the built-in page there is made.
func (r *Renderer) free(it item) bool { return !r.taken(it.url) }

// siteMap sets up the HTML site map: every way into the catalogue, each
// plain page, each year's annual report and the site's services.
func (r *Renderer) siteMap(p *Page, _ item) error {
	t := r.site.text
	p.Crumbs = []Crumb{{t.T("home"), "/"}}
	p.Sections = append(p.Sections, Section{Heading: t.T("nav"), Links: r.site.Nav})
	var kinds []Link
	for _, k := range listedKinds(r.cat) {
		kinds = append(kinds, Link{t.T("kind." + string(k.Kind)), k.URL()})
	}
	p.Sections = append(p.Sections, Section{Heading: t.T("f.kind"), Links: kinds})
	if terms := r.cat.Categories.Terms; len(terms) > 0 {
		p.Tax = r.cat.Categories // names the terms
		p.Sections = append(p.Sections, Section{Heading: t.T("statutory"), Terms: terms})
	}
	p.Sections = append(p.Sections, Section{Heading: t.T("browse"), Links: r.site.Browse})
	var pages []Link
	for _, e := range r.cat.Pages {
		pages = append(pages, Link{e.Title, e.URL})
	}
	if len(pages) > 0 {
		p.Sections = append(p.Sections, Section{Heading: t.T("pages"), Links: pages})
	}
	if es := r.cat.ByKind[config.AnnualReport]; len(es) > 0 {
		var years []Link
		for _, e := range es {
			years = append(years, Link{e.Title, e.URL})
		}
		p.Sections = append(p.Sections, Section{Heading: t.T("annual"), Links: years})
	}
	services := []Link{}
	if r.site.Search {
		services = append(services, Link{t.T("search"), "/search/"})
	}
	services = append(services, Link{t.T("accessibility"), AccessibilityURL}, Link{t.T("feed") + " (Atom)", "/" + feedFile},
		Link{t.T("open_data") + " (CSV)", "/catalogue.csv"}, Link{t.T("open_data") + " (JSON)", "/catalogue.json"})
	p.Sections = append(p.Sections, Section{Heading: t.T("services"), Links: services})
	return nil
}
