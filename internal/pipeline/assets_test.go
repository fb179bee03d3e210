package pipeline

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/cdn"
)

// TestCDNOutput: an online build links content-hashed copies of its
// stylesheets and script, keeps the unhashed files, and writes a _headers
// naming each file's Cache-Control; an offline build does neither.
func TestCDNOutput(t *testing.T) {
	src := fixture(t)
	writeFile(t, filepath.Join(src, "static/css/site.css"), "/* the site's own */ .site-header{}")
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	files := tree(t, out)

	hashedSite := cdn.Fingerprint("css/site.css", files["css/site.css"])
	if !bytes.Equal(files[hashedSite], files["css/site.css"]) {
		t.Errorf("%s is missing or differs from css/site.css", hashedSite)
	}
	if !bytes.Contains(files["css/site.css"], []byte("the site's own")) {
		t.Error("the site's css/site.css did not override the built-in one")
	}
	page := string(files["policy/2024-00001/index.html"])
	if !strings.Contains(page, `href="../../`+hashedSite+`"`) {
		t.Errorf("the record page does not link %s", hashedSite)
	}
	search := string(files["search/index.html"])
	hashedJS := cdn.Fingerprint("js/search.js", files["js/search.js"])
	if !strings.Contains(search, "../"+hashedJS) {
		t.Errorf("the search page does not load %s", hashedJS)
	}
	if _, ok := files["js/search.js"]; !ok {
		t.Error("the unhashed js/search.js is gone")
	}

	h := string(files[cdn.HeadersFile])
	if h != cdn.HeadersText(keys(files)) {
		t.Error("_headers is not the headers of the files written")
	}
	for _, want := range []string{
		"/" + hashedSite + "\n  Content-Type: text/css; charset=utf-8\n  Cache-Control: " + cdn.Immutable,
		"/search/index.js\n  Content-Type: text/javascript; charset=utf-8\n  Cache-Control: no-cache",
		"/feed.xml\n  Content-Type: application/atom+xml; charset=utf-8\n  Cache-Control: no-cache",
		"/policy/*\n  Cache-Control: no-cache",
		"/\n  Content-Type: text/html; charset=utf-8\n  Cache-Control: no-cache",
	} {
		if !strings.Contains(h, want+"\n") {
			t.Errorf("_headers lacks\n%s", want)
		}
	}
	shard := regexp.MustCompile(`(?m)^/search/[a-z0-9]+\.[0-9a-f]{8}\.js\n  Content-Type: text/javascript; charset=utf-8\n  Cache-Control: ` + regexp.QuoteMeta(cdn.Immutable) + `$`)
	if !shard.MatchString(h) {
		t.Error("_headers gives no search shard immutable caching")
	}

	offline := filepath.Join(t.TempDir(), "offline")
	mustBuild(t, Options{Source: src, Out: offline, Offline: true})
	ofiles := tree(t, offline)
	if _, ok := ofiles[cdn.HeadersFile]; ok {
		t.Error("an offline build wrote _headers")
	}
	if _, ok := ofiles[hashedSite]; ok || !strings.Contains(string(ofiles["policy/2024-00001/index.html"]), `href="../../css/site.css"`) {
		t.Error("an offline build fingerprinted its assets")
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		if k != ".gongkai-output" && k != cdn.HeadersFile {
			ks = append(ks, k)
		}
	}
	return ks
}
