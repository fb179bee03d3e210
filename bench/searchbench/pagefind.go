package main

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/search"
)

// pagefindPage is the path of the bench's Pagefind page on the server.
const pagefindPage = "/__bench/pagefind.html"

// pagefindGlob selects the records' pages of the built site
// ("{policy,notice}/*/index.html"), so that Pagefind indexes the documents
// gongkai's index holds and not the lists, taxonomies and catalogue pages
// that repeat their titles.
func pagefindGlob(docs []search.Doc) string {
	set := map[string]bool{}
	for _, d := range records(docs) {
		parts := strings.Split(strings.Trim(d.Path, "/"), "/")
		parts[len(parts)-1] = "*"
		set[strings.Join(parts, "/")+"/index.html"] = true
	}
	var globs []string
	for g := range set {
		globs = append(globs, g)
	}
	slices.Sort(globs)
	if len(globs) == 1 {
		return globs[0]
	}
	return "{" + strings.Join(globs, ",") + "}"
}

// runPagefind indexes the built site at out into out/pagefind: only the
// records' pages, and of each only its <main> (the record's title, its
// metadata and body, without the site's header, navigation and footer).
func runPagefind(bin, out string, docs []search.Doc) (usage, error) {
	return timed(bin, "--site", out, "--glob", pagefindGlob(docs), "--root-selector", "main")
}

var htmlLang = regexp.MustCompile(`<html[^>]*\slang="([^"]+)"`)

// pagefindHTML is the bench's Pagefind page, in the language of the site's
// search page (Pagefind picks the index of the page's language). With ?q=
// it loads Pagefind, searches, loads the first ten results' data, and then
// sets window.__bench to the time since navigation start, the number of
// results and the first ten URLs. Without a query it exposes Pagefind as
// window.__pagefind. Pagefind runs without its web worker: the requests of
// a worker are not in the page's network log. The worker loads the same
// files; without it Pagefind saves the worker script's request.
func pagefindHTML(out string) ([]byte, error) {
	page, err := os.ReadFile(filepath.Join(out, "search", "index.html"))
	if err != nil {
		return nil, err
	}
	lang := "zh-CN"
	if m := htmlLang.FindSubmatch(page); m != nil {
		lang = string(m[1])
	}
	return fmt.Appendf(nil, `<!DOCTYPE html>
<html lang="%s"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><ol id="results"></ol>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({ noWorker: true });
window.__pagefind = pagefind;
if (q) {
  try {
    const r = await pagefind.search(q);
    const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
    window.__bench = { t: performance.now(), n: r.results.length, urls: data.map(d => d.url) };
  } catch (e) {
    window.__bench = { t: performance.now(), error: String(e) };
  }
}
</script></body></html>
`, html.EscapeString(lang)), nil
}
