package annualreport_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// The fixture: testdata/site has 规章 and 行政规范性文件 records in 2022 and
// 2023, a narrative report for 2018, a 2019-format report for 2019 and
// 2021-format reports for 2022 and 2023 that agree with each other and with
// the catalogue.
func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dst
}

const (
	r2019 = "content/reports/annual/2019.yaml"
	r2018 = "content/reports/annual/2018.md"
	r2022 = "content/reports/annual/2022.yaml"
	r2023 = "content/reports/annual/2023.yaml"
)

// edit replaces old, which must occur once, by new in the file rel of dir.
func edit(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	name := filepath.Join(dir, rel)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", rel, old, n)
	}
	if err := os.WriteFile(name, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// check runs gongkai check on dir on the day today and returns each
// diagnostic as "path:line:col rule".
func check(t *testing.T, dir string, today time.Time) []string {
	t.Helper()
	return checkWith(t, pipeline.Options{Source: dir, Check: true, Today: today})
}

// checkDrafts is check with draft records included.
func checkDrafts(t *testing.T, dir string, today time.Time) []string {
	t.Helper()
	return checkWith(t, pipeline.Options{Source: dir, Check: true, Drafts: true, Today: today})
}

func checkWith(t *testing.T, opts pipeline.Options) []string {
	t.Helper()
	res, err := pipeline.Run(context.Background(), opts)
	if err != nil && !errors.Is(err, pipeline.ErrInvalid) {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Pos.String()+" "+string(d.Rule))
		if testing.Verbose() {
			t.Log(d)
		}
	}
	return out
}

var afterDeadline = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

func TestFixtureIsClean(t *testing.T) {
	if got := check(t, fixture(t), afterDeadline); len(got) > 0 {
		t.Fatalf("the fixture has diagnostics: %q", got)
	}
}

