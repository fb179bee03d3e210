package e2e

import (
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// The bundled example catalogue: the repository root, seen from this folder.
const exampleSite = "../.."

// transparent is the computed background-color of an element without one.
const transparent = "rgba(0, 0, 0, 0)"

// TestOfflineCrawl builds the example catalogue with Offline, opens its home
// page from file://, and visits every page reachable through same-site
// links, checking that each is a real page of the site with its stylesheet.
func TestOfflineCrawl(t *testing.T) {
	ctx := newTab(t)

	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	out, res, err := tryBuild(t, source, true)
	if err != nil {
		logDiagnostics(t, res, 10)
		t.Fatalf("building the example catalogue: %v", err)
	}
	title := siteTitle(t, source)
	t.Logf("crawling the offline build of %s", source)

	home := filepath.Join(out, "index.html")
	rel := func(p string) string {
		if r, err := filepath.Rel(out, p); err == nil {
			return r
		}
		return p
	}

	type visit struct {
		path string // file system path, decoded
		from string // the page that links to it
		raw  string // the href attribute there
	}
	queue := []visit{{path: home, from: "(start)", raw: fileURL(home)}}
	seen := map[string]bool{home: true}
	ids := map[string][]string{}    // visited page -> its element ids
	anchors := map[string][]visit{} // page -> links to fragments of it
	external := map[string]bool{}   // links that leave the site
	var pages, files, encodedPages int

	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		where := rel(v.path) + " (linked from " + rel(v.from) + " as " + v.raw + ")"

		if err := try(ctx, chromedp.Navigate(fileURL(v.path))); err != nil {
			t.Errorf("%s: does not load: %v", where, err)
			continue
		}
		st, err := tryEval[pageState](ctx, pageStateJS)
		if err != nil {
			t.Errorf("%s: reading the page: %v", where, err)
			continue
		}
		pages++
		if isPercentEncodedNonASCII(v.raw) {
			encodedPages++
		}
		switch {
		case !st.HasMain:
			t.Errorf("%s: no <main> in the page (an error page or a folder listing?); title %q", where, st.Title)
		case len(st.Sheets) == 0:
			t.Errorf("%s: no stylesheet loaded", where)
		case !slices.ContainsFunc(st.Sheets, func(s string) bool { return strings.HasSuffix(s, "/css/site.css") }):
			t.Errorf("%s: site.css is not among the stylesheets %q", where, st.Sheets)
		case st.HeaderBG == "":
			t.Errorf("%s: no .site-header", where)
		case st.HeaderBG == transparent:
			t.Errorf("%s: .site-header has no background: site.css did not apply", where)
		}
		if v.path == home {
			if st.Title != title {
				t.Errorf("home page title = %q, want the site title %q", st.Title, title)
			}
			if st.H1 != title {
				t.Errorf("home page h1 = %q, want the site title %q", st.H1, title)
			}
		}
		ids[v.path] = st.IDs

		for _, l := range st.Links {
			u, err := url.Parse(l.Abs)
			if err != nil {
				t.Errorf("%s: bad link %q: %v", where, l.Raw, err)
				continue
			}
			if u.Scheme != "file" {
				external[l.Abs] = true
				continue
			}
			target := u.Path // decoded
			if target != out && !strings.HasPrefix(target, out+string(filepath.Separator)) {
				t.Errorf("%s: link %q leaves the site folder: %s", rel(v.path), l.Raw, target)
				continue
			}
			if u.Fragment != "" {
				anchors[target] = append(anchors[target], visit{path: target, from: v.path, raw: l.Raw})
			}
			if seen[target] {
				continue
			}
			seen[target] = true
			next := visit{path: target, from: v.path, raw: l.Raw}
			// Feeds, attachments and the like are not pages: they must
			// exist, and are not opened.
			if fi, err := os.Stat(target); err == nil && fi.Mode().IsRegular() && !isHTML(target) {
				files++
				continue
			}
			queue = append(queue, next)
		}
	}

	for page, refs := range anchors {
		have, visited := ids[page]
		if !visited {
			continue // already reported as not loading
		}
		for _, r := range refs {
			u, err := url.Parse(r.raw)
			if err != nil {
				continue // reported above
			}
			if frag := u.Fragment; !slices.Contains(have, frag) {
				t.Errorf("%s: link %q: no element with id %q in %s", rel(r.from), r.raw, u.Fragment, rel(page))
			}
		}
	}

	t.Logf("visited %d pages from file:// (%d reached through percent-encoded non-ASCII links); %d other files linked (feeds, attachments) exist", pages, encodedPages, files)
	if len(external) > 0 {
		t.Logf("links that leave the site (not followed): %q", slices.Sorted(maps.Keys(external)))
	}
	if pages < 5 {
		t.Errorf("visited only %d pages", pages)
	}
	if encodedPages == 0 {
		t.Error("no page was reached through a percent-encoded Chinese link; the crawl did not exercise them")
	}
}

func fileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

func isHTML(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".html" || ext == ".htm"
}

var percentByte = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// isPercentEncodedNonASCII reports whether href has a percent-encoded
// non-ASCII path, like the links to Chinese term pages.
func isPercentEncodedNonASCII(href string) bool {
	if !percentByte.MatchString(href) {
		return false
	}
	dec, err := url.PathUnescape(strings.SplitN(href, "#", 2)[0])
	if err != nil || !utf8.ValidString(dec) {
		return false
	}
	for _, r := range dec {
		if r >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
