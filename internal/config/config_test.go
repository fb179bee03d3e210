package config

import (
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
)

// parse parses src and gives its diagnostics as lines in English.
func parse(src string) (*Site, []string) { return parseIn(src, "en") }

// parseIn parses src and gives its diagnostics as lines in lang.
func parseIn(src, lang string) (*Site, []string) {
	r := diag.NewReporter(false)
	s := Parse("content/site.yaml", []byte(src), r)
	var out []string
	for _, d := range r.Diagnostics() {
		out = append(out, d.Format(lang))
	}
	return s, out
}

// TestParseRules has one case per rule that site.yaml can break, each with
// the exact diagnostics, and the no-problem case.
func TestParseRules(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		want []string
	}{
		{"valid", "title: 示例\nlanguage: en\nagency:\n  name: 示例市公安局\n  level: government\n", nil},
		{"empty", "", nil},
		{"comments only", "# 站点配置\n", nil},

		{"yaml-syntax", "language: en\ntitle: [示例\nagency: {}\n",
			[]string{"content/site.yaml:2:8: error: YAML syntax error: did not find expected ',' or ']' [yaml-syntax]"}},
		{"yaml-syntax bad indentation", "language: en\nagency:\n  name: a\n code: b\n",
			[]string{"content/site.yaml:4:2: error: YAML syntax error: did not find expected key [yaml-syntax]"}},
		{"yaml-alias", "language: en\nagency: &a {name: x}\n",
			[]string{"content/site.yaml:2:9: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]"}},
		{"duplicate-key", "language: en\ntitle: a\ntitle: b\n",
			[]string{"content/site.yaml:3:1: error: key title repeated; first given on line 2 [duplicate-key]"}},
		{"not-mapping", "- title\n- language\n",
			[]string{"content/site.yaml:1:1: error: a record must be a mapping of key: value [not-mapping]"}},
		{"unknown-key", "language: en\ntitel: 示例\n",
			[]string{"content/site.yaml:2:1: warning: unknown key titel (a typo?) [unknown-key]"}},
		{"enum language", "language: fr\n",
			[]string{"content/site.yaml:1:11: error: language: unknown value \"fr\"; expected one of zh-CN, en [enum]"}},
		{"enum agency level", "language: en\nagency:\n  name: 示例市公安局\n  code: X1\n  level: city\n",
			[]string{"content/site.yaml:5:10: error: agency.level: unknown value \"city\"; expected one of department, government [enum]"}},
		{"config agency email", "language: en\nagency:\n  email: '<script>x</script>[a]@b.cn'\n",
			[]string{"content/site.yaml:3:10: error: site configuration: agency.email \"<script>x</script>[a]@b.cn\" is not an e-mail address (name@host) [config]"}},
		{"config agency email without host", "language: en\nagency:\n  email: gk\n",
			[]string{"content/site.yaml:3:10: error: site configuration: agency.email \"gk\" is not an e-mail address (name@host) [config]"}},
		{"kind", "language: en\nkinds:\n  policy: 政策\n  memo: memos\n",
			[]string{"content/site.yaml:4:3: error: unknown kind \"memo\"; expected one of policy, interpretation, notice, report, annual_report, page [kind]"}},
		{"config base_url", "language: en\nbase_url: gk.example.gov.cn\n",
			[]string{"content/site.yaml:2:11: error: site configuration: base_url must start with http:// or https:// [config]"}},
		{"config index_no_pattern placeholder", "language: en\nindex_no_pattern: \"{code}/{yr}-{seq}\"\n",
			[]string{"content/site.yaml:2:19: error: site configuration: index_no_pattern: unknown placeholder {yr}; use {code}, {year}, {seq} or {seq:N} [config]"}},
		{"config index_no_pattern unclosed", "language: en\nindex_no_pattern: \"{code}/{year\"\n",
			[]string{"content/site.yaml:2:19: error: site configuration: index_no_pattern: unclosed { [config]"}},
		{"config index_no_pattern width", "language: en\nindex_no_pattern: \"{year}-{seq:x}\"\n",
			[]string{"content/site.yaml:2:19: error: site configuration: index_no_pattern: bad width in {seq:x} [config]"}},
		{"config topics", "language: en\ntopics: 公安\n",
			[]string{"content/site.yaml:2:9: error: site configuration: topics: line 2: a tree is a list of names and {name: [children]} [config]"}},
		{"config catalogue item", "language: en\ncatalogue:\n  - [a, b]\n",
			[]string{"content/site.yaml:3:3: error: site configuration: catalogue: line 3: a tree item is a name or {name: [children]} [config]"}},
		{"config type", "language: en\npaginate: many\n",
			[]string{"content/site.yaml:2: error: site configuration: cannot unmarshal !!str `many` into int [config]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, got := parse(c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Parse(%q):\n got %q\nwant %q", c.src, got, c.want)
			}
		})
	}
}