// TestRules breaks the fixture one way per case and expects exactly the
// diagnostics listed, at the figure that is wrong.
func TestRules(t *testing.T) {
	for _, c := range []struct {
		name      string
		file      string
		old, new  string
		want      []string
		wantRules []diag.Rule
	}{{
		// 一 + 二 = 三（七）+ 四 broken in the 自然人 column and so in 总计.
		name: "balance", file: r2023,
		old:  "carried_forward: {natural_person: 2, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}",
		new:  "carried_forward: {natural_person: 3, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 3}",
		want: []string{r2023 + ":52:39 report-balance", r2023 + ":52:128 report-balance"},
	}, {
		// （七）总计 one more than （一）…（六）, 结转 one less: the balance holds.
		name: "outcome total", file: r2023,
		old: "    total: {natural_person: 10, business: 2, research: 1, public_interest: 0, legal_services: 0, other_org: 0, total: 13}\n" +
			"    carried_forward: {natural_person: 2, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}",
		new: "    total: {natural_person: 11, business: 2, research: 1, public_interest: 0, legal_services: 0, other_org: 0, total: 14}\n" +
			"    carried_forward: {natural_person: 1, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 1}",
		want: []string{r2023 + ":51:29 report-outcome-total", r2023 + ":51:119 report-outcome-total"},
	}, {
		// A 小计 of （三）不予公开 that is not the sum of its items.
		name: "subtotal", file: r2023,
		old: "      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n",
		new: "      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n" +
			"      total: {natural_person: 2, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}\n",
		want: []string{r2023 + ":37:31 report-subtotal", r2023 + ":37:120 report-subtotal"},
	}, {
		// 总计 of 一 is not the sum of the six columns; the 总计 column's
		// balance then fails too.
		name: "applicant total", file: r2023,
		old:  "other_org: 0, total: 13}\n    carried_over",
		new:  "other_org: 0, total: 14}\n    carried_over",
		want: []string{r2023 + ":24:117 report-applicant-total", r2023 + ":52:128 report-balance"},
	}, {
		name: "review total", file: r2023,
		old:  "review: {upheld: 2, corrected: 0, other: 0, pending: 1, total: 3}",
		new:  "review: {upheld: 2, corrected: 0, other: 0, pending: 1, total: 4}",
		want: []string{r2023 + ":54:68 report-review-total"},
	}, {
		name: "negative count", file: r2023,
		old:  "new: {natural_person: 11, business: 1,",
		new:  "new: {natural_person: 11, business: -1,",
		want: []string{r2023 + ":24:41 report-figure"},
	}, {
		name: "not a whole number", file: r2022,
		old:  "punishment: {decisions: 9}",
		new:  "punishment: {decisions: 9.5}",
		want: []string{r2022 + ":20:29 report-figure"},
	}, {
		name: "not a number", file: r2019,
		old:  "procurement: {projects: 3, amount: 45.6}",
		new:  "procurement: {projects: 3, amount: 四十五}",
		want: []string{r2019 + ":24:40 report-figure"},
	}, {
		// The 2019 format's 本年增/减 may be negative, but not other counts.
		name: "2019 negative count", file: r2019,
		old:  "other_services: {previous: 5, change: -1, decisions: 44}",
		new:  "other_services: {previous: -5, change: -1, decisions: 44}",
		want: []string{r2019 + ":20:32 report-figure"},
	}, {
		name: "missing row", file: r2022,
		old:  "    punishment: {decisions: 9}\n",
		new:  "",
		want: []string{r2022 + ":17:5 report-missing-figure"},
	}, {
		name: "missing figure", file: r2022,
		old:  "review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 2}",
		new:  "review: {upheld: 1, corrected: 1, other: 0, total: 2}",
		want: []string{r2022 + ":54:13 report-missing-figure"},
	}, {
		name: "empty figure", file: r2022,
		old:  "licensing: {decisions: 120}",
		new:  "licensing: {decisions: }",
		want: []string{r2022 + ":19:28 report-missing-figure"},
	}, {
		name: "misspelt key", file: r2022,
		old:  "    enforcement: {decisions: 1}",
		new:  "    enforcment: {decisions: 1}",
		want: []string{r2022 + ":17:5 report-missing-figure", r2022 + ":21:5 unknown-key"},
	}, {
		name: "tables in a narrative report", file: r2018,
		old:  "published: 2019-01-20\n",
		new:  "published: 2019-01-20\ntables: {}\n",
		want: []string{r2018 + ":5:9 report-narrative-tables"},
	}, {
		// A draft's 待填写 marks left in: on a figure, a row, a part, the body.
		name: "placeholder figure", file: r2022,
		old:  "    licensing: {decisions: 120}\n",
		new:  "    licensing:\n      decisions: 0  # 待填写：本年处理决定数量\n",
		want: []string{r2022 + ":20:18 report-placeholder"},
	}, {
		name: "placeholder row", file: r2022,
		old:  "    punishment: {decisions: 9}",
		new:  "    punishment: {decisions: 9}  # 待填写",
		want: []string{r2022 + ":20:17 report-placeholder"},
	}, {
		name: "placeholder text as figure", file: r2022,
		old:  "    punishment: {decisions: 9}",
		new:  "    punishment: {decisions: 待填写}",
		want: []string{r2022 + ":20:29 report-placeholder"},
	}, {
		name: "placeholder part", file: r2022,
		old:  "门户网站。\n  other:",
		new:  "门户网站。\n    （待填写：改进情况）\n  other:",
		want: []string{r2022 + ":13:5 report-placeholder"},
	}, {
		name: "placeholder body", file: r2022,
		old:  "  本报告中所列数据",
		new:  "  （待填写）本报告中所列数据",
		want: []string{r2022 + ":7:1 report-placeholder"},
	}, {
		// Every part of the template is due.
		name: "missing part", file: r2022,
		old:  "  other: |\n    无。\n",
		new:  "",
		want: []string{r2022 + ":9:3 report-missing-figure"},
	}, {
		// 五 given but blank, at its key.
		name: "blank part", file: r2022,
		old:  "  problems: |\n    存在的问题。工作考核、社会评议和责任追究结果见本机关门户网站。\n",
		new:  "  problems: \"  \"\n",
		want: []string{r2022 + ":11:3 report-missing-figure"},
	}, {
		// From the 2021 report on, only the 2021 format.
		name: "narrative in 2022", file: r2022,
		old:  "format: \"2021\"\npublished: 2023-01-18",
		new:  "format: narrative\npublished: 2023-01-18",
		want: []string{r2022 + ":4:9 report-format", r2022 + ":16:3 report-narrative-tables"},
	}, {
		name: "2019 format in 2021", file: r2019,
		old: "year: 2019",
		new: "year: 2021",
		// …and 2022's 上年结转 is now checked against it.
		want: []string{r2019 + ":4:9 report-format", r2022 + ":25:36 report-carried-over", r2022 + ":25:125 report-carried-over"},
	}, {
		// 2019 and 2020: the 2019 trial format is still allowed.
		name: "2019 format in 2020", file: r2019,
		old: "year: 2019",
		new: "year: 2020",
	}, {
		// A narrative report with no format: the file is named.
		name: "narrative in 2020", file: r2018,
		old:  "published: 2019-01-20\nwritten: 2019-01-20\n",
		new:  "published: 2021-01-20\nwritten: 2021-01-20\n",
		want: []string{r2018 + ":1:1 report-format"},
	}, {
		// Declared 本年制发 differs from the catalogue, and so 现行有效
		// no longer follows from last year's.
		name: "count and in force", file: r2023,
		old:  "normative: {issued: 1, repealed: 2, in_force: 1}",
		new:  "normative: {issued: 2, repealed: 2, in_force: 1}",
		want: []string{r2023 + ":18:25 report-count", r2023 + ":18:51 report-in-force"},
	}, {
		// 上年结转 that is not last year's 结转下年度, with the year's own
		// balance kept.
		name: "carried over", file: r2023,
		old: "    new: {natural_person: 11, business: 1, research: 1, public_interest: 0, legal_services: 0, other_org: 0, total: 13}\n" +
			"    carried_over: {natural_person: 1, business: 1, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}",
		new: "    new: {natural_person: 10, business: 1, research: 1, public_interest: 0, legal_services: 0, other_org: 0, total: 12}\n" +
			"    carried_over: {natural_person: 2, business: 1, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 3}",
		want: []string{r2023 + ":25:36 report-carried-over", r2023 + ":25:125 report-carried-over"},
	}, {
		// The earlier published report of a year is the year's; the other is
		// reported and not checked further.
		name: "duplicate year", file: r2023,
		old: "year: 2023",
		new: "year: 2022",
		// …and so the 2023 report is missing after its deadline.
		want: []string{"content/reports/annual report-missing", r2023 + ":3:7 report-duplicate-year"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			dir := fixture(t)
			edit(t, dir, c.file, c.old, c.new)
			got := check(t, dir, afterDeadline)
			if !slices.Equal(got, c.want) {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, c.want)
			}
		})
	}
	// The rules above, by constant, for the rule coverage test.
	_ = []diag.Rule{diag.RuleAnnualBalance, diag.RuleAnnualOutcomeTotal, diag.RuleAnnualSubtotal,
		diag.RuleAnnualApplicantTotal, diag.RuleAnnualReviewTotal, diag.RuleAnnualFigure,
		diag.RuleAnnualMissingFigure, diag.RuleAnnualNarrativeTables, diag.RuleAnnualFormat, diag.RuleAnnualPlaceholder, diag.RuleAnnualCount,
		diag.RuleAnnualInForce, diag.RuleAnnualCarriedOver, diag.RuleAnnualDuplicateYear}
}

