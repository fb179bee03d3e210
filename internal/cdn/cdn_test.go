package cdn

import (
	"strings"
	"testing"
)

func TestHeaders(t *testing.T) {
	for _, tc := range []struct{ name, typ, cache string }{
		{"index.html", "text/html; charset=utf-8", Revalidate},
		{"policy/2024-00001/index.html", "text/html; charset=utf-8", Revalidate},
		{"css/site.css", "text/css; charset=utf-8", Revalidate},
		{"css/site.3f2a9c1d.css", "text/css; charset=utf-8", Immutable},
		{"js/search.0a1b2c3d.js", "text/javascript; charset=utf-8", Immutable},
		{"search/index.js", "text/javascript; charset=utf-8", Revalidate},
		{"search/t0.9788ca57.js", "text/javascript; charset=utf-8", Immutable},
		{"search/t0.9788CA57.js", "text/javascript; charset=utf-8", Revalidate}, // not our hash
		{"search/t0.9788ca5.js", "text/javascript; charset=utf-8", Revalidate},
		{"feed.xml", "application/atom+xml; charset=utf-8", Revalidate},
		{"sitemap.xml", "application/xml; charset=utf-8", Revalidate},
		{"catalogue.csv", "text/csv; charset=utf-8", Revalidate},
		{"catalogue.json", "application/json; charset=utf-8", Revalidate},
		{"robots.txt", "text/plain; charset=utf-8", Revalidate},
		{"policy/x/a.pdf", "application/pdf", Revalidate},
		{"x/unknown.qqq", "application/octet-stream", Revalidate},
	} {
		h := For(tc.name)
		if h.ContentType != tc.typ || h.CacheControl != tc.cache {
			t.Errorf("For(%q) = %q, %q; want %q, %q", tc.name, h.ContentType, h.CacheControl, tc.typ, tc.cache)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("css/site.css", []byte("body{}"))
	b := Fingerprint("css/site.css", []byte("body{ }"))
	if a == b || !strings.HasPrefix(a, "css/site.") || !strings.HasSuffix(a, ".css") || !IsHashed(a) {
		t.Errorf("fingerprints %q and %q", a, b)
	}
	if a != Fingerprint("css/site.css", []byte("body{}")) {
		t.Error("the fingerprint is not a function of the bytes")
	}
	if Fingerprinted(a) || !Fingerprinted("js/search.js") || Fingerprinted("img/a.png") {
		t.Error("Fingerprinted picks the wrong files")
	}
}

// rules parses a _headers text into pattern → header lines.
func rules(t *testing.T, text string) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	cur := ""
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "  "):
			if cur == "" {
				t.Fatalf("header %q before any path", l)
			}
			m[cur] = append(m[cur], strings.TrimSpace(l))
		default:
			if _, dup := m[l]; dup {
				t.Errorf("path %s has two rules", l)
			}
			cur = l
			m[cur] = nil
		}
	}
	return m
}

// match is the Netlify/Cloudflare matching of one pattern: exact, or a
// trailing splat.
func match(pattern, p string) bool {
	if pre, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(p, pre)
	}
	return pattern == p
}

func TestHeadersText(t *testing.T) {
	files := []string{
		"index.html", "404.html", "feed.xml", "sitemap.xml", "catalogue.csv",
		"css/site.css", "css/site.3f2a9c1d.css", "js/search.js", "js/search.0a1b2c3d.js",
		"search/index.html", "search/index.js", "search/t0.9788ca57.js",
		"policy/2024-00001/index.html", "policy/2024-00001/a.pdf", "topics/住房/index.html",
		HeadersFile,
	}
	text := HeadersText(files)
	rs := rules(t, text)
	// Every URL of every file gets exactly one Cache-Control, the right one,
	// and where a rule names the type, the right type.
	for _, f := range files {
		if f == HeadersFile {
			continue
		}
		urls := []string{"/" + f}
		if strings.HasSuffix(f, "index.html") {
			urls = append(urls, "/"+strings.TrimSuffix(f, "index.html"))
		}
		for _, u := range urls {
			var cache, types []string
			for p, hs := range rs {
				if !match(p, u) {
					continue
				}
				for _, h := range hs {
					if v, ok := strings.CutPrefix(h, "Cache-Control: "); ok {
						cache = append(cache, v)
					}
					if v, ok := strings.CutPrefix(h, "Content-Type: "); ok {
						types = append(types, v)
					}
				}
			}
			if len(cache) != 1 || cache[0] != CacheControl(f) {
				t.Errorf("%s: Cache-Control %q, want exactly %q", u, cache, CacheControl(f))
			}
			if len(types) > 1 || (len(types) == 1 && types[0] != ContentType(f)) {
				t.Errorf("%s: Content-Type %q, want %q", u, types, ContentType(f))
			}
		}
	}
	// Folders without hashed files are one rule; the others list files.
	if _, ok := rs["/policy/*"]; !ok {
		t.Errorf("no splat rule for /policy/:\n%s", text)
	}
	if _, ok := rs["/css/*"]; ok {
		t.Error("css/ holds hashed files but has a splat rule")
	}
	if text != HeadersText([]string{files[3], files[0], files[2], files[1], files[4], files[5], files[6], files[7], files[8], files[9], files[10], files[11], files[12], files[13], files[14]}) {
		t.Error("the text depends on the order of the files")
	}
}