// TestParseLanguage: site.yaml's language is the site's, and changes no
// message: a diagnostic is worded in the language its reader asks for.
func TestParseLanguage(t *testing.T) {
	src := "language: zh-CN\nbase_url: ftp://x\n"
	s, zh := parseIn(src, "zh-CN")
	if s.Language != "zh-CN" || len(zh) != 1 || zh[0] != "content/site.yaml:2:11: error: 站点配置：base_url must start with http:// or https:// [config]" {
		t.Errorf("language %q, Chinese lines %q", s.Language, zh)
	}
	if _, en := parse(src); len(en) != 1 || en[0] != "content/site.yaml:2:11: error: site configuration: base_url must start with http:// or https:// [config]" {
		t.Errorf("English lines %q", en)
	}
}

func TestParseValues(t *testing.T) {
	s, diags := parse(`title: 示例市公安局政府信息公开
language: zh
base_url: https://gk.example.gov.cn
agency:
  name: 示例市公安局
  code: 11430100MB1234567X
  level: department
  phone: "0731-1234567"
index_no_pattern: "{code}-{year}({seq:4})"
kinds: {政策文件: zhengce/, notice: tz, annual_report: nianbao}
topics:
  - 公安:
      - 治安
      - 交通
  - 其他
genres: [通知, 公告]
catalogue:
  - 法定主动公开内容: [机构职能]
  - 其他: []
paginate: 50
markdown: {unsafe_html: true}
`)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %q", diags)
	}
	if s.Title != "示例市公安局政府信息公开" || s.Language != "zh-CN" || s.BaseURL != "https://gk.example.gov.cn/" {
		t.Errorf("title %q, language %q, base_url %q", s.Title, s.Language, s.BaseURL)
	}
	if s.Agency.Name != "示例市公安局" || s.Agency.Code != "11430100MB1234567X" || s.Agency.Phone != "0731-1234567" {
		t.Errorf("agency %+v", s.Agency)
	}
	if s.Folders[Policy] != "zhengce" || s.Folders[Notice] != "tz" || s.Folders[AnnualReport] != "nianbao" || s.Folders[Report] != "reports" {
		t.Errorf("folders %v", s.Folders)
	}
	if !s.HasTopic("公安/交通") || !s.HasTopic("其他") || s.HasTopic("综合政务") {
		t.Errorf("topic tree not replaced: %v", s.Topics)
	}
	if !slices.Equal(s.Genres, []string{"通知", "公告"}) || s.HasGenre("决定") {
		t.Errorf("genres %v", s.Genres)
	}
	if !s.HasCategory("法定主动公开内容/机构职能") || !s.HasCategory("其他") || s.HasCategory("法定主动公开内容/规划信息") {
		t.Errorf("catalogue tree not replaced")
	}
	if s.Paginate != 50 || !s.UnsafeHTML {
		t.Errorf("paginate %d, unsafe %v", s.Paginate, s.UnsafeHTML)
	}
	for v, want := range map[string]bool{
		"11430100MB1234567X-2024(0001)":  true,
		"11430100MB1234567X-2024(00001)": false,
		"11430100MB1234567Y-2024(0001)":  false,
		"11430100MB1234567X-2024x0001)":  false, // ( is literal, not a regexp group
		" 11430100MB1234567X-2024(0001)": false,
	} {
		if got := s.MatchIndexNo(v); got != want {
			t.Errorf("MatchIndexNo(%q) = %v, want %v", v, got, want)
		}
	}
	if got := s.IndexNoExample(2024); got != "11430100MB1234567X-2024(0001)" {
		t.Errorf("IndexNoExample = %q", got)
	}
}