func TestMessagePointsAtFigure(t *testing.T) {
	dir := fixture(t)
	edit(t, dir, r2023, "review: {upheld: 2, corrected: 0, other: 0, pending: 1, total: 3}", "review: {upheld: 2, corrected: 0, other: 0, pending: 1, total: 4}")
	res, _ := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Check: true})
	if len(res.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	want := "content/reports/annual/2023.yaml:54:68: error: 行政复议：总计为 4，结果维持、结果纠正、其他结果、尚未审结之和为 3 [report-review-total]"
	if got := res.Diagnostics[0].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestFigureMessage: a figure that is not a number is named by the
// headings a reader sees, not by its YAML path.
func TestFigureMessage(t *testing.T) {
	dir := fixture(t)
	edit(t, dir, r2022, "punishment: {decisions: 9}", "punishment: {decisions: 9.5}")
	res, _ := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Check: true})
	want := "content/reports/annual/2022.yaml:20:29: error: 第二十条第（六）项 / 行政处罚 / 本年处理决定数量：\"9.5\" 应为整数 [report-figure]"
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != want {
		t.Errorf("got  %v\nwant %s", res.Diagnostics, want)
	}
}

// TestSubtotalMessage: a wrong 小计 names its group, not the group's first item.
func TestSubtotalMessage(t *testing.T) {
	dir := fixture(t)
	edit(t, dir, r2023, "      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n",
		"      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n"+
			"      total: {natural_person: 2, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 2}\n")
	res, _ := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Check: true})
	want := "content/reports/annual/2023.yaml:37:31: error: “自然人”列：（三）不予公开的小计为 2，各项之和为 1 [report-subtotal]"
	if len(res.Diagnostics) == 0 || res.Diagnostics[0].String() != want {
		t.Errorf("got  %v\nwant %s", res.Diagnostics, want)
	}
}

