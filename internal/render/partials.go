package render

import (
	"bytes"
	"html/template"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/record"
)

// Partials that appear on many pages are rendered once per distinct input
// and reused: the page chrome (header, footer, browse navigation) once per
// folder depth and current link, each list item once per entry and depth.
// A shared partial receives only what its key holds (Chrome, ItemData),
// so no layout, built-in or overriding, can make a shared copy wrong.

// Chrome is the data of the shared chrome partials.
type Chrome struct {
	Site    *Site
	Root    string // from the page to the site root: "", "../", "../../" ... (or the base path on the 404 page)
	Current string // the page's site path when a navigation link leads to it, else ""
}

// Rel links to a site path from any page at this depth.
func (c *Chrome) Rel(to string) string { return rootRel(c.Root, to, c.Site.Offline) }

// Asset is the link to a static file by its content-hashed name, as Page.Asset.
func (c *Chrome) Asset(to string) string { return c.Rel(c.Site.asset(to)) }

// T is the interface text for key.
func (c *Chrome) T(key string) string { return c.Site.text.T(key) }

// Href links to a site path as Rel does, and to an absolute URL as it is.
func (c *Chrome) Href(to string) string {
	if strings.HasPrefix(to, "https://") || strings.HasPrefix(to, "http://") {
		return to
	}
	return c.Rel(to)
}

// Is reports whether the page is at site path u (for aria-current).
func (c *Chrome) Is(u string) bool { return c.Current == u }

// ItemData is the data of the shared list item partial. Its fields are
// flat: html/template finds promoted fields of embedded structs slowly.
type ItemData struct {
	Title      string
	IndexNo    string
	DocNo      string
	Brief      string
	State      string // in_force, expired, repealed or amended
	StateLabel string // the validity's name when not in force, else ""
	Href       string // the link to the entry (see rootMark)
	Date       string // published, YYYY-MM-DD
	Site       *Site
}

// T is the interface text for key.
func (d *ItemData) T(key string) string { return d.Site.text.T(key) }

// rootMark stands for the way to the site root in a shared list item, so one
// rendering serves lists at every depth: each use replaces it with the
// list page's own. It is made of characters that no escaper changes.
const rootMark = "GONGKAI-ROOT-7f3a9c/"

// rootRel is the link to site path to from a page whose way to the root is root.
func rootRel(root, to string, offline bool) string {
	s := root + strings.TrimPrefix(to, "/")
	if offline && strings.HasSuffix(s, "/") || offline && s == "" {
		s += "index.html"
	}
	if s == "" {
		return "./"
	}
	return s
}

// rootOf is the way from the page at site path p to the site root.
func rootOf(p string) string {
	return strings.Repeat("../", strings.Count(p, "/")-1)
}

type partialKey struct {
	name    string
	root    string
	current string
	entry   *catalogue.Entry
}

func (r *Renderer) shared(key partialKey, data any) (template.HTML, error) {
	if v, ok := r.partials.Load(key); ok {
		return v.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := r.tmpl.ExecutePartial(&buf, key.name, data); err != nil {
		return "", &LayoutError{key.name, err}
	}
	html := template.HTML(buf.String())
	r.partials.Store(key, html)
	return html, nil
}

// Partial renders partials/NAME with the page's Chrome, shared.
func (p *Page) Partial(name string) (template.HTML, error) {
	c := p.chrome()
	return p.r.shared(partialKey{name: "partials/" + name, root: c.Root, current: c.Current}, c)
}

func (p *Page) chrome() *Chrome {
	root := rootOf(p.Path)
	if p.absBase != "" {
		root = p.absBase
	}
	c := &Chrome{Site: p.Site, Root: root}
	for _, l := range p.Site.Nav {
		if l.URL == p.Path {
			c.Current = p.Path
		}
	}
	for _, l := range p.Site.Browse {
		if l.URL == p.Path {
			c.Current = p.Path
		}
	}
	return c
}

// Item renders partials/item.html for e as a list on this page shows it.
func (p *Page) Item(e *catalogue.Entry) (template.HTML, error) {
	html, err := p.r.shared(partialKey{name: "partials/item.html", entry: e}, p.r.itemData(e))
	if err != nil {
		return "", err
	}
	return template.HTML(strings.ReplaceAll(string(html), rootMark, rootOf(p.Path))), nil
}

func (r *Renderer) itemData(e *catalogue.Entry) *ItemData {
	href := rootMark + strings.TrimPrefix(e.URL, "/")
	if r.opts.Offline {
		href += "index.html"
	}
	d := &ItemData{Title: e.Title, IndexNo: e.IndexNo, DocNo: e.DocNo, Brief: e.Brief, State: string(e.State),
		Href: href, Date: e.Published.Format(time.DateOnly), Site: r.site}
	if e.State != record.InForce {
		d.StateLabel = r.site.text.T("validity." + string(e.State))
	}
	return d
}
