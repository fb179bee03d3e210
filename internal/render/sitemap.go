package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/urls"
)

// SitemapLimit is the most URLs one sitemap file may list (sitemaps.org).
const SitemapLimit = 50000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemaps writes robots.txt and, when the site has a base URL, sitemap.xml:
// one urlset, or an index of several above the limit.
func (r *Renderer) sitemaps(it item, unit string) error {
	base := r.cat.Site.BaseURL
	name := urls.File(it.url)
	robots := "User-agent: *\nAllow: /\n"
	if base == "" {
		r.rep.Report(diag.Pos{Path: "content/site.yaml"}, diag.RuleBaseURL)
		return r.emit("robots.txt", []byte(robots))
	}
	robots += "Sitemap: " + base + name + "\n"
	if err := r.emit("robots.txt", []byte(robots)); err != nil {
		return err
	}
	// The URLs and dates of the entries, and the lists; term URLs and the
	// options are in every unit's fingerprint.
	inputs := func(h *memo.Hasher) {
		h.Int(int64(r.opts.SitemapLimit))
		for _, es := range [][]*catalogue.Entry{r.cat.Records, r.cat.Pages} {
			h.Int(int64(len(es)))
			for _, e := range es {
				h.String(e.URL)
				h.Int(e.Published.Unix())
			}
		}
		for _, k := range r.cat.Site.Kinds {
			h.Int(int64(len(r.cat.ByKind[k.Kind])))
		}
	}
	return r.unit(unit, inputs, func(out *unitOut) error {
		locs := r.sitemapURLs()
		limit := r.opts.SitemapLimit
		if limit <= 0 {
			limit = SitemapLimit
		}
		if len(locs) <= limit {
			return writeXML(out, name, urlSet{URLs: locs})
		}
		var index sitemapIndex
		for i, n := 0, 1; i < len(locs); i, n = i+limit, n+1 {
			name := fmt.Sprintf("sitemap-%d.xml", n)
			if err := writeXML(out, name, urlSet{URLs: locs[i:min(i+limit, len(locs))]}); err != nil {
				return err
			}
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: base + name})
		}
		return writeXML(out, name, index)
	})
}

// sitemapURLs lists the home page, every record and plain page, and the first
// page of every list.
func (r *Renderer) sitemapURLs() []sitemapURL {
	base := r.cat.Site.BaseURL
	loc := func(p string) string { return urls.Absolute(base, p) }
	out := []sitemapURL{{Loc: loc("/")}}
	for _, e := range r.cat.Records {
		out = append(out, sitemapURL{Loc: loc(e.URL), LastMod: e.Published.Format(time.DateOnly)})
	}
	for _, e := range r.cat.Pages {
		out = append(out, sitemapURL{Loc: loc(e.URL), LastMod: e.Published.Format(time.DateOnly)})
	}
	for _, k := range listedKinds(r.cat) {
		out = append(out, sitemapURL{Loc: loc(k.URL())})
	}
	out = append(out, sitemapURL{Loc: loc("/repealed/")})
	for _, tax := range r.cat.Taxonomies() {
		out = append(out, sitemapURL{Loc: loc(tax.URL)})
		for _, t := range tax.All() {
			out = append(out, sitemapURL{Loc: loc(t.URL)})
		}
	}
	return out
}

func writeXML(out *unitOut, name string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return out.WriteFile(name, buf.Bytes())
}