// TestNoSubtotalShown: a 小计 the report gives is checked but, as the
// template has none, shown neither on the page nor in the CSV.
func TestNoSubtotalShown(t *testing.T) {
	dir := fixture(t)
	edit(t, dir, r2023, "      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n",
		"      query_matters: {natural_person: 0, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 0}\n"+
			"      total: {natural_person: 1, business: 0, research: 0, public_interest: 0, legal_services: 0, other_org: 0, total: 1}\n")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Out: out}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "annual-report/2024-00010/index.html"))
	figures, _ := os.ReadFile(filepath.Join(out, "annual-report/2024-00010/figures-2023.csv"))
	if bytes.Contains(page, []byte("小计")) || bytes.Contains(figures, []byte("小计")) {
		t.Error("a 小计 row is shown")
	}
}

func TestMissingTables(t *testing.T) {
	dir := fixture(t)
	name := filepath.Join(dir, r2022)
	data, _ := os.ReadFile(name)
	i, j := bytes.Index(data, []byte("tables:")), bytes.Index(data, []byte("written:"))
	if err := os.WriteFile(name, append(data[:i:i], data[j:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	got := check(t, dir, afterDeadline)
	// The 2023 report can no longer be checked against 2022: no more diagnostics.
	want := []string{r2022 + ":4:9 report-missing-figure"}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
}

// TestAccountability: 五 of a government's report gives the results of its
// 工作考核, 社会评议 and 责任追究 (条例 Art. 50), or check warns, naming
// what is missing; a department's report need not.
func TestAccountability(t *testing.T) {
	const given = "存在的问题。工作考核、社会评议和责任追究结果见本机关门户网站。"
	for _, c := range []struct {
		level, text string
		want        string // the end of the one diagnostic, or ""
	}{
		{"government", given, ""},
		{"government", "存在的问题。", "2023.yaml:11:3: warning: 五、存在的主要问题及改进情况未写工作考核、社会评议、责任追究：《条例》第五十条要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况 [report-accountability]"},
		{"government", "存在的问题。本年度工作考核结果为优秀。", "2023.yaml:11:3: warning: 五、存在的主要问题及改进情况未写社会评议、责任追究：《条例》第五十条要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况 [report-accountability]"},
		{"department", "存在的问题。", ""},
	} {
		dir := fixture(t)
		edit(t, dir, "content/site.yaml", "level: department", "level: "+c.level)
		edit(t, dir, r2023, given, c.text)
		res, err := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Check: true, Today: afterDeadline})
		if err != nil && !errors.Is(err, pipeline.ErrInvalid) {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.String())
		}
		if c.want == "" && len(got) > 0 || c.want != "" && (len(got) != 1 || !strings.HasSuffix(got[0], c.want)) {
			t.Errorf("%s, 五 %q: got %q, want %q", c.level, c.text, got, c.want)
		}
	}
}

