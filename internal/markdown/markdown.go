// Package markdown owns turning a record's Markdown body into HTML: GFM
// tables, footnotes, Chinese line breaks, heading ids and a table of
// contents, raw HTML escaped (unless the site allows it), and links between
// records written as record:INDEX_NO.
//
// It does not know pages or URLs: the caller resolves index numbers.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkScheme starts a link destination that names a record by index number:
// [《办法》](record:11339900MB01234567/2024-00001), optionally with #fragment.
const LinkScheme = "record:"

// Options configures a Renderer.
type Options struct {
	UnsafeHTML bool // pass raw HTML through instead of escaping it
}

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md         goldmark.Markdown
	unsafeHTML bool
}

// New returns a Renderer.
func New(opts Options) *Renderer {
	var rendererOpts []renderer.Option
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapeHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.CJK),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Renderer{md: md, unsafeHTML: opts.UnsafeHTML}
}

// Heading is an entry of the table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Result is a rendered body.
type Result struct {
	HTML []byte
	TOC  []Heading // level 2 and 3 headings, in order
}

// BadLink is a record: link whose index number resolve did not know.
type BadLink struct {
	IndexNo string
	Line    int // 1-based line of the body
	Col     int
}

// Resolve maps an index number to the URL to link to.
type Resolve func(indexNo string) (url string, ok bool)

// Render renders src, resolving record links with resolve. It refuses,
// with a *LimitError, a src that Check refuses.
func (r *Renderer) Render(src []byte, resolve Resolve) (Result, []BadLink, error) {
	if e := Check(src); e != nil {
		return Result{}, nil, e
	}
	if !utf8.Valid(src) {
		// goldmark's East Asian line breaks panic on a line of stray
		// UTF-8 continuation bytes.
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var bad []BadLink
	var toc []Heading
	var unsafe []ast.Node
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			if !r.unsafeHTML && dangerousURL(n.Destination) {
				unsafe = append(unsafe, n)
				break
			}
			if !strings.HasPrefix(dest, LinkScheme) {
				break
			}
			index, frag, _ := strings.Cut(strings.TrimPrefix(dest, LinkScheme), "#")
			url, ok := resolve(index)
			if !ok {
				line, col := position(src, n)
				bad = append(bad, BadLink{IndexNo: index, Line: line, Col: col})
				url = ""
			} else if frag != "" {
				url += "#" + frag
			}
			n.Destination = []byte(url)
		case *ast.AutoLink:
			if !r.unsafeHTML && dangerousURL(n.URL(src)) {
				unsafe = append(unsafe, n)
			}
		case *ast.Image:
			if !r.unsafeHTML && dangerousURL(n.Destination) {
				unsafe = append(unsafe, n) // becomes its alt text
			}
		case *ast.Heading:
			if n.Level == 2 || n.Level == 3 {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				toc = append(toc, Heading{Level: n.Level, ID: string(idb), Text: plain(src, n)})
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return Result{}, nil, err
	}
	// A link to javascript: and the like keeps its text and loses the link;
	// such an image becomes its alt text.
	for _, l := range unsafe {
		parent := l.Parent()
		if a, ok := l.(*ast.AutoLink); ok {
			parent.InsertBefore(parent, l, ast.NewString(a.Label(src)))
		}
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return Result{}, nil, err
	}
	return Result{HTML: buf.Bytes(), TOC: toc}, bad, nil
}

// plain is the text of n's inline content.
func plain(src []byte, n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		if s, ok := c.(*ast.String); ok && entering {
			b.Write(s.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// position finds the line and column (characters) of a link: its opening
// bracket, which goldmark records; else by the first text inside it, the
// opening bracket being one character before.
func position(src []byte, n ast.Node) (int, int) {
	off := -1
	if p := n.Pos(); p >= 0 && p < len(src) {
		off = p
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && off < 0 {
			off = t.Segment.Start - 1
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil && off < 0; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
			}
		}
	}
	if off < 0 {
		return 1, 1
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + len([]rune(string(src[start:off])))
}

// dangerousURL is html.IsDangerousURL of the URL as the browser reads it:
// with character references resolved, so &#106;avascript: is caught too
// (goldmark's renderer would write such a link with an empty href).
func dangerousURL(u []byte) bool {
	return html.IsDangerousURL(u) || html.IsDangerousURL(util.ResolveEntityNames(util.ResolveNumericReferences(u)))
}
