// Package annualreport owns the statutory annual report (政府信息公开工作年度
// 报告): its two tabular formats (2021 and the 2019 trial format) and the
// narrative one; the official tables and headings; decoding the figures from
// a record's tables: with the position of each; the arithmetic the figures
// must satisfy within a report and across years; the figures of table 二
// （一） counted from the catalogue; the deadline; and the CSV, HTML table
// models, charts and draft made from them.
//
// It reads the catalogue and the records' YAML nodes; it writes no files
// and holds no markup beyond what a table or chart model needs (the layouts
// render those).
package annualreport

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
)

// Placeholder marks what a draft leaves to be filled in; a report that
// still holds it cannot be published.
const Placeholder = "待填写"

// sectionHeading is the heading of the part under key of sections:.
func sectionHeading(key string) string {
	for _, s := range Sections {
		if s.Key == key {
			return s.Heading
		}
	}
	return key
}

// Figure is one number of a report, as written and where.
type Figure struct {
	Text string // as shown: "12", "-3", "0.85"
	N    int64  // Count and Delta
	F    float64
	Pos  diag.Pos
}

// Report is one annual report's decoded figures.
type Report struct {
	Entry    *catalogue.Entry
	Year     int
	Format   *Format // nil: narrative
	Figures  map[string]*Figure
	Sections map[string]string // overview, problems, other: Markdown
	// SectionLine is the file line each section's text starts on.
	SectionLine map[string]int
	sectionAt   map[string]diag.Pos // each section's key
	// Counted holds the figures of table 二 （一） counted from the
	// catalogue, by path, for the tabular formats.
	Counted map[string]int64
	// ShowCounts puts the counts that differ from the figures on the
	// public page and in the CSV (site.yaml annual_report.show_counts);
	// otherwise they are the editor's warnings only.
	ShowCounts bool
	tables     diag.Pos // the tables: key's value, or the file
}

// Tabular reports whether the report has the official tables.
func (r *Report) Tabular() bool { return r.Format != nil }

// N is the figure at path, and whether it is given and whole.
func (r *Report) N(path string) (int64, bool) {
	f, ok := r.Figures[path]
	if !ok {
		return 0, false
	}
	return f.N, true
}

// Value is the figure at path as a number, and whether it is given.
func (r *Report) Value(path string) (float64, bool) {
	f, ok := r.Figures[path]
	if !ok {
		return 0, false
	}
	return f.F, true
}

// at is the position of the figure at path, or of the tables.
func (r *Report) at(path string) diag.Pos {
	if f, ok := r.Figures[path]; ok {
		return f.Pos
	}
	return r.tables
}

// Decode reads the annual report of e. It reports problems of the figures
// themselves (missing, not numbers, unknown keys); the arithmetic is Check's.
func Decode(e *catalogue.Entry, rep *diag.Reporter) *Report {
	r := &Report{Entry: e, Year: e.Year, Format: FormatOf(e.Format), Figures: map[string]*Figure{},
		Sections: map[string]string{}, SectionLine: map[string]int{}, sectionAt: map[string]diag.Pos{}}
	r.tables = e.At("tables")
	d := &decoder{r: r, rep: rep, off: e.YAMLOffset, path: e.Path}
	d.sections(e.Sections)
	body := e.Body()
	if i := bytes.Index(body, []byte(Placeholder)); i >= 0 {
		line := e.BodyLine + bytes.Count(body[:i], []byte("\n"))
		rep.Report(diag.Pos{Path: e.Path, Line: line, Col: 1}, diag.RuleAnnualPlaceholder, "body")
	}
	if ok := Formats(r.Year); ok != nil && !slices.Contains(ok, e.Format) {
		rep.Report(e.At("format"), diag.RuleAnnualFormat, r.Year,
			d.want(formatNames[len(ok)-1][0], formatNames[len(ok)-1][1]), e.Format)
	}
	if r.Format == nil {
		if e.Tables != nil {
			rep.Report(d.pos(e.Tables), diag.RuleAnnualNarrativeTables, e.Format)
		}
		return r
	}
	for _, s := range Sections {
		if strings.TrimSpace(r.Sections[s.Key]) == "" {
			at, given := r.sectionAt[s.Key] // given, but blank
			switch {
			case given:
			case e.Sections == nil:
				at = e.At("format")
			default:
				at = e.At("sections")
			}
			rep.Report(at, diag.RuleAnnualMissingFigure, "sections."+s.Key, s.Heading)
		}
	}
	if e.Tables == nil {
		rep.Report(e.At("format"), diag.RuleAnnualMissingFigure, "tables", "二、三、四")
		return r
	}
	d.walk(e.Tables, "", trie(r.Format))
	return r
}

// formatNames names the allowed formats of Formats, by their number: in
// English and in Chinese.
var formatNames = [][2]string{
	{"the 2021 format (国办公开办函〔2021〕30号)", " 2021 年格式（国办公开办函〔2021〕30号）"},
	{"the 2019 trial format or the 2021 format", " 2019 年试行格式或 2021 年格式"},
}

type decoder struct {
	r    *Report
	rep  *diag.Reporter
	off  int
	path string
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{Path: d.path, Line: n.Line + d.off, Col: n.Column}
}

// want names what a value should be, for a message in either language.
func (d *decoder) want(en, zh string) diag.Text { return diag.Text{Zh: zh, En: en} }