func TestLanguages(t *testing.T) {
	for in, want := range map[string]string{"": "zh-CN", "zh": "zh-CN", "zh-Hans": "zh-CN", "zh-CN": "zh-CN", "en": "en"} {
		s, diags := parse("language: " + in + "\n")
		if s.Language != want || len(diags) > 0 {
			t.Errorf("language %q: %q, %q; want %q", in, s.Language, diags, want)
		}
	}
}

// A broken site.yaml still gives a usable site: the defaults.
func TestParseBrokenKeepsDefaults(t *testing.T) {
	for _, src := range []string{"title: [\n", "- a\n", "paginate: x\ntitle: t\n", "a: &x 1\n"} {
		s, diags := parse(src)
		if len(diags) == 0 {
			t.Errorf("%q: no diagnostics", src)
		}
		if s == nil || s.Paginate != 20 || len(s.Topics) != 22 || !s.MatchIndexNo("X1/2024-00001") {
			t.Errorf("%q: not the defaults: %+v", src, s)
		}
	}
}

func TestDefault(t *testing.T) {
	s := Default()
	if len(s.Topics) != 22 || s.Topics[0].Name != "国务院组织机构" || s.Topics[21].Name != "其他" || len(s.Topics[21].Children) != 0 {
		t.Errorf("default topics: %d first-level", len(s.Topics))
	}
	if len(s.Genres) != 19 || len(s.Categories) != 1 || len(s.Categories[0].Children) != 15 {
		t.Errorf("default genres %d, catalogue %v", len(s.Genres), s.Categories)
	}
	// Default must not share state between calls.
	s.Genres[0] = "changed"
	s.Folders[Policy] = "changed"
	if d := Default(); d.Genres[0] != "决议" || d.Folders[Policy] != "policies" || DefaultGenres[0] != "决议" {
		t.Errorf("Default shares state")
	}
	for v, want := range map[string]bool{
		"11430100MB1234567X/2024-00001": true, "000000000/1999-12345": true,
		"X/2024-0001": false, "X/24-00001": false, "X-2024-00001": false, "/2024-00001": false, "X/2024-00001 ": false,
	} {
		if got := s.MatchIndexNo(v); got != want {
			t.Errorf("default MatchIndexNo(%q) = %v, want %v", v, got, want)
		}
	}
	if got := s.IndexNoExample(2024); got != "000000000/2024-00001" {
		t.Errorf("IndexNoExample = %q", got)
	}
}