// TestDeadline: last year's report is due on 31 January (department) or
// 31 March (government); check warns only after that, and only when asked.
func TestDeadline(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 15, 0, 0, 0, time.UTC) }
	warn := []string{"content/reports/annual report-missing"}
	for _, c := range []struct {
		level string
		today time.Time
		want  []string
	}{
		{"department", day(2025, 1, 31), nil},
		{"department", day(2025, 2, 1), warn},
		{"department", day(2024, 2, 1), nil}, // the 2023 report exists
		{"department", time.Time{}, nil},     // build: no date, no check
		{"government", day(2025, 3, 31), nil},
		{"government", day(2025, 4, 1), warn},
	} {
		dir := fixture(t)
		edit(t, dir, "content/site.yaml", "level: department", "level: "+c.level)
		if got := check(t, dir, c.today); !slices.Equal(got, c.want) {
			t.Errorf("%s on %s: got %q, want %q", c.level, c.today.Format(time.DateOnly), got, c.want)
		}
	}
	_ = diag.RuleAnnualMissing
	// A site without annual reports yet is warned too.
	dir := fixture(t)
	for _, f := range []string{r2018, r2019, r2022, r2023} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if got := check(t, dir, day(2025, 2, 1)); !slices.Equal(got, warn) {
		t.Errorf("site without annual reports: %q, want %q", got, warn)
	}
	if got := annualreport.Deadline("government", 2024); !got.Equal(day(2025, 3, 31).Truncate(24 * time.Hour)) {
		t.Errorf("Deadline(government, 2024) = %v", got)
	}
}

// TestCounts counts table 二 （一） from the fixture's records: a 规章 of 2022;
// 行政规范性文件 甲 (2022) repealed by 甲管理办法 (2023), 乙 (2022) expired on
// 2023-06-30.
func TestCounts(t *testing.T) {
	m, err := pipeline.LoadModel(context.Background(), pipeline.Options{Source: "testdata/site"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year             int
		rules, normative annualreport.Counts
	}{
		{2021, annualreport.Counts{}, annualreport.Counts{}},
		{2022, annualreport.Counts{Issued: 1, InForce: 1}, annualreport.Counts{Issued: 2, InForce: 2}},
		{2023, annualreport.Counts{InForce: 1}, annualreport.Counts{Issued: 1, Repealed: 2, InForce: 1}},
		{2024, annualreport.Counts{InForce: 1}, annualreport.Counts{InForce: 1}},
	} {
		got := annualreport.Count(m.Catalogue, c.year)
		if got["rules"] != c.rules || got["normative"] != c.normative {
			t.Errorf("%d: rules %+v, normative %+v; want %+v, %+v", c.year, got["rules"], got["normative"], c.rules, c.normative)
		}
	}
}

// TestCountNotice: a figure that differs from the count is the editor's
// warning, naming the cell, both figures and the records counted; the public
// page and CSV show only what the report states, unless site.yaml opts in.
func TestCountNotice(t *testing.T) {
	dir := fixture(t)
	edit(t, dir, r2022, "rules: {issued: 1, repealed: 0, in_force: 1}", "rules: {issued: 2, repealed: 0, in_force: 1}")
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	want := r2022 + ":17:21: warning: 第二十条第（一）项 / 规章 / 本年制发件数：报告填 2，按本站目录统计为 1（计入：11000000MB0000000T/2022-00001） [report-count]"
	if !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool { return d.String() == want }) {
		t.Errorf("diagnostics %v lack\n%s", res.Diagnostics, want)
	}
	page, _ := os.ReadFile(filepath.Join(out, "annual-report/2023-00010/index.html"))
	figures, _ := os.ReadFile(filepath.Join(out, "annual-report/2023-00010/figures-2022.csv"))
	for _, s := range []string{`id="differences"`, "本站目录统计", `class="counted"`, "differs"} {
		if bytes.Contains(page, []byte(s)) {
			t.Errorf("the public page shows %s", s)
		}
	}
	if bytes.Contains(figures, []byte("目录统计")) {
		t.Error("the public CSV has the catalogue's counts")
	}
	// Opted in: shown beside the figure and in a notice.
	name := filepath.Join(dir, "content/site.yaml")
	site, _ := os.ReadFile(name)
	if err := os.WriteFile(name, append(site, "annual_report: {show_counts: true}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Out: out}); err != nil {
		t.Fatal(err)
	}
	page, _ = os.ReadFile(filepath.Join(out, "annual-report/2023-00010/index.html"))
	for _, s := range []string{
		`id="differences"`, "<li>第二十条第（一）项 / 规章 / 本年制发件数：报告填报 2，本站目录统计：1</li>",
		`class="num differs">2<span class="counted">（本站目录统计：1）</span></td>`,
	} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("page lacks %s", s)
		}
	}
}

