package annualreport

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
)

// Set is every annual report of a catalogue.
type Set struct {
	Reports []*Report // newest year first
	byEntry map[*catalogue.Entry]*Report
	byYear  map[int]*Report
}

// Options changes what Analyse checks.
type Options struct {
	// Today is the date of the run, for the deadline warning; zero skips
	// it, so that builds stay the same from day to day.
	Today time.Time
}

// For is the report of entry e, or nil.
func (s *Set) For(e *catalogue.Entry) *Report {
	if s == nil {
		return nil
	}
	return s.byEntry[e]
}

// Year is the report for year, or nil.
func (s *Set) Year(y int) *Report {
	if s == nil {
		return nil
	}
	return s.byYear[y]
}

// Analyse decodes and checks every annual report of cat: each report's
// arithmetic, each year against the year before, table 二 （一） against the
// catalogue's own count, and, when opts.Today is set, the deadline for last
// year's report.
func Analyse(cat *catalogue.Catalogue, opts Options, rep *diag.Reporter) *Set {
	s := &Set{byEntry: map[*catalogue.Entry]*Report{}, byYear: map[int]*Report{}}
	es := slices.Clone(cat.ByKind[config.AnnualReport])
	slices.SortFunc(es, func(a, b *catalogue.Entry) int {
		if a.Year != b.Year {
			return b.Year - a.Year
		}
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		if a.Rel < b.Rel {
			return -1
		}
		return 1
	})
	for _, e := range es {
		r := Decode(e, rep)
		s.byEntry[e] = r
		s.Reports = append(s.Reports, r)
		if prev, dup := s.byYear[r.Year]; dup {
			rep.Report(e.At("year"), diag.RuleAnnualDuplicateYear, r.Year, prev.Entry.Path)
			continue
		}
		s.byYear[r.Year] = r
	}
	for _, r := range s.Reports {
		if !r.Tabular() || s.byYear[r.Year] != r {
			continue
		}
		r.Check(rep)
		r.checkAccountability(cat.Site.Agency.Level, rep)
		counts, recs := count(cat, r.Year)
		r.Counted = countedPaths(r.Format, counts)
		r.ShowCounts = cat.Site.ShowCounts
		for _, p := range sortedKeys(r.Counted) {
			if f, ok := r.Figures[p]; ok && f.N != r.Counted[p] {
				rep.Report(f.Pos, diag.RuleAnnualCount, r.label(p), f.N, r.Counted[p], listed(recs[p]))
			}
		}
		if prev := s.byYear[r.Year-1]; prev != nil && prev.Tabular() {
			crossYear(r, prev, rep)
		}
	}
	if !opts.Today.IsZero() {
		deadline(cat, s, opts.Today, rep)
	}
	return s
}

// listed names the records counted, the first few by index number.
func listed(indexNos []string) diag.Text {
	const most = 5
	switch {
	case len(indexNos) == 0:
		return diag.Text{Zh: "无", En: "none"}
	case len(indexNos) <= most:
		s := strings.Join(indexNos, ", ")
		return diag.Text{Zh: s, En: s}
	}
	first := strings.Join(indexNos[:most], ", ")
	return diag.Text{Zh: fmt.Sprintf("%s 等 %d 件", first, len(indexNos)), En: fmt.Sprintf("%s and %d more", first, len(indexNos)-most)}
}

func sortedKeys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// label is the figure's headings, as the template prints them.
func (r *Report) label(p string) string {
	for _, l := range r.Format.Leaves() {
		if l.Path == p {
			return l.Label()
		}
	}
	return p
}

// crossYear checks r against the report of the year before.
func crossYear(r, prev *Report, rep *diag.Reporter) {
	for _, c := range ApplicantKeys {
		now, ok1 := r.N("requests.carried_over." + c)
		then, ok2 := prev.N("requests.carried_forward." + c)
		if ok1 && ok2 && now != then {
			rep.Report(r.at("requests.carried_over."+c), diag.RuleAnnualCarriedOver, ColumnLabel(c), now, prev.Year, then, prev.at("requests.carried_forward."+c).String())
		}
	}
	if r.Format.Name != "2021" || prev.Format.Name != "2021" {
		return
	}
	for _, g := range countedGenres {
		p := "proactive." + g.Row + "."
		now, ok1 := r.N(p + "in_force")
		then, ok2 := prev.N(p + "in_force")
		issued, ok3 := r.N(p + "issued")
		repealed, ok4 := r.N(p + "repealed")
		if ok1 && ok2 && ok3 && ok4 && now != then+issued-repealed {
			rep.Report(r.at(p+"in_force"), diag.RuleAnnualInForce, g.Genre, now, then, issued, repealed, then+issued-repealed)
		}
	}
}

// Deadline is the last day to publish the report for year: 31 January of
// the next year for a department, 31 March for a government (Art. 49).
func Deadline(level string, year int) time.Time {
	if level == "government" {
		return time.Date(year+1, 3, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year+1, 1, 31, 0, 0, 0, 0, time.UTC)
}

// deadline warns when last year's report is missing after its deadline,
// on a catalogue with no annual report yet too.
func deadline(cat *catalogue.Catalogue, s *Set, today time.Time, rep *diag.Reporter) {
	year := today.Year() - 1
	due := Deadline(cat.Site.Agency.Level, year)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if s.byYear[year] != nil || !day.After(due) {
		return
	}
	folder := path.Join("content", cat.Site.Folders[config.AnnualReport])
	rep.Report(diag.Pos{Path: folder}, diag.RuleAnnualMissing, year, fmt.Sprint(due.Format(time.DateOnly)))
}
