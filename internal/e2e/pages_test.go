package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// samplePage is one page picked to stand for a type of page.
type samplePage struct {
	Rel  string // slash path in the output, like "policy/2024-00001/index.html"
	URL  string // the path to ask a server for, like "policy/2024-00001/"
	Type string // what it stands for, like "record policy/*" or "+ table.meta"
}

// pageInfo is what the sampler reads from one HTML page.
type pageInfo struct {
	rel    string
	key    string          // its page type
	tokens map[string]bool // tag names and tag.class pairs it uses
}

var pageNumber = regexp.MustCompile(`/page/[0-9]+$`)

// samplePages picks pages of the output folder out so that every page type
// is there once, found from the output itself rather than a fixed list, so
// that the gates cover new kinds of page as they are added:
//
//   - the type is the body's type-* class (or "alias" for a redirect, "other"
//     for a page with neither), the first folder of its URL, the number of
//     folders below that and whether it is a later page of a paginated list
//     — so home, 404, each list, each taxonomy's index and terms at each
//     depth, each kind of record, plain pages, aliases, and search and report
//     pages when they exist;
//   - then, while some element (a tag name, or a tag with one of its
//     classes) is on no page picked yet, the page with the most such
//     elements is added: a repealed record's banner, a table in a body, ….
func samplePages(t *testing.T, out string) []samplePage {
	t.Helper()
	var pages []pageInfo
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages = append(pages, readPage(filepath.ToSlash(rel), data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no HTML pages in %s", out)
	}
	slices.SortFunc(pages, func(a, b pageInfo) int { return strings.Compare(a.rel, b.rel) })

	var picked []samplePage
	covered := map[string]bool{}
	take := func(p pageInfo, why string) {
		picked = append(picked, samplePage{Rel: p.rel, URL: pageURL(p.rel), Type: why})
		for tok := range p.tokens {
			covered[tok] = true
		}
	}
	seen := map[string]bool{}
	for _, p := range pages {
		if !seen[p.key] {
			seen[p.key] = true
			take(p, p.key)
		}
	}
	for {
		best, gain := -1, 0
		var news []string
		for i, p := range pages {
			var n []string
			for tok := range p.tokens {
				if !covered[tok] {
					n = append(n, tok)
				}
			}
			if len(n) > gain {
				best, gain, news = i, len(n), n
			}
		}
		if best < 0 {
			break
		}
		slices.Sort(news)
		take(pages[best], "+ "+strings.Join(news, " "))
	}
	return picked
}

// pageURL is the URL path of an output file, relative to the site root.
func pageURL(rel string) string {
	if rel == "index.html" {
		return ""
	}
	if d, ok := strings.CutSuffix(rel, "/index.html"); ok {
		return d + "/"
	}
	return rel
}

func readPage(rel string, data []byte) pageInfo {
	info := pageInfo{rel: rel, tokens: map[string]bool{}}
	typ := ""
	refresh := false
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		info.tokens[tok.Data] = true
		for _, a := range tok.Attr {
			switch {
			case a.Key == "class":
				for _, c := range strings.Fields(a.Val) {
					// type-* and state-like classes that carry a value
					// (toc-2, banner-repealed) are elements of their own.
					info.tokens[tok.Data+"."+c] = true
					if tok.Data == "body" && strings.HasPrefix(c, "type-") && typ == "" {
						typ = strings.TrimPrefix(c, "type-")
					}
				}
			case a.Key == "http-equiv" && strings.EqualFold(a.Val, "refresh"):
				refresh = true
			}
		}
	}
	switch {
	case typ != "":
	case refresh:
		typ = "alias"
	default:
		typ = "other"
	}
	if typ == "alias" {
		info.key = "alias"
		return info
	}
	dir := strings.TrimSuffix(strings.TrimSuffix(rel, "index.html"), "/")
	if !strings.HasSuffix(rel, "/index.html") && rel != "index.html" {
		dir = rel // a page that is a file of its own, like 404.html
	}
	paged := pageNumber.MatchString("/" + dir)
	dir = strings.TrimPrefix(pageNumber.ReplaceAllString("/"+dir, ""), "/")
	first, depth := "", 0
	if dir != "" {
		parts := strings.Split(dir, "/")
		first, depth = parts[0], len(parts)
	}
	info.key = typ + " " + path.Join(first, strings.Repeat("*/", max(depth-1, 0)))
	if paged {
		info.key += " page/N"
	}
	return info
}
