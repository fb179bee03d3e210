package render

import (
	"html/template"
	"strings"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
)

// AnnualPage is what annual_report.html receives besides the record.
type AnnualPage struct {
	Report      *annualreport.Report
	Sections    map[string]AnnualSection // overview, problems, other
	Proactive   annualreport.Grid        // 二
	Requests    annualreport.Grid        // 三
	Reviews     annualreport.Grid        // 四
	Differences []annualreport.Difference
	CSV         string // site path of the figures as CSV; "" for narrative reports
	Headings    map[string]string
}

// AnnualSection is one narrative section of a tabular report.
type AnnualSection struct {
	ID      string
	Heading string
	HTML    template.HTML
}

// AnnualList is what annual_list.html receives.
type AnnualList struct {
	Items  []AnnualItem
	Charts []annualreport.Chart
}

// AnnualItem is one report on the list.
type AnnualItem struct {
	Entry  *catalogue.Entry
	Year   int
	Format string
	CSV    string
}

// annualPage fills p.Annual for the annual report e and writes its CSV.
func (r *Renderer) annualPage(p *Page, e *catalogue.Entry) error {
	ar := r.opts.Annual.For(e)
	if ar == nil {
		return nil
	}
	a := &AnnualPage{Report: ar, Sections: map[string]AnnualSection{}, Headings: map[string]string{
		"二": annualreport.Section2, "三": annualreport.Section3, "四": annualreport.Section4,
	}}
	for i, s := range annualreport.Sections {
		text, ok := ar.Sections[s.Key]
		if !ok {
			continue
		}
		res, bad, err := r.md.Render([]byte(text), func(index string) (string, bool) {
			t, ok := r.cat.ByIndex[index]
			if !ok {
				return "", false
			}
			return p.Rel(t.URL), true
		})
		if err != nil {
			return err
		}
		for _, b := range bad {
			r.rep.Report(diag.Pos{Path: e.Path, Line: ar.SectionLine[s.Key] + b.Line - 1, Col: b.Col}, diag.RuleLink, b.IndexNo)
		}
		a.Sections[s.Key] = AnnualSection{ID: "section-" + string("156"[i]), Heading: s.Heading, HTML: template.HTML(res.HTML)}
	}
	if ar.Tabular() {
		a.Proactive = ar.Grid(annualreport.Section2)
		a.Requests = ar.Grid(annualreport.Section3)
		a.Reviews = ar.Grid(annualreport.Section4)
		a.Differences = ar.Differences()
		a.CSV = e.URL + annualreport.CSVName(ar.Year)
		if err := r.emit(strings.TrimPrefix(a.CSV, "/"), ar.CSV()); err != nil {
			return err
		}
	}
	p.Annual = a
	return nil
}

// hasAnnualList reports whether it is the kind of the annual reports and
// their figures are known: its list is the 年报 list.
func (r *Renderer) hasAnnualList(it item) bool {
	return it.kind != nil && it.kind.Kind == config.AnnualReport && r.opts.Annual != nil
}

// annualList sets up the 年报 list: every year, newest first, and the charts.
func (r *Renderer) annualList(p *Page, kind item) error {
	p.Feed = kind.kind.URL() + feedFile
	l := &AnnualList{Charts: r.opts.Annual.Charts()}
	for _, ar := range r.opts.Annual.Reports {
		it := AnnualItem{Entry: ar.Entry, Year: ar.Year, Format: ar.Entry.Format}
		if ar.Tabular() {
			it.CSV = ar.Entry.URL + annualreport.CSVName(ar.Year)
		}
		l.Items = append(l.Items, it)
	}
	p.AnnualList = l
	return nil
}

// GridView pairs a table with the page and the id of the heading that
// names it, for the annual_grid.html partial.
type GridView struct {
	Grid  annualreport.Grid
	Label string
	P     *Page
}

// GridView wraps g, named by the heading of id label, for the
// annual_grid.html partial.
func (p *Page) GridView(g annualreport.Grid, label string) GridView {
	return GridView{g, label, p}
}