func (d *decoder) sections(n *yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.rep.Report(d.pos(n), diag.RuleType, "sections", d.want("a mapping of overview, problems, other", "overview、problems、other 的映射"))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		known := false
		for _, s := range Sections {
			known = known || s.Key == k.Value
		}
		switch {
		case !known:
			d.rep.Report(d.pos(k), diag.RuleUnknownKey, "sections."+k.Value)
		case v.Kind != yaml.ScalarNode:
			d.rep.Report(d.pos(v), diag.RuleType, "sections."+k.Value, d.want("Markdown text", "Markdown 文本"))
		default:
			d.r.Sections[k.Value] = v.Value
			d.r.sectionAt[k.Value] = d.pos(k)
			line := v.Line + d.off
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				line++
			}
			d.r.SectionLine[k.Value] = line
			if i := strings.Index(v.Value, Placeholder); i >= 0 {
				// A block's text starts indented under its key, as written by
				// the draft; a scalar on the key's line where it stands.
				at := diag.Pos{Path: d.path, Line: line + strings.Count(v.Value[:i], "\n"), Col: k.Column + 2}
				if line == v.Line+d.off {
					at.Col = v.Column
				}
				d.rep.Report(at, diag.RuleAnnualPlaceholder, sectionHeading(k.Value))
			}
		}
	}
}

// node is a level of the tree of keys a format expects.
type node struct {
	key      string
	children []*node
	leaf     *Leaf
	optional bool
}

func (n *node) child(key string) *node {
	for _, c := range n.children {
		if c.key == key {
			return c
		}
	}
	return nil
}

// trie builds the tree of keys of f's figures.
func trie(f *Format) *node {
	root := &node{}
	for _, l := range f.Leaves() {
		cur := root
		keys := strings.Split(l.Path, ".")
		for i, k := range keys {
			next := cur.child(k)
			if next == nil {
				next = &node{key: k}
				cur.children = append(cur.children, next)
			}
			cur = next
			if i == len(keys)-1 {
				cur.leaf = &l
			}
		}
		if l.Optional {
			// The optional row is the level above its columns.
			markOptional(root, keys[:len(keys)-1])
		}
	}
	return root
}

func markOptional(root *node, keys []string) {
	cur := root
	for _, k := range keys {
		cur = cur.child(k)
	}
	cur.optional = true
}

// walk matches the mapping v, at path, against the expected keys of want.
func (d *decoder) walk(v *yaml.Node, path string, want *node) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	if v.Kind != yaml.MappingNode {
		d.rep.Report(d.pos(v), diag.RuleType, "tables"+strings.TrimPrefix("."+path, "."), d.want("a mapping", "映射"))
		return
	}
	given := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		c := want.child(k.Value)
		if c == nil {
			d.rep.Report(d.pos(k), diag.RuleUnknownKey, "tables."+join(k.Value))
			continue
		}
		given[k.Value] = true
		if c.leaf == nil && strings.Contains(val.LineComment, Placeholder) {
			d.rep.Report(d.pos(val), diag.RuleAnnualPlaceholder, heading(d.r.Format, join(k.Value)))
		}
		if c.leaf != nil {
			d.figure(val, c.leaf)
		} else {
			d.walk(val, join(k.Value), c)
		}
	}
	for _, c := range want.children {
		if !given[c.key] && !c.optional {
			d.rep.Report(d.pos(v), diag.RuleAnnualMissingFigure, "tables."+join(c.key), label(c))
		}
	}
}

// label names the first figure under n by its headings.
func label(n *node) string {
	for n.leaf == nil {
		n = n.children[0]
	}
	return n.leaf.Label()
}

// Label is the figure's headings: "表格 / 行 / 列".
func (l *Leaf) Label() string {
	parts := []string{l.Table.Caption}
	parts = append(parts, l.Rows...)
	parts = append(parts, l.Cols...)
	return strings.Join(parts, " / ")
}

var (
	wholeRE   = regexp.MustCompile(`^[+-]?[0-9]+$`)
	decimalRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
)

func (d *decoder) figure(v *yaml.Node, l *Leaf) {
	at := d.pos(v)
	s := strings.TrimSpace(v.Value)
	bad := func(en, zh string) {
		d.rep.Report(at, diag.RuleAnnualFigure, l.Label(), s, d.want(en, zh))
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || s == "" {
		d.rep.Report(at, diag.RuleAnnualMissingFigure, "tables."+l.Path, l.Label())
		return
	}
	if strings.Contains(s, Placeholder) || strings.Contains(v.LineComment, Placeholder) {
		d.rep.Report(at, diag.RuleAnnualPlaceholder, l.Label())
		if strings.Contains(s, Placeholder) {
			return
		}
	}
	f := &Figure{Pos: at}
	switch l.Kind {
	case Amount:
		if !decimalRE.MatchString(s) {
			bad("an amount of 0 or more, such as 12.5", "不小于 0 的金额，如 12.5")
			return
		}
		f.F, _ = strconv.ParseFloat(s, 64)
		f.Text = s
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case !wholeRE.MatchString(s) || err != nil:
			bad("a whole number", "整数")
			return
		case n < 0 && l.Kind == Whole:
			bad("a whole number of 0 or more", "不小于 0 的整数")
			return
		}
		f.N, f.F, f.Text = n, float64(n), strconv.FormatInt(n, 10)
	}
	d.r.Figures[l.Path] = f
}
