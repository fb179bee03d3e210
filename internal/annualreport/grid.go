package annualreport

import (
	"strconv"
	"strings"
)

// Grid is one official table laid out for HTML: header rows and body rows
// of cells with their spans, and, on every data cell, the ids of all the
// header cells that apply to it (for headers=""), besides scope on every
// header cell. The layout writes the markup.
type Grid struct {
	ID      string
	Caption string
	Head    [][]Cell
	Body    [][]Cell
}

// Cell is one th or td.
type Cell struct {
	Header  bool
	Text    string
	ID      string
	Scope   string // col or row, on header cells
	Headers string // ids of the header cells, on data cells
	Rowspan int    // 0 or 1: none
	Colspan int
	Class   string
	Counted string // on data cells: the catalogue's count when it differs
	Path    string // on data cells: the figure's YAML path under tables:
}

// Grids lays out the tables of section (Section2, Section3 or Section4).
func (r *Report) Grids(section string) []Grid {
	if r.Format == nil {
		return nil
	}
	var out []Grid
	for _, t := range r.Format.Tables {
		if t.Section == section {
			out = append(out, r.grid(t))
		}
	}
	return out
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

func (r *Report) grid(t *Table) Grid {
	g := Grid{ID: t.ID, Caption: t.Caption}
	rows := official(t.Rows)
	cd, rd := colDepth(t.Cols), rowDepth(rows)
	g.Head = make([][]Cell, cd)
	if rd > 0 {
		c := Cell{Header: !t.Note, Text: t.Corner, Rowspan: cd, Colspan: rd, Class: "corner"}
		if !t.Note {
			c.ID, c.Scope = t.ID+"-corner", "col"
		}
		g.Head[0] = append(g.Head[0], c)
	}
	var slots []colSlot
	m := 0
	var walkCols func(cols []Col, depth int, keys, headers []string)
	walkCols = func(cols []Col, depth int, keys, headers []string) {
		for _, c := range cols {
			m++
			id := t.ID + "-c" + strconv.Itoa(m)
			cell := Cell{Header: true, Text: c.Label, ID: id, Scope: "col", Colspan: colWidth(c)}
			k := keys
			if c.Key != "" {
				k = append(k[:len(k):len(k)], c.Key)
			}
			h := append(headers[:len(headers):len(headers)], id)
			if len(c.Cols) == 0 {
				cell.Rowspan = cd - depth
				slots = append(slots, colSlot{k, h})
			}
			g.Head[depth] = append(g.Head[depth], cell)
			walkCols(c.Cols, depth+1, k, h)
		}
	}
	walkCols(t.Cols, 0, nil, nil)

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
			for _, s := range slots {
				p := t.Prefix + "." + strings.Join(append(k[:len(k):len(k)], s.keys...), ".")
				cell := Cell{Headers: strings.Join(append(h[:len(h):len(h)], s.headers...), " "), Path: p, Class: "num"}
				if f, ok := r.Figures[p]; ok {
					cell.Text = f.Text
					if c, counted := r.Counted[p]; counted && c != f.N && r.ShowCounts {
						cell.Counted = strconv.FormatInt(c, 10)
						cell.Class = "num differs"
					}
				}
				line = append(line, cell)
			}
			g.Body = append(g.Body, line)
			line = nil
		}
	}
	walkRows(rows, 0, nil, nil)
	return g
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