// draft2024 is the draft report for 2024 of the site in dir, with the
// site's model.
func draft2024(t *testing.T, dir string) (*pipeline.Model, string) {
	t.Helper()
	m, err := pipeline.LoadModel(context.Background(), pipeline.Options{Source: dir})
	if err != nil {
		t.Fatal(err)
	}
	draft, err := annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: 2024, Taken: m.IndexNos})
	if err != nil {
		t.Fatal(err)
	}
	return m, string(draft)
}

// TestDraftPromptsArt50: the draft's 五 asks for what 条例 Art. 50 asks of
// the agency: a government's also for its 工作考核、社会评议和责任追究结果.
func TestDraftPromptsArt50(t *testing.T) {
	for level, want := range map[string]string{
		"department": "  problems: |  # 五、存在的主要问题及改进情况\n    （待填写：政府信息公开工作存在的主要问题及改进情况）\n",
		"government": "  problems: |  # 五、存在的主要问题及改进情况\n    （待填写：政府信息公开工作存在的主要问题及改进情况，以及工作考核、社会评议和责任追究结果情况）\n",
	} {
		dir := fixture(t)
		edit(t, dir, "content/site.yaml", "level: department", "level: "+level)
		if _, draft := draft2024(t, dir); !strings.Contains(draft, want) {
			t.Errorf("%s: the draft lacks %q", level, want)
		}
	}
}

// TestDraft: the draft for 2024 is a draft record in the 2021 format that
// fills the counts and 上年结转; as printed (with --drafts) it fails the
// balance (the outcomes are still 0); filled in, it passes.
func TestDraft(t *testing.T) {
	dir := fixture(t)
	m, text := draft2024(t, dir)
	for _, s := range []string{
		"draft: true", "index_no: \"11000000MB0000000T/2025-00001\"\n", "year: 2024\n", "format: \"2021\"\n",
		"国务院办公厅政府信息与政务公开办公室",
		"  overview: |  # 一、总体情况\n", "  problems: |  # 五、存在的主要问题及改进情况\n", "  other: |  # 六、其他需要报告的事项\n",
		"    normative:  # 行政规范性文件\n      issued: 0  # 按本站目录统计\n      repealed: 0  # 按本站目录统计\n      in_force: 1  # 按本站目录统计\n",
		"    carried_over:  # 二、上年结转政府信息公开申请数量\n      natural_person: 2  # 取自 2023 年年报的结转下年度继续办理\n",
		"      total: 0  # 待填写：总计\n",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("draft lacks %q", s)
		}
	}
	if strings.Contains(text, "国务院办公厅政府信息公开办公室") {
		t.Error("the draft names the office by its old name")
	}
	name := filepath.Join(dir, "content/reports/annual/2024.yaml")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := check(t, dir, afterDeadline); len(got) > 0 {
		t.Errorf("a draft: true report is checked without --drafts: %q", got)
	}
	got := checkDrafts(t, dir, afterDeadline)
	if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "report-balance") }) {
		t.Errorf("unfilled draft: %q, want the balance of 自然人 and 总计 to fail", got)
	}
	// Fill it in: the two requests carried over are still open at the end of the year.
	// With its balance made to agree but its 待填写 marks left, it is refused.
	balanced := strings.Replace(text, "    carried_forward:  # 四、结转下年度继续办理\n      natural_person: 0  # 待填写：自然人\n",
		"    carried_forward:  # 四、结转下年度继续办理\n      natural_person: 2  # 待填写：自然人\n", 1)
	i := strings.Index(balanced, "    carried_forward:")
	balanced = balanced[:i] + strings.Replace(balanced[i:], "      total: 0  # 待填写：总计", "      total: 2  # 待填写：总计", 1)
	balanced = strings.Replace(balanced, "draft: true  # 填写完毕、核对无误后删除此行\n", "", 1)
	if err := os.WriteFile(name, []byte(balanced), 0o644); err != nil {
		t.Fatal(err)
	}
	got = check(t, dir, afterDeadline)
	if n := len(slices.DeleteFunc(slices.Clone(got), func(s string) bool { return !strings.HasSuffix(s, "report-placeholder") })); n < 100 || n != len(got) {
		t.Errorf("a balanced draft with its marks: %d placeholders of %d diagnostics, want every unfilled figure and part: %q", n, len(got), got)
	}
	res, _ := pipeline.Run(context.Background(), pipeline.Options{Source: dir, Check: true})
	want := "2024.yaml:34:18: error: 第二十条第（五）项 / 行政许可 / 本年处理决定数量 仍标有“待填写”：请填写实际内容并删去该标记 [report-placeholder]"
	if !slices.ContainsFunc(res.Diagnostics, func(d diag.Diagnostic) bool { return strings.HasSuffix(d.String(), want) }) {
		t.Errorf("no diagnostic of %d ends %q", len(res.Diagnostics), want)
	}
	filled := strings.Replace(text, "    carried_forward:  # 四、结转下年度继续办理\n      natural_person: 0  # 待填写：自然人\n",
		"    carried_forward:  # 四、结转下年度继续办理\n      natural_person: 2\n", 1)
	i = strings.Index(filled, "    carried_forward:")
	filled = filled[:i] + strings.Replace(filled[i:], "      total: 0  # 待填写：总计", "      total: 2", 1)
	filled = fillIn(filled)
	if err := os.WriteFile(name, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := check(t, dir, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)); len(got) > 0 {
		t.Errorf("filled draft: %q", got)
	}
	for _, c := range []struct {
		year   int
		format string
	}{{2024, "narrative"}, {2024, "2019"}, {2021, "2019"}} {
		if _, err := annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: c.year, Format: c.format}); err == nil {
			t.Errorf("a %s draft was made for %d", c.format, c.year)
		}
	}
	// 2020 may follow the 2019 trial format, and does by default.
	if d, err := annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: 2020}); err != nil || !strings.Contains(string(d), "format: \"2019\"") {
		t.Errorf("draft for 2020: %v\n%s", err, d)
	}
}

