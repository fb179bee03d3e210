package diag

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// allRules lists every Rule constant declared in rules.go, read from the
// source so that a rule added without a message is caught.
func allRules(t *testing.T) []Rule {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "rules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []Rule
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Rule" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					t.Fatalf("rule value %T is not a literal", v)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, Rule(s))
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("found only %d rules in rules.go", len(out))
	}
	return out
}

func TestEveryRuleHasMessages(t *testing.T) {
	seen := map[Rule]bool{}
	for _, r := range allRules(t) {
		if seen[r] {
			t.Errorf("rule name %q used twice", r)
		}
		seen[r] = true
		info, ok := rules[r]
		if !ok {
			t.Errorf("rule %q has no entry in the message table", r)
			continue
		}
		if info.zh == "" || info.en == "" {
			t.Errorf("rule %q lacks a zh or en message", r)
		}
		// Both languages must take the same arguments.
		if nz, ne := verbs(info.zh), verbs(info.en); nz != ne {
			t.Errorf("rule %q: zh message takes %d arguments, en takes %d", r, nz, ne)
		}
		if strings.ContainsAny(string(r), " _ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("rule name %q is not lower-case-with-dashes", r)
		}
	}
	for r := range rules {
		if !seen[r] {
			t.Errorf("message table has rule %q, which rules.go does not declare", r)
		}
	}
}

// verbs counts the arguments a format consumes.
func verbs(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		if i+2 < len(format) && format[i] == '[' {
			// explicit index %[2]d: count the highest index.
			if k, err := strconv.Atoi(format[i+1 : i+2]); err == nil && k > n {
				n = k
			}
			continue
		}
		n++
	}
	return n
}

func TestSeverities(t *testing.T) {
	warnings := map[Rule]bool{
		RuleUnknownKey: true, RuleDocNoBrackets: true, RuleLatePublication: true,
		RuleLateInterpretation: true, RuleInterpretsKind: true, RuleValidityConflict: true, RuleBaseURL: true, RuleIdentity: true,
		RuleFullWidthDigits: true, RuleFullWidthSpace: true,
		RuleAnnualNarrativeTables: true, RuleAnnualCount: true, RuleAnnualMissing: true, RuleAnnualAccountability: true, RuleElement: true, RuleUnlisted: true,
	}
	for _, r := range allRules(t) {
		want := Error
		if warnings[r] {
			want = Warning
		}
		if got := r.Severity(); got != want {
			t.Errorf("%s: severity %v, want %v", r, got, want)
		}
	}
}

func TestMessages(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		lang string
		args []any
		want string
	}{
		{RuleDuplicateKey, "en", []any{"title", 3}, "key title repeated; first given on line 3"},
		{RuleDuplicateKey, "zh-CN", []any{"title", 3}, "字段 title 重复，第一次出现在第 3 行"},
		{RuleNotUTF8, "en", []any{"GBK/GB18030"}, "file is not UTF-8 (it looks like GBK/GB18030); save it as UTF-8"},
		{RuleNotUTF8, "zh-CN", []any{"GBK/GB18030"}, "文件不是 UTF-8 编码（看来是 GBK/GB18030），请另存为 UTF-8"},
		{RuleDocNoBrackets, "en", []any{"示政发[2024]1号", "示政发〔2024〕1号"}, `doc_no "示政发[2024]1号" should put the year in 〔〕; read as "示政发〔2024〕1号"`},
		// The English message of late-interpretation reorders its arguments.
		{RuleLateInterpretation, "en", []any{"X/2024-00001", 5}, "interpretation published 5 working days after its policy X/2024-00001 (due with it or within 3)"},
		{RuleLateInterpretation, "zh-CN", []any{"X/2024-00001", 5}, "解读发布日期比政策 X/2024-00001 晚 5 个工作日（应同步或 3 个工作日内）"},
		// Any language but "en" is Chinese.
		{RuleRequired, "", []any{"title"}, "缺少必填字段 title"},
		{RuleRequired, "en", []any{"title"}, "missing required field title"},
		{Rule("no-such-rule"), "en", []any{"a", 1}, "no-such-rule: a1"},
	} {
		if got := c.rule.Message(c.lang, c.args...); got != c.want {
			t.Errorf("%s.Message(%q, %v) = %q, want %q", c.rule, c.lang, c.args, got, c.want)
		}
	}
}

func TestPosString(t *testing.T) {
	for _, c := range []struct {
		pos  Pos
		want string
	}{
		{Pos{"content/a.md", 3, 7}, "content/a.md:3:7"},
		{Pos{"content/a.md", 3, 0}, "content/a.md:3"},
		{Pos{"content/a.md", 0, 0}, "content/a.md"},
		{Pos{"content/a.md", 0, 5}, "content/a.md"},
	} {
		if got := c.pos.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.pos, got, c.want)
		}
	}
}

func TestReporterSortsAndCounts(t *testing.T) {
	r := NewReporter(false)
	r.Report(Pos{"content/b.md", 1, 1}, RuleRequired, "title")
	r.Report(Pos{"content/a.md", 10, 2}, RuleUnknownKey, "x")
	r.Report(Pos{"content/a.md", 2, 9}, RuleUnknownKey, "y")
	r.Report(Pos{"content/a.md", 2, 3}, RuleType, "draft", "true or false")
	r.Report(Pos{"content/a.md", 2, 3}, RuleDateFormat, "published", "x")
	var buf bytes.Buffer
	if err := WriteText(&buf, r.Diagnostics(), "en"); err != nil {
		t.Fatal(err)
	}
	want := `content/a.md:2:3: error: published: "x" is not a date of the form YYYY-MM-DD [date-format]
content/a.md:2:3: error: draft must be true or false [type]
content/a.md:2:9: warning: unknown key y (a typo?) [unknown-key]
content/a.md:10:2: warning: unknown key x (a typo?) [unknown-key]
content/b.md:1:1: error: missing required field title [required]
`
	if got := buf.String(); got != want {
		t.Errorf("WriteText:\n%s\nwant:\n%s", got, want)
	}
	if n := r.Errors(); n != 3 {
		t.Errorf("Errors() = %d, want 3", n)
	}
}

