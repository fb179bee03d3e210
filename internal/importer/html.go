package importer

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var tagRE = regexp.MustCompile(`(?i)<(p|br|div|span|h[1-6]|ul|ol|li|table|tr|td|th|a|strong|b|em|i|font|img|script|style)\b[^>]*>`)

// LooksHTML reports whether a body cell holds HTML rather than text.
func LooksHTML(s string) bool { return tagRE.MatchString(s) }

// HTMLToMarkdown turns the HTML body of a CMS export into Markdown: headings,
// paragraphs, line breaks, lists, tables (as GFM tables), links and
// strong/emphasis; script, style and every attribute but href are dropped,
// and the text of other elements is kept. Markdown characters in the text
// are escaped, so the result says what the HTML showed and nothing more.
func HTMLToMarkdown(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return strings.TrimSpace(src)
	}
	c := &conv{}
	c.blocks(doc)
	c.flush()
	return strings.Join(c.out, "\n\n")
}

type conv struct {
	out  []string        // finished blocks
	line strings.Builder // the inline text of the current block
}

// flush ends the current block of inline text.
func (c *conv) flush() {
	s := strings.TrimSpace(collapseLines(c.line.String()))
	// Text that would start a list or a setext heading stays text.
	s = blockStart.ReplaceAllString(s, `$1\$2$3 `)
	c.line.Reset()
	if s != "" {
		c.out = append(c.out, s)
	}
}

// collapseLines trims each line of a block and drops empty ones.
func collapseLines(s string) string {
	var keep []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "  \n") // a hard line break
}

func (c *conv) blocks(n *html.Node) {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.block(k)
	}
}

func (c *conv) block(n *html.Node) {
	if n.Type != html.ElementNode {
		c.inline(n)
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Head, atom.Template, atom.Noscript, atom.Iframe, atom.Object:
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Blockquote, atom.Center, atom.Body, atom.Html, atom.Main, atom.Header, atom.Footer, atom.Pre:
		c.flush()
		c.blocks(n)
		c.flush()
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.flush()
		level := int(n.Data[1] - '0')
		if t := oneLine(c.inlineText(n)); t != "" {
			c.out = append(c.out, strings.Repeat("#", level)+" "+t)
		}
	case atom.Ul, atom.Ol:
		c.flush()
		c.list(n, "")
	case atom.Table:
		c.flush()
		if t := c.table(n); t != "" {
			c.out = append(c.out, t)
		}
	case atom.Hr:
		c.flush()
		c.out = append(c.out, "---")
	default:
		c.inline(n)
	}
}

// list writes the items of ul/ol n, nested lists indented.
func (c *conv) list(n *html.Node, indent string) {
	var lines []string
	i := 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			continue
		}
		i++
		marker := "- "
		if n.DataAtom == atom.Ol {
			marker = strconv.Itoa(i) + ". "
		}
		var text strings.Builder
		var nested []*html.Node
		for k := li.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && (k.DataAtom == atom.Ul || k.DataAtom == atom.Ol) {
				nested = append(nested, k)
				continue
			}
			sub := &conv{}
			sub.inline(k)
			text.WriteString(sub.line.String())
		}
		lines = append(lines, indent+marker+oneLine(text.String()))
		for _, k := range nested {
			sub := &conv{}
			sub.list(k, indent+strings.Repeat(" ", len(marker)))
			lines = append(lines, sub.out...)
		}
	}
	if len(lines) > 0 {
		c.out = append(c.out, strings.Join(lines, "\n"))
	}
}

// table writes a GFM table: the first row is the header.
func (c *conv) table(n *html.Node) string {
	var rows [][]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			if k.Type != html.ElementNode {
				continue
			}
			if k.DataAtom == atom.Tr {
				var row []string
				for cell := k.FirstChild; cell != nil; cell = cell.NextSibling {
					if cell.Type == html.ElementNode && (cell.DataAtom == atom.Td || cell.DataAtom == atom.Th) {
						row = append(row, oneLine(c.inlineText(cell)))
					}
				}
				rows = append(rows, row)
				continue
			}
			walk(k)
		}
	}
	walk(n)
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	if width == 0 {
		return ""
	}
	var b strings.Builder
	for i, r := range rows {
		for len(r) < width {
			r = append(r, "")
		}
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		if i == 0 {
			b.WriteString(strings.Repeat("| --- ", width) + "|\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// inlineText is the Markdown of n's content as inline text.
func (c *conv) inlineText(n *html.Node) string {
	sub := &conv{}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		sub.inline(k)
	}
	return sub.line.String()
}

func (c *conv) inline(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.line.WriteString(escapeMD(spaces(n.Data)))
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Iframe, atom.Object:
	case atom.Br:
		c.line.WriteString("\n")
	case atom.Strong, atom.B, atom.Em, atom.I:
		mark := "**"
		if n.DataAtom == atom.Em || n.DataAtom == atom.I {
			mark = "*"
		}
		if t := strings.TrimSpace(oneLine(c.inlineText(n))); t != "" {
			c.line.WriteString(mark + t + mark)
		}
	case atom.A:
		t := strings.TrimSpace(oneLine(c.inlineText(n)))
		href := strings.TrimSpace(attr(n, "href"))
		if t == "" {
			return
		}
		if safeHref(href) {
			c.line.WriteString("[" + t + "](" + hrefEscaper.Replace(href) + ")")
		} else {
			c.line.WriteString(t)
		}
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Tr, atom.Table, atom.Ul, atom.Ol:
		// Block elements inside inline context (a list item, a cell): keep the text.
		c.line.WriteString(" " + c.inlineText(n) + " ")
	default:
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			c.inline(k)
		}
	}
}

var hrefEscaper = strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "(", "%28", ")", "%29", "\\", "%5C", "\n", "", "\r", "", "\t", "")

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// safeHref admits web, mail and relative links, not javascript: and the like.
func safeHref(h string) bool {
	if h == "" || strings.HasPrefix(h, "#") {
		return false
	}
	l := strings.ToLower(h)
	if i := strings.IndexAny(l, ":/?#"); i >= 0 && l[i] == ':' {
		return strings.HasPrefix(l, "http:") || strings.HasPrefix(l, "https:") || strings.HasPrefix(l, "mailto:")
	}
	return true
}

// spaces folds each run of white space (and &nbsp;) to one space.
func spaces(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

var blockStart = regexp.MustCompile(`(?m)^(\d+)([.)]) |^([-+=]) `)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`)

// escapeMD escapes the characters that would make text Markdown.
func escapeMD(s string) string { return mdSpecial.Replace(s) }