// fillIn turns a draft into a report to publish: no draft: line, and
// every 待填写 marker replaced by what the editor would write.
func fillIn(text string) string {
	text = strings.Replace(text, "draft: true  # 填写完毕、核对无误后删除此行\n", "", 1)
	text = regexp.MustCompile(`（待填写：[^）]*）`).ReplaceAllString(text, "本年度情况如下。")
	return regexp.MustCompile(`  # 待填写：.*`).ReplaceAllString(text, "")
}

func TestCSV(t *testing.T) {
	m, err := pipeline.LoadModel(context.Background(), pipeline.Options{Source: "testdata/site"})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Annual.Year(2023)
	data := r.CSV()
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Error("CSV has no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 1 // the heading
	for _, l := range annualreport.Format2021.Leaves() {
		if !l.Optional {
			n++
		}
	}
	if len(rows) != n {
		t.Errorf("CSV has %d rows, want %d", len(rows), n)
	}
	want := []string{"2023", "三、收到和处理政府信息公开申请情况", "三、本年度办理结果 / （三）不予公开 / 6.属于四类过程性信息", "申请人情况 / 自然人", "1", "requests.refused.process_info.natural_person"}
	if !slices.ContainsFunc(rows, func(row []string) bool { return slices.Equal(row, want) }) {
		t.Errorf("CSV lacks %q", want)
	}
	if m.Annual.Year(2018).CSV() != nil {
		t.Error("a narrative report has a CSV")
	}
}

// mainOf is the <main> element of a page.
func mainOf(page []byte) []byte {
	i, j := bytes.Index(page, []byte("<main")), bytes.LastIndex(page, []byte("</main>"))
	if i < 0 || j < i {
		return page
	}
	return page[i : j+len("</main>\n")]
}

// TestGolden compares the main content of the pages of a 2021-format and a
// 2019-format report, the 年报 list with its charts, and a CSV with
// testdata/golden; run with
// -update to accept a deliberate change.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(context.Background(), pipeline.Options{Source: "testdata/site", Out: out}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"annual-report/2024-00010/index.html", // 2023, 2021 format
		"annual-report/2020-00001/index.html", // 2019, 2019 format
		"annual-report/index.html",
		"annual-report/2024-00010/figures-2023.csv",
	} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("%s not written", name)
			continue
		}
		if strings.HasSuffix(name, ".html") {
			got = mainOf(got) // the page chrome is not this package's
		}
		golden := filepath.Join("testdata/golden", filepath.FromSlash(name))
		if *update {
			_ = os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test ./internal/annualreport -run TestGolden -update after checking the change)", name, golden)
		}
	}
}
