package annualreport

import (
	"strings"

	"github.com/gongkai/gongkai/internal/diag"
)

// ColumnLabel is the heading of a column of table 三 by key.
func ColumnLabel(key string) string {
	for _, l := range requests(nil).Leaves()[:len(ApplicantKeys)] {
		if l.Path == "requests.new."+key {
			return l.Cols[len(l.Cols)-1]
		}
	}
	return key
}

// sum adds the figures at paths; ok is false when any is missing, and then
// no check is made on it (the missing figure is reported already).
func (r *Report) sum(paths ...string) (int64, bool) {
	var total int64
	for _, p := range paths {
		n, ok := r.N(p)
		if !ok {
			return 0, false
		}
		total += n
	}
	return total, true
}

// group is the value of an outcome row: its own figure for a row without
// sub-rows, else the sum of its numbered sub-rows.
func (r *Report) group(key, col string) (int64, bool) {
	for _, t := range r.Format.Tables {
		if t.Prefix != "requests" {
			continue
		}
		var paths []string
		for _, l := range t.Leaves() {
			p := "requests." + key + "."
			if len(l.Path) > len(p) && l.Path[:len(p)] == p && l.Path[len(l.Path)-len(col)-1:] == "."+col && !l.Optional {
				paths = append(paths, l.Path)
			}
		}
		if len(paths) == 1 && paths[0] == "requests."+key+"."+col {
			return r.N(paths[0])
		}
		return r.sum(paths...)
	}
	return 0, false
}

// Check applies the arithmetic of one tabular report: every rule of the
// domain reference within a table and across its columns.
func (r *Report) Check(rep *diag.Reporter) {
	if r.Format == nil {
		return
	}
	// Table 三, each column.
	for _, c := range ApplicantKeys {
		name := ColumnLabel(c)
		at := func(row string) string { return "requests." + row + "." + c }
		for _, g := range Groups {
			sub, ok := r.group(g, c)
			if n, given := r.N(at(g + ".total")); ok && given && n != sub {
				rep.Report(r.at(at(g+".total")), diag.RuleAnnualSubtotal, name, heading(r.Format, "requests."+g), n, sub)
			}
		}
		var outcomes int64
		ok := true
		for _, o := range Outcomes {
			n, given := r.group(o, c)
			outcomes += n
			ok = ok && given
		}
		if total, given := r.N(at("total")); ok && given && total != outcomes {
			rep.Report(r.at(at("total")), diag.RuleAnnualOutcomeTotal, name, total, outcomes)
		}
		in, ok1 := r.sum(at("new"), at("carried_over"))
		out, ok2 := r.sum(at("total"), at("carried_forward"))
		if ok1 && ok2 && in != out {
			nw, _ := r.N(at("new"))
			co, _ := r.N(at("carried_over"))
			tot, _ := r.N(at("total"))
			cf, _ := r.N(at("carried_forward"))
			rep.Report(r.at(at("carried_forward")), diag.RuleAnnualBalance, name, nw, co, in, tot, cf, out)
		}
	}
	// Table 三, each row: 总计 = the six columns.
	for _, t := range r.Format.Tables {
		if t.Prefix != "requests" {
			continue
		}
		leaves := t.Leaves()
		for i := 0; i+len(ApplicantKeys) <= len(leaves); i += len(ApplicantKeys) {
			row := leaves[i : i+len(ApplicantKeys)]
			base := row[0].Path[:len(row[0].Path)-len(ApplicantKeys[0])]
			var parts []string
			for _, k := range ApplicantKeys[:len(ApplicantKeys)-1] {
				parts = append(parts, base+k)
			}
			sum, ok := r.sum(parts...)
			if total, given := r.N(base + "total"); ok && given && total != sum {
				rep.Report(r.at(base+"total"), diag.RuleAnnualApplicantTotal, row[0].Rows[len(row[0].Rows)-1], total, sum)
			}
		}
	}
	// Table 四: each 总计 = its four.
	for i, k := range ReviewKeys {
		p := "reviews." + k + "."
		sum, ok := r.sum(p+"upheld", p+"corrected", p+"other", p+"pending")
		if total, given := r.N(p + "total"); ok && given && total != sum {
			rep.Report(r.at(p+"total"), diag.RuleAnnualReviewTotal, reviewNames[i], total, sum)
		}
	}
}

var reviewNames = []string{"行政复议", "行政诉讼 / 未经复议直接起诉", "行政诉讼 / 复议后起诉"}

// accountability is what 条例 Art. 50 has a government's report give in
// 五 besides its problems: the results of its 工作考核, 社会评议 and 责任追究.
var accountability = []string{"工作考核", "社会评议", "责任追究"}

// checkAccountability warns when 五 of the report of an agency of level
// government names none of the results Art. 50 asks of it, or only some.
func (r *Report) checkAccountability(level string, rep *diag.Reporter) {
	text := r.Sections["problems"]
	if level != "government" || r.Format == nil || strings.TrimSpace(text) == "" {
		return // an empty 五 is report-missing-figure
	}
	var missing []string
	for _, w := range accountability {
		if !strings.Contains(text, w) {
			missing = append(missing, w)
		}
	}
	if missing != nil {
		rep.Report(r.sectionAt["problems"], diag.RuleAnnualAccountability, strings.Join(missing, "、"))
	}
}
