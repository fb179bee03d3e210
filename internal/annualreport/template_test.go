package annualreport_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/internal/pipeline"
)

// templateLabels reads testdata/template-2021.txt: the template's labels in
// reading order.
func templateLabels(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/template-2021.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// pageLabels lists, in document order, every label a reader of a rendered
// report meets: the part headings (h2 id="section-N"), and every caption,
// th and corner note of its official tables.
func pageLabels(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var out []string
	var walk func(n *html.Node, inTable bool)
	walk = func(n *html.Node, inTable bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "h2" && strings.HasPrefix(attr(n, "id"), "section-"),
				inTable && (n.Data == "caption" || n.Data == "th" || n.Data == "td" && strings.Contains(attr(n, "class"), "corner")):
				out = append(out, text(n))
				return
			case n.Data == "table" && strings.Contains(attr(n, "class"), "annual-table"):
				inTable = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTable)
		}
	}
	walk(doc, false)
	return out
}

// TestTemplateLabels renders the fixture's 2021-format report and compares
// every label on its page — part headings, the items of 第二十条, row and
// column headings, the corner note — with the template's text in
// testdata/template-2021.txt, character for character and in order.
func TestTemplateLabels(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(context.Background(), pipeline.Options{Source: "testdata/site", Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "annual-report/2024-00010/index.html")) // 2023, 2021 format
	if err != nil {
		t.Fatal(err)
	}
	got, want := pageLabels(t, page), templateLabels(t)
	if slices.Equal(got, want) {
		return
	}
	bad := 0
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("label %d: the page has %q (%+q), the template %q (%+q)", i+1, g, g, w, w)
			if bad++; bad == 10 {
				t.Fatalf("… and more: the page has %d labels, the template %d", len(got), len(want))
			}
		}
	}
}
