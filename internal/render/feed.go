package render

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/urls"
)

// feedFile is the name of a feed in the folder of the list it goes with:
// the site's (/feed.xml) and each kind's.
const feedFile = "feed.xml"

// feedSize is how many of the newest records a feed holds.
const feedSize = 50

// China Standard Time: dates in feeds are midnight there.
var cst = time.FixedZone("CST", 8*3600)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
	Category  []atomCat  `xml:"category"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// siteFeed writes the site's Atom feed, of every record.
func (r *Renderer) siteFeed(it item, _ string) error {
	return r.feed(it.url, "/", r.site.Title, r.cat.Records)
}

// kindFeed writes the Atom feed of a kind's records.
func (r *Renderer) kindFeed(it item, _ string) error {
	k := it.kind
	return r.feed(it.url, k.URL(), r.site.Title+" - "+r.site.text.T("kind."+string(k.Kind)), r.cat.ByKind[k.Kind])
}

// feed writes the feed at site path at for entries (newest first). Links are
// absolute when the site has a base URL, else relative to the feed.
func (r *Renderer) feed(at, page, title string, entries []*catalogue.Entry) error {
	base := r.cat.Site.BaseURL
	link := func(sitePath string) string {
		if base != "" {
			return urls.Absolute(base, sitePath)
		}
		return urls.Rel(at, sitePath, r.opts.Offline)
	}
	id := func(e *catalogue.Entry) string {
		if base != "" {
			return urls.Absolute(base, e.URL)
		}
		return "urn:gongkai:" + url.PathEscape(e.IndexNo)
	}
	f := atomFeed{Lang: r.site.Lang, Title: title, Author: atomPerson{r.cat.Site.Agency.Name},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: link(at)}, {Rel: "alternate", Type: "text/html", Href: link(page)}}}
	if f.Author.Name == "" {
		f.Author.Name = r.site.Title
	}
	if base != "" {
		f.ID = urls.Absolute(base, at)
	} else {
		f.ID = "urn:gongkai:feed:" + url.PathEscape(at)
	}
	entries = entries[:min(feedSize, len(entries))]
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, cst)
	for _, e := range entries {
		d := e.Published.In(cst)
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, cst)
		if d.After(updated) {
			updated = d
		}
		ae := atomEntry{ID: id(e), Title: e.Title, Updated: d.Format(time.RFC3339), Published: d.Format(time.RFC3339),
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link(e.URL)}}, Summary: e.Summary}
		if e.Genre != "" {
			ae.Category = append(ae.Category, atomCat{e.Genre})
		}
		f.Entries = append(f.Entries, ae)
	}
	f.Updated = updated.Format(time.RFC3339)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return r.emit(urls.File(at), buf.Bytes())
}
