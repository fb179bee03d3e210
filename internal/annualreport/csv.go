package annualreport

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// CSVName is the file name of a report's figures, written beside its page.
func CSVName(year int) string { return "figures-" + strconv.Itoa(year) + ".csv" }

// CSV is the report's figures, one per line: the table, the row and column
// headings (levels joined by " / "), the figure, its YAML key under tables:,
// and, where the site shows them, the catalogue's count where there is one. UTF-8 with a byte-order mark
// so that spreadsheet programs read the Chinese headings; nil for a narrative
// report.
func (r *Report) CSV() []byte {
	if r.Format == nil {
		return nil
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	head := []string{"年度", "表格", "项目", "指标", "数值", "键"}
	if r.ShowCounts {
		head = append(head, "目录统计")
	}
	_ = w.Write(head)
	year := strconv.Itoa(r.Year)
	for _, l := range r.Format.Leaves() {
		f, ok := r.Figures[l.Path]
		if !ok || l.Optional {
			continue
		}
		row := []string{year, l.Table.Caption, strings.Join(l.Rows, " / "), strings.Join(l.Cols, " / "), f.Text, l.Path}
		if r.ShowCounts {
			counted := ""
			if c, ok := r.Counted[l.Path]; ok {
				counted = strconv.FormatInt(c, 10)
			}
			row = append(row, counted)
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}
