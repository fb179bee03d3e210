package render

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"time"

	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/urls"
)

// Machine-readable pages: schema.org JSON-LD in each record page, and an
// OpenSearch description of the site's search.

// legalForce maps a validity to schema.org's LegalForceStatus.
var legalForce = map[record.Validity]string{
	record.InForce: "InForce", record.Amended: "PartiallyInForce",
	record.Expired: "NotInForce", record.Repealed: "NotInForce",
}

// JSONLD is the schema.org description of the page's record as JSON-LD, or
// "" for pages that are not records. encoding/json escapes <, > and &, so
// no field can end the script element it goes in.
func (p *Page) JSONLD() template.JS {
	e := p.Entry
	if e == nil || (p.Type != RecordPage && p.Type != PlainPage) {
		return ""
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	org := func(name string) map[string]any {
		return map[string]any{"@type": "GovernmentOrganization", "name": name}
	}
	spec, _ := p.Site.cat.Site.Kinds.Spec(e.Kind)
	typ := spec.SchemaType
	m := map[string]any{
		"@context":   "https://schema.org",
		"@type":      typ,
		"name":       e.Title,
		"inLanguage": p.Site.Lang,
	}
	if typ != "WebPage" {
		m["headline"] = e.Title
	}
	if p.Site.cat.Site.BaseURL != "" {
		m["url"] = p.r.absURL(e.URL)
	}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("identifier", e.IndexNo)
	set("datePublished", date(e.Published))
	set("dateCreated", date(e.Written))
	set("description", e.Summary)
	if len(e.Keywords) > 0 {
		m["keywords"] = e.Keywords
	}
	set("about", e.Topic)
	if len(e.Issuers) > 0 {
		var as []any
		for _, i := range e.Issuers {
			as = append(as, org(i))
		}
		m["author"] = as
	}
	pub := e.Publisher
	if pub == "" {
		pub = p.Site.Agency.Name
	}
	if pub != "" {
		m["publisher"] = org(pub)
	}
	if typ == "Legislation" {
		id := e.DocNo
		if id == "" {
			id = e.IndexNo
		}
		set("legislationIdentifier", id)
		d := e.Written
		if d.IsZero() {
			d = e.Published
		}
		set("legislationDate", date(d))
		set("legislationLegalForce", legalForce[e.State])
		set("legislationType", e.Genre)
		set("legislationDateVersion", date(e.Effective))
		set("expires", date(e.Expires))
		if len(e.Repeals) > 0 {
			var rs []any
			for _, t := range e.Repeals {
				rs = append(rs, p.ref(t.URL, t.Title, t.IndexNo))
			}
			m["legislationRepeals"] = rs
		}
		if len(e.Amends) > 0 {
			var rs []any
			for _, t := range e.Amends {
				rs = append(rs, p.ref(t.URL, t.Title, t.IndexNo))
			}
			m["legislationChanges"] = rs
		}
	}
	if len(e.Interprets) > 0 {
		var rs []any
		for _, t := range e.Interprets {
			rs = append(rs, p.ref(t.URL, t.Title, t.IndexNo))
		}
		m["about"] = rs
	}
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// ref is a reference to another record in JSON-LD.
func (p *Page) ref(u, title, index string) map[string]any {
	m := map[string]any{"@type": "CreativeWork", "name": title, "identifier": index}
	if p.Site.cat.Site.BaseURL != "" {
		m["url"] = p.r.absURL(u)
	}
	return m
}

// openSearchDoc is an OpenSearch 1.1 description document.
type openSearchDoc struct {
	XMLName       xml.Name      `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string        `xml:"ShortName"`
	Description   string        `xml:"Description"`
	InputEncoding string        `xml:"InputEncoding"`
	Language      string        `xml:"Language"`
	URLs          []openSearchU `xml:"Url"`
}

type openSearchU struct {
	Type     string `xml:"type,attr"`
	Template string `xml:"template,attr"`
}

// OpenSearch reports whether the site publishes opensearch.xml: it needs a
// search page and absolute URLs, so a base URL, and is no use offline.
func (s *Site) OpenSearch() bool {
	return s.Search && s.cat.Site.BaseURL != "" && !s.Offline
}

// hasOpenSearch reports whether the site publishes opensearch.xml.
func (r *Renderer) hasOpenSearch(item) bool { return r.site.OpenSearch() }

// openSearch writes opensearch.xml.
func (r *Renderer) openSearch(it item, _ string) error {
	short := []rune(r.site.Title)
	if len(short) > 16 { // the specification's limit
		short = short[:16]
	}
	doc := openSearchDoc{
		ShortName: string(short), Description: r.site.Title + " " + r.site.text.T("search"),
		InputEncoding: "UTF-8", Language: r.site.Lang,
		URLs: []openSearchU{{Type: "text/html", Template: r.absURL("/search/") + "?q={searchTerms}"}},
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return r.emit(urls.File(it.url), append([]byte(xml.Header), append(b, '\n')...))
}