// TestReporterStrictAndLanguage: a strict reporter makes warnings errors,
// and a diagnostic is worded in the language asked for when it is read.
func TestReporterStrictAndLanguage(t *testing.T) {
	r := NewReporter(true)
	r.Report(Pos{"a.md", 1, 1}, RuleUnknownKey, "x")
	r.Report(Pos{"a.md", 2, 1}, RuleUnknownKey, "y")
	ds := r.Diagnostics()
	if len(ds) != 2 {
		t.Fatalf("got %d diagnostics", len(ds))
	}
	for _, d := range ds {
		if d.Severity != Error {
			t.Errorf("strict: %v has severity %v, want error", d, d.Severity)
		}
	}
	if m := ds[0].Message("zh-CN"); m != "未知字段 x（拼写错误？）" {
		t.Errorf("Message(zh-CN) = %q", m)
	}
	if m := ds[0].Message("en"); m != "unknown key x (a typo?)" {
		t.Errorf("Message(en) = %q", m)
	}
	if l := ds[1].Format("en"); l != "a.md:2:1: error: unknown key y (a typo?) [unknown-key]" {
		t.Errorf("Format(en) = %q", l)
	}
	if r.Errors() != 2 {
		t.Errorf("strict Errors() = %d, want 2", r.Errors())
	}
}

func TestReporterConcurrent(t *testing.T) {
	r := NewReporter(false)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				r.Report(Pos{"a.md", i*100 + j + 1, 1}, RuleRequired, "title")
			}
		}()
	}
	wg.Wait()
	ds := r.Diagnostics()
	if len(ds) != 800 || r.Errors() != 800 {
		t.Fatalf("got %d diagnostics, %d errors; want 800", len(ds), r.Errors())
	}
	for i, d := range ds {
		if d.Line != i+1 {
			t.Fatalf("diagnostic %d is on line %d: not sorted", i, d.Line)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	ds := []Diagnostic{{Pos: Pos{"content/政策.md", 4, 2}, Severity: Warning, Rule: RuleDocNoBrackets, Args: []any{"<a>", "〔〕&"}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, ds, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `\u003c`) {
		t.Errorf("WriteJSON escapes HTML: %s", buf.String())
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"path": "content/政策.md", "line": 4.0, "column": 2.0, "severity": "warning", "rule": "doc-no-brackets", "message": `文号 "<a>" 的年份应使用六角括号〔〕，已按 "〔〕&" 处理`}
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("WriteJSON = %s", buf.String())
	}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
	buf.Reset()
	if err := WriteJSON(&buf, nil, "en"); err != nil || strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("WriteJSON(nil) = %q, %v; want []", buf.String(), err)
	}
}

// TestEveryRuleIsTested checks that the tests of the packages that report
// each rule name it: by its bracketed name in an expected diagnostic, or by
// its constant. Template, base-url and record-link are render's and build's.
func TestEveryRuleIsTested(t *testing.T) {
	names := map[Rule]string{}
	f, err := parser.ParseFile(token.NewFileSet(), "rules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == 1 {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				s, _ := strconv.Unquote(lit.Value)
				names[Rule(s)] = vs.Names[0].Name
			}
		}
		return true
	})
	var tests strings.Builder
	for _, pkg := range []string{"yamlnode", "config", "load", "frontmatter", "record", "catalogue", "markdown", "annualreport"} {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*_test.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no tests in %s: %v", pkg, err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			tests.Write(data)
		}
	}
	all := tests.String()
	for _, r := range allRules(t) {
		switch r {
		case RuleTemplate, RuleBaseURL, RuleLink:
			continue
		}
		if !strings.Contains(all, "["+string(r)+"]") && !strings.Contains(all, "diag."+names[r]) {
			t.Errorf("rule %s (%s) is named by no test of the packages that report it", r, names[r])
		}
	}
}

// TestArgsTravelByGob: a diagnostic's arguments, whatever their types, are
// kept as values encoding/gob carries (incremental builds keep diagnostics
// on disk), and are worded the same after the journey.
func TestArgsTravelByGob(t *testing.T) {
	type name string
	r := NewReporter(false)
	r.Report(Pos{"a.md", 1, 1}, RuleType, name("draft"), Text{Zh: "true 或 false", En: "true or false"})
	r.Report(Pos{"a.md", 2, 1}, RuleLatePublication, int32(25))
	r.Report(Pos{"a.md", 3, 1}, RuleConfig, errors.New("bad <x>"))
	ds := r.Diagnostics()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(ds); err != nil {
		t.Fatal(err)
	}
	var back []Diagnostic
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	for i := range ds {
		for _, lang := range []string{"zh-CN", "en"} {
			if got, want := back[i].Format(lang), ds[i].Format(lang); got != want || strings.Contains(got, "%!") {
				t.Errorf("after gob, in %s: %q; before: %q", lang, got, want)
			}
		}
	}
}
