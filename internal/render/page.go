package render

import (
	"fmt"
	"html/template"
	"path"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/markdown"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/urls"
)

// Page is what a layout receives: the page's own data and helpers that
// resolve links relative to it.
type Page struct {
	Site   *Site
	Path   string // site path of this page
	Type   PageType
	Title  string
	Crumbs []Crumb

	Entry *catalogue.Entry // record and page types
	Body  template.HTML
	TOC   []markdown.Heading

	List  *List               // list and term types
	Tax   *catalogue.Taxonomy // terms and term types
	Term  *catalogue.Term     // term type
	Intro string
	Feed  string // site path of the Atom feed that goes with this page

	Latest []*catalogue.Entry // home
	Counts []KindCount        // home

	Annual     *AnnualPage // annual_report records
	AnnualList *AnnualList // the 年报 list

	Sections []Section // the site map

	absBase string // 404 only: links from the base URL's path, not relative
	r       *Renderer
	out     *unitOut // where the page writes and reports: its memo unit's, if any
}

// Site is what every page knows of the site.
type Site struct {
	Title  string
	Lang   string
	Agency config.Agency
	// Identity is what the foot of every page shows besides the agency's
	// contact details (网站标识码, ICP备案号 …).
	Identity config.Identity
	Offline  bool
	Search   bool   // the site has a search index and page
	Nav      []Link // the main navigation
	Browse   []Link // the ways to browse the catalogue
	cat      *catalogue.Catalogue
	terms    map[string]map[string]string
	text     i18n.Strings
	assets   map[string]string // site path → content-hashed copy
}

// asset is the site path to link for the static file at site path to: its
// content-hashed copy if the build made one.
func (s *Site) asset(to string) string {
	if h, ok := s.assets[to]; ok {
		return h
	}
	return to
}

// Link is a labelled site path.
type Link struct {
	Label string
	URL   string
}

// Crumb is one step of the breadcrumb trail.
type Crumb = Link

// KindCount is a kind with its number of records.
type KindCount struct {
	Label string
	URL   string
	Count int
}

// Rel links from this page to a site path.
func (p *Page) Rel(to string) string {
	if p.absBase != "" {
		return p.absBase + strings.TrimPrefix(to, "/")
	}
	return urls.Rel(p.Path, to, p.Site.Offline)
}

// Asset is the link to the static file at site path to, by its
// content-hashed name where the build made one (online builds), so that a
// CDN may cache it for a year.
func (p *Page) Asset(to string) string { return p.Rel(p.Site.asset(to)) }

// T is the interface text for key.
func (p *Page) T(key string) string { return p.Site.text.T(key) }

// Tf formats the interface text for key.
func (p *Page) Tf(key string, args ...any) string { return fmt.Sprintf(p.Site.text.T(key), args...) }

// Date formats a date, or "" for none.
func (p *Page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ISODate is the date for datetime attributes.
func (p *Page) ISODate(t time.Time) string { return p.Date(t) }

// Validity names a validity in the interface language.
func (p *Page) Validity(v record.Validity) string { return p.T("validity." + string(v)) }

// Kind names a kind in the interface language.
func (p *Page) Kind(k config.Kind) string { return p.T("kind." + string(k)) }

// Is reports whether the page is at site path u (for aria-current).
func (p *Page) Is(u string) bool { return p.Path == u }

// Size formats a file size for readers.
func (p *Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d %s", n, p.T("bytes"))
}

// FileType is the upper-case extension of a file name: "PDF".
func (p *Page) FileType(name string) string {
	return strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
}

// AttachmentURL is the site path of an attachment of the page's entry.
func (p *Page) AttachmentURL(a record.Attachment) string {
	return p.Entry.URL + path.Base(a.Rel)
}

// TermURL is the site path of the term of taxonomy key ("topics",
// "catalogue", "genres", "issuers", "years") with path name, or "".
func (p *Page) TermURL(key, name string) string { return p.Site.terms[key][name] }

// Cat is the catalogue.
func (p *Page) Cat() *catalogue.Catalogue { return p.Site.cat }

// Year is a year with the language's suffix: "2024年".
func (p *Page) Year(y int) string { return fmt.Sprintf("%d%s", y, p.T("year_suffix")) }

// HasKind reports whether the catalogue has records of kind k.
func (p *Page) HasKind(k string) bool { return len(p.Site.cat.ByKind[config.Kind(k)]) > 0 }

// KindURL is the path of kind k's list ("annual_report" → "/annual-report/").
func (p *Page) KindURL(k string) string {
	spec, _ := p.Site.cat.Site.Kinds.Spec(config.Kind(k))
	return spec.URL()
}
