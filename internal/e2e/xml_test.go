package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/pipeline"
)

const (
	atomNS    = "http://www.w3.org/2005/Atom"
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
)

// The parts of Atom (RFC 4287) that a feed must get right.
type atomFeed struct {
	XMLName xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	ID      []string     `xml:"http://www.w3.org/2005/Atom id"`
	Title   []atomText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string     `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []atomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntry struct {
	ID        []string     `xml:"http://www.w3.org/2005/Atom id"`
	Title     []atomText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated   []string     `xml:"http://www.w3.org/2005/Atom updated"`
	Published []string     `xml:"http://www.w3.org/2005/Atom published"`
	Authors   []atomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links     []atomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Summary   []atomText   `xml:"http://www.w3.org/2005/Atom summary"`
	Content   []atomText   `xml:"http://www.w3.org/2005/Atom content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name []string `xml:"http://www.w3.org/2005/Atom name"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr"`
	Href     string `xml:"href,attr"`
	Hreflang string `xml:"hreflang,attr"`
}

// rootName reads the name of an XML document's root element.
func rootName(data []byte) (xml.Name, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.Name{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name, nil
		}
	}
}

// checkAtom reports where the feed breaks RFC 4287 (the MUSTs that apply to
// what we write). Links that are to this site must lead to a page in out.
func checkAtom(name string, data []byte, out, baseURL string) (entries int, problems []string) {
	var f atomFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		return 0, []string{name + ": not Atom: " + err.Error()}
	}
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(name+": "+format, args...)) }
	one := func(what string, n int) {
		if n != 1 {
			bad("%s: %d, want exactly one", what, n)
		}
	}
	iri := func(what, s string) {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || !u.IsAbs() {
			bad("%s %q is not an absolute IRI", what, s)
		}
	}
	date := func(what string, vals []string) {
		for _, v := range vals {
			if _, err := time.Parse(time.RFC3339, strings.TrimSpace(v)); err != nil {
				bad("%s %q is not an RFC 3339 date-time", what, v)
			}
		}
	}
	links := func(what string, ls []atomLink) (alternate bool) {
		seen := map[string]bool{}
		for _, l := range ls {
			if l.Href == "" {
				bad("%s: a link without href", what)
			}
			if l.Rel == "" || l.Rel == "alternate" {
				alternate = true
				k := l.Type + "|" + l.Hreflang
				if seen[k] {
					bad("%s: two alternate links of type %q and hreflang %q", what, l.Type, l.Hreflang)
				}
				seen[k] = true
			}
			if p := checkSiteURL(name, what, l.Href, out, baseURL); p != "" {
				problems = append(problems, p)
			}
		}
		return alternate
	}
	one("feed id", len(f.ID))
	one("feed title", len(f.Title))
	one("feed updated", len(f.Updated))
	for _, id := range f.ID {
		iri("feed id", id)
	}
	date("feed updated", f.Updated)
	links("feed", f.Links)
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		bad("no link rel=self (RFC 4287 says SHOULD; we always write one)")
	}
	ids := map[string]bool{}
	for i, e := range f.Entries {
		what := "entry " + itoa(i+1)
		one(what+" id", len(e.ID))
		one(what+" title", len(e.Title))
		one(what+" updated", len(e.Updated))
		if len(e.Summary) > 1 || len(e.Content) > 1 || len(e.Published) > 1 {
			bad("%s: more than one summary, content or published", what)
		}
		for _, id := range e.ID {
			iri(what+" id", id)
			if ids[id] {
				bad("%s: id %s used twice", what, id)
			}
			ids[id] = true
		}
		date(what+" updated", e.Updated)
		date(what+" published", e.Published)
		if len(f.Authors) == 0 && len(e.Authors) == 0 {
			bad("%s: no author, and the feed has none", what)
		}
		for _, a := range append(f.Authors, e.Authors...) {
			if len(a.Name) != 1 || strings.TrimSpace(a.Name[0]) == "" {
				bad("%s: an author without exactly one name", what)
			}
		}
		if alt := links(what, e.Links); !alt && len(e.Content) == 0 {
			bad("%s: neither content nor a link rel=alternate", what)
		}
		for _, s := range append(append(append([]atomText{}, e.Title...), e.Summary...), e.Content...) {
			if s.Type != "" && s.Type != "text" && s.Type != "html" && s.Type != "xhtml" && !strings.Contains(s.Type, "/") {
				bad("%s: text construct of type %q", what, s.Type)
			}
		}
	}
	return len(f.Entries), problems
}

// checkSiteURL checks that an absolute URL of the site leads to a file in
// out (other sites' URLs are not looked at).
func checkSiteURL(name, what, href, out, baseURL string) string {
	if baseURL == "" || !strings.HasPrefix(href, baseURL) {
		return ""
	}
	p, err := url.PathUnescape(strings.TrimPrefix(href, baseURL))
	if err != nil {
		return fmt.Sprintf("%s: %s: %q: %v", name, what, href, err)
	}
	p = strings.SplitN(p, "#", 2)[0]
	file := filepath.Join(out, filepath.FromSlash(p))
	if p == "" || strings.HasSuffix(p, "/") {
		file = filepath.Join(file, "index.html")
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Sprintf("%s: %s: %s leads to no file of the output", name, what, href)
	}
	return ""
}

