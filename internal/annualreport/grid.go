package annualreport

import (
	"strconv"
	"strings"
)

// Grid is one part's official table laid out for HTML: its row groups,
// each of header rows and body rows of cells with their spans, and, on
// every data cell, the ids of all the header cells that apply to it (for
// headers=""), besides scope on every header cell. Table 二 is one table of
// four row groups (five in the 2019 format), one per item of 第二十条, each
// opening with the item as a scope="rowgroup" header and its own column
// headings, as the template prints it. The layout writes the markup.
type Grid struct {
	ID     string
	Groups []Group
}

// Group is one row group: a thead when Head, else a tbody.
type Group struct {
	Head bool
	Rows [][]Cell
}

// Cell is one th or td.
type Cell struct {
	Header  bool
	Text    string
	ID      string
	Scope   string // col, row or rowgroup, on header cells
	Headers string // ids of the header cells, on data cells
	Rowspan int    // 0 or 1: none
	Colspan int
	Class   string
	Counted string // on data cells: the catalogue's count when it differs
	Path    string // on data cells: the figure's YAML path under tables:
}

// Grid lays out the table of section (Section2, Section3 or Section4); it
// has no groups for a narrative report.
func (r *Report) Grid(section string) (g Grid) {
	if r.Format == nil {
		return Grid{}
	}
	var tables []*Table
	width := 0
	for _, t := range r.Format.Tables {
		if t.Section == section {
			tables = append(tables, t)
			width = max(width, tableWidth(t))
		}
	}
	if len(tables) == 0 {
		return Grid{}
	}
	if len(tables) == 1 {
		t := tables[0]
		head, body := r.grid(t, width, "")
		return Grid{ID: t.ID, Groups: []Group{{Head: true, Rows: head}, {Rows: body}}}
	}
	g.ID, _, _ = strings.Cut(tables[0].ID, "-")
	for _, t := range tables {
		item := Cell{Header: true, Text: t.Caption, ID: t.ID, Scope: "rowgroup", Colspan: width, Class: "item"}
		head, body := r.grid(t, width, t.ID)
		rows := append([][]Cell{{item}}, head...)
		g.Groups = append(g.Groups, Group{Rows: append(rows, body...)})
	}
	return g
}

// tableWidth is the number of columns t takes: its row headings' and its
// figures'.
func tableWidth(t *Table) int {
	n := rowDepth(official(t.Rows))
	for _, c := range t.Cols {
		n += colWidth(c)
	}
	return n
}

func colDepth(cols []Col) int {
	d := 0
	for _, c := range cols {
		d = max(d, 1+colDepth(c.Cols))
	}
	return d
}

func colWidth(c Col) int {
	if len(c.Cols) == 0 {
		return 1
	}
	n := 0
	for _, x := range c.Cols {
		n += colWidth(x)
	}
	return n
}

// official drops the optional rows (小计): the template has none, so the
// page never shows one; a given 小计 is still checked.
func official(rows []Row) []Row {
	var out []Row
	for _, row := range rows {
		if row.Optional {
			continue
		}
		row.Rows = official(row.Rows)
		out = append(out, row)
	}
	return out
}

func rowDepth(rows []Row) int {
	d := 0
	for _, r := range rows {
		own := 0
		if r.Label != "" {
			own = 1
		}
		d = max(d, own+rowDepth(r.Rows))
	}
	return d
}

func rowHeight(r Row) int {
	if len(r.Rows) == 0 {
		return 1
	}
	n := 0
	for _, x := range r.Rows {
		n += rowHeight(x)
	}
	return n
}

type colSlot struct {
	keys    []string
	headers []string
}

// grid lays out the header and body rows of t across width columns, its
// rightmost column widened to fill them; item, when given, is the id of the
// header naming t above its header rows, which applies to its every figure.
func (r *Report) grid(t *Table, width int, item string) (head, body [][]Cell) {
	rows := official(t.Rows)
	cd, rd := colDepth(t.Cols), rowDepth(rows)
	extra := width - tableWidth(t)
	head = make([][]Cell, cd)
	if rd > 0 {
		c := Cell{Header: !t.Note, Text: t.Corner, Rowspan: cd, Colspan: rd, Class: "corner"}
		if !t.Note {
			c.ID, c.Scope = t.ID+"-corner", "col"
		}
		head[0] = append(head[0], c)
	}
	var slots []colSlot
	m := 0
	var walkCols func(cols []Col, depth int, edge bool, keys, headers []string)
	walkCols = func(cols []Col, depth int, edge bool, keys, headers []string) {
		for i, c := range cols {
			m++
			id := t.ID + "-c" + strconv.Itoa(m)
			cell := Cell{Header: true, Text: c.Label, ID: id, Scope: "col", Colspan: colWidth(c)}
			right := edge && i == len(cols)-1
			if right {
				cell.Colspan += extra
			}
			k := keys
			if c.Key != "" {
				k = append(k[:len(k):len(k)], c.Key)
			}
			h := append(headers[:len(headers):len(headers)], id)
			if len(c.Cols) == 0 {
				cell.Rowspan = cd - depth
				slots = append(slots, colSlot{k, h})
			}
			head[depth] = append(head[depth], cell)
			walkCols(c.Cols, depth+1, right, k, h)
		}
	}
	walkCols(t.Cols, 0, true, nil, nil)

	var line []Cell
	n := 0
	var walkRows func(rows []Row, depth int, keys, headers []string)
	walkRows = func(rows []Row, depth int, keys, headers []string) {
		for _, row := range rows {
			k, h := keys, headers
			if row.Key != "" {
				k = append(k[:len(k):len(k)], row.Key)
			}
			d := depth
			if row.Label != "" {
				n++
				id := t.ID + "-r" + strconv.Itoa(n)
				cell := Cell{Header: true, Text: row.Label, ID: id, Scope: "row"}
				if len(row.Rows) > 0 {
					cell.Rowspan = rowHeight(row)
				} else {
					cell.Colspan = rd - depth
				}
				line = append(line, cell)
				h = append(h[:len(h):len(h)], id)
				d++
			}
			if len(row.Rows) > 0 {
				walkRows(row.Rows, d, k, h)
				continue
			}
			for i, s := range slots {
				p := t.Prefix + "." + strings.Join(append(k[:len(k):len(k)], s.keys...), ".")
				cell := Cell{Headers: strings.Join(append(h[:len(h):len(h)], s.headers...), " "), Path: p, Class: "num"}
				if i == len(slots)-1 {
					cell.Colspan = 1 + extra
				}
				if f, ok := r.Figures[p]; ok {
					cell.Text = f.Text
					if c, counted := r.Counted[p]; counted && c != f.N && r.ShowCounts {
						cell.Counted = strconv.FormatInt(c, 10)
						cell.Class = "num differs"
					}
				}
				line = append(line, cell)
			}
			body = append(body, line)
			line = nil
		}
	}
	var top []string
	if item != "" {
		top = []string{item}
	}
	walkRows(rows, 0, nil, top)
	return head, body
}

// Difference is a figure that differs from the catalogue's count.
type Difference struct {
	Label    string
	Declared int64
	Counted  int64
}

// Differences lists the figures of the report that differ from the
// catalogue's count, in the order of the tables, when the site shows them.
func (r *Report) Differences() []Difference {
	var out []Difference
	if r.Format == nil || !r.ShowCounts {
		return nil
	}
	for _, l := range r.Format.Leaves() {
		c, counted := r.Counted[l.Path]
		if f, ok := r.Figures[l.Path]; ok && counted && f.N != c {
			out = append(out, Difference{r.label(l.Path), f.N, c})
		}
	}
	return out
}