func TestKindOf(t *testing.T) {
	s := Default()
	for rel, want := range map[string]Kind{
		"policies/2024/a.md":        Policy,
		"policies/a/index.md":       Policy,
		"interpretations/2024/b.md": Interpretation,
		"notices/n.md":              Notice,
		"reports/r.md":              Report,
		"reports/2024/r.md":         Report,
		"reports/annual/2024.yaml":  AnnualReport, // the longest kind folder wins
		"reports/annual/x/index.md": AnnualReport,
		"reports/annualx/2024.yaml": Report,
		"pages/guide.md":            Page,
		"policiesx/a.md":            "",
		"a.md":                      "",
		"misc/policies/a.md":        "",
	} {
		got, ok := s.KindOf(rel)
		if got != want || ok != (want != "") {
			t.Errorf("KindOf(%q) = %q, %v; want %q", rel, got, ok, want)
		}
	}
	// Kind folders set in site.yaml.
	s, _ = parse("kinds: {report: baogao, annual_report: baogao/nianbao/, policy: baogao/nianbao/zhengce}\n")
	for rel, want := range map[string]Kind{
		"baogao/a.md": Report, "baogao/nianbao/2024.yaml": AnnualReport, "baogao/nianbao/zhengce/a.md": Policy, "reports/a.md": "",
	} {
		if got, _ := s.KindOf(rel); got != want {
			t.Errorf("custom KindOf(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{
		"policy": Policy, "政策文件": Policy, "政策": Policy, " 政策 ": Policy,
		"interpretation": Interpretation, "政策解读": Interpretation, "解读": Interpretation,
		"notice": Notice, "通知公告": Notice, "report": Report, "报告": Report,
		"annual_report": AnnualReport, "政府信息公开工作年度报告": AnnualReport, "年报": AnnualReport,
		"page": Page, "页面": Page, "Policy": "", "memo": "", "": "",
	} {
		got, ok := BuiltinKinds().Parse(in)
		if got != want || ok != (want != "") {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if l := BuiltinKinds().List(); l != "policy, interpretation, notice, report, annual_report, page" {
		t.Errorf("List = %q", l)
	}
}

func TestTrees(t *testing.T) {
	s := Default()
	for p, want := range map[string]bool{
		"公安、安全、司法":       true,
		"公安、安全、司法/公安":    true,
		"公安、安全、司法 / 公安":  true,
		"公安、安全、司法/公安/治安": false,
		"公安":             false,
		"公安、安全、司法/交通":    false,
		"":               false,
		"其他":             true,
		"财政、金融、审计/货币（含外汇）":    true,
		"城乡建设、环境保护/城乡建设（含住房）": true,
	} {
		if got := s.HasTopic(p); got != want {
			t.Errorf("HasTopic(%q) = %v, want %v", p, got, want)
		}
	}
	for p, want := range map[string]bool{
		"法定主动公开内容":               true,
		"法定主动公开内容/法规、规章和规范性文件":   true,
		"法定主动公开内容/其他法定主动公开信息":    true,
		"法规、规章和规范性文件":            false,
		"法定主动公开内容/法规、规章和规范性文件/x": false,
	} {
		if got := s.HasCategory(p); got != want {
			t.Errorf("HasCategory(%q) = %v, want %v", p, got, want)
		}
	}
	for g, want := range map[string]bool{"通知": true, "行政规范性文件": true, "公告": true, "通 知": false, "memo": false} {
		if got := s.HasGenre(g); got != want {
			t.Errorf("HasGenre(%q) = %v, want %v", g, got, want)
		}
	}
}

func TestFormatIndexNo(t *testing.T) {
	for _, c := range []struct {
		pattern, code string
		year, seq     int
		want          string
	}{
		{"{code}/{year}-{seq:5}", "X1", 2024, 7, "X1/2024-00007"},
		{"{code}/{year}-{seq:5}", "", 2024, 7, "000000000/2024-00007"},
		{"{year}-{seq}", "X1", 2024, 123456, "2024-123456"},
		{"{seq:2}", "", 2024, 123, "123"},
	} {
		if got := FormatIndexNo(c.pattern, c.code, c.year, c.seq); got != c.want {
			t.Errorf("FormatIndexNo(%q, %q, %d, %d) = %q, want %q", c.pattern, c.code, c.year, c.seq, got, c.want)
		}
	}
}

// TestKindDefaults: site.yaml's defaults per kind override the built-in
// ones field by field, and must name items the site has.
func TestKindDefaults(t *testing.T) {
	s, diags := parseIn("defaults:\n  notice: {genre: 通告}\n  memo: {genre: 函}\n  report: {catalogue: 法定主动公开内容/无此项, topic: 无此主题}\nannual_report: {show_counts: true}\n", "zh-CN")
	want := []string{
		`content/site.yaml:3:3: error: 未知的记录类型 "memo"，可选：policy, interpretation, notice, report, annual_report, page [kind]`,
		`content/site.yaml:4:23: error: 目录分类 "法定主动公开内容/无此项" 不在目录分类表中 [catalogue]`,
		`content/site.yaml:4:44: error: 主题分类 "无此主题" 不在主题分类表中 [topic]`,
	}
	if !slices.Equal(diags, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", diags, want)
	}
	if got := s.Defaults[Notice]; got != (Defaults{Category: "法定主动公开内容/其他法定主动公开信息", Genre: "通告"}) {
		t.Errorf("notice defaults %+v", got)
	}
	if !s.ShowCounts || Default().ShowCounts {
		t.Error("annual_report.show_counts not read, or on by default")
	}
	if got := Default().Defaults[Policy].Category; got != "法定主动公开内容/法规、规章和规范性文件" {
		t.Errorf("built-in policy catalogue %q", got)
	}
}