// checkXMLFiles checks every .xml file of out: Atom feeds by RFC 4287,
// sitemaps and sitemap indexes by xmllint against testdata/sitemap.xsd and
// each <loc> against the output. It returns how many of each it read.
func checkXMLFiles(t *testing.T, out, baseURL string) (feeds, sitemaps int) {
	t.Helper()
	lint := xmllint(t)
	schema, err := filepath.Abs("testdata/sitemap.xsd")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xml") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		root, err := rootName(data)
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", rel, err)
			return nil
		}
		switch {
		case root.Space == atomNS && root.Local == "feed":
			feeds++
			n, problems := checkAtom(rel, data, out, baseURL)
			for _, p := range problems {
				t.Error(p)
			}
			t.Logf("%s: Atom feed of %d entries", rel, n)
		case root.Space == sitemapNS && (root.Local == "urlset" || root.Local == "sitemapindex"):
			sitemaps++
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			msg, err := exec.CommandContext(ctx, lint, "--noout", "--nonet", "--schema", schema, p).CombinedOutput()
			if err != nil {
				t.Errorf("%s does not validate against the sitemap schema: %v\n%s", rel, err, msg)
			}
			var locs struct {
				Locs []string `xml:"url>loc"`
				Maps []string `xml:"sitemap>loc"`
			}
			if err := xml.Unmarshal(data, &locs); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			for _, l := range append(locs.Locs, locs.Maps...) {
				if p := checkSiteURL(rel, "loc", l, out, baseURL); p != "" {
					t.Error(p)
				}
			}
			t.Logf("%s: %s of %d entries", rel, root.Local, len(locs.Locs)+len(locs.Maps))
		default:
			t.Logf("%s: XML with root %s %s, not checked", rel, root.Space, root.Local)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return feeds, sitemaps
}

// siteBaseURL reads base_url from source/content/site.yaml, the way the
// build joins it to paths (with one trailing slash).
func siteBaseURL(t *testing.T, source string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(source, "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "base_url:"); ok {
			v = strings.Trim(strings.TrimSpace(v), `"'`)
			return strings.TrimSuffix(v, "/") + "/"
		}
	}
	return ""
}

// TestFeedsAndSitemaps checks the feeds and sitemaps of the bundled
// catalogue, and of the fixture with sitemaps split into an index.
func TestFeedsAndSitemaps(t *testing.T) {
	out := buildSite(t, exampleSite, false)
	feeds, maps := checkXMLFiles(t, out, siteBaseURL(t, exampleSite))
	if feeds == 0 || maps == 0 {
		t.Errorf("the bundled catalogue has %d feeds and %d sitemaps; want at least one of each", feeds, maps)
	}

	split := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := pipeline.Run(ctx, pipeline.Options{Source: fixtureSite, Out: split, SitemapLimit: 5}); err != nil {
		t.Fatal(err)
	}
	_, maps = checkXMLFiles(t, split, siteBaseURL(t, fixtureSite))
	if maps < 3 {
		t.Errorf("the fixture with 5 URLs a sitemap has %d sitemap files, want an index and at least two", maps)
	}
}

// TestXMLChecksCatchErrors proves the checks fail on broken files.
func TestXMLChecksCatchErrors(t *testing.T) {
	lint := xmllint(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "sitemap.xml")
	writeFile(t, bad, `<?xml version="1.0"?><urlset xmlns="`+sitemapNS+`"><url><lastmod>2024-13-01</lastmod></url></urlset>`)
	if msg, err := exec.Command(lint, "--noout", "--nonet", "--schema", "testdata/sitemap.xsd", bad).CombinedOutput(); err == nil {
		t.Errorf("a sitemap with no <loc> and month 13 validates:\n%s", msg)
	}
	out := t.TempDir()
	feed := `<feed xmlns="` + atomNS + `"><id>https://x.example/feed.xml</id><title>x</title><updated>2024-05-01</updated>
<link rel="self" href="https://x.example/feed.xml"/>
<entry><title>y</title><updated>2024-05-01T00:00:00Z</updated><link href="https://x.example/gone/"/></entry></feed>`
	_, problems := checkAtom("feed.xml", []byte(feed), out, "https://x.example/")
	want := []string{"feed updated \"2024-05-01\" is not an RFC 3339", "entry 1 id: 0, want exactly one", "entry 1: no author", "leads to no file"}
	for _, w := range want {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("the Atom check did not report %q; it reported %q", w, problems)
		}
	}
	if _, problems := checkAtom("x.xml", []byte(`<rss/>`), out, ""); len(problems) == 0 {
		t.Error("an RSS document passes as Atom")
	}
}
