package catalogue

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/record"
)

// testSite is the default site with agency code X1, in English.
func testSite() *config.Site {
	s := config.Default()
	s.Language = "en"
	s.Agency.Code = "X1"
	return s
}

// rec is a record source:
//
//	1 ---
//	2 index_no: X1/<index>
//	3 title: <title>
//	4 published: <published>
//	5 extra...
func rec(index, published string, extra ...string) string {
	s := "---\nindex_no: X1/" + index + "\ntitle: 记录" + index + "\npublished: " + published + "\n"
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\n正文" + index + "\n"
}

// page is a page source with no index number.
func page(extra ...string) string {
	s := "---\ntitle: 页面\npublished: 2024-01-01\n"
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\n"
}

// build decodes files (content-relative path → source) and builds the
// catalogue. Decoding must give no problems: these tests are about Build.
func build(t *testing.T, files map[string]string, opts Options) (*Catalogue, []string) {
	t.Helper()
	site := testSite()
	var recs []*record.Record
	for rel, src := range files {
		r := diag.NewReporter(false)
		rc := record.Decode(&load.File{Rel: rel, Path: "content/" + rel, Data: []byte(src)}, site, nil, r)
		if ds := r.Diagnostics(); len(ds) > 0 || rc == nil {
			t.Fatalf("decoding %s: %v", rel, ds)
		}
		recs = append(recs, rc)
	}
	r := diag.NewReporter(false)
	c := Build(site, recs, opts, r)
	var out []string
	for _, d := range r.Diagnostics() {
		out = append(out, d.Format("en"))
	}
	return c, out
}

// TestBuildRules has cases for every rule across records, with the exact
// diagnostics, and the no-problem cases.
func TestBuildRules(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"valid", map[string]string{
			"policies/2024/a.md":        rec("2024-00001", "2024-03-05", "validity: 有效"),
			"policies/2024/b.md":        rec("2024-00002", "2024-03-06", "repeals: X1/2020-00001", "amends: [X1/2023-00001]"),
			"policies/2020/old.md":      rec("2020-00001", "2020-01-06", "validity: 废止"),
			"policies/2023/c.md":        rec("2023-00001", "2023-01-06"),
			"interpretations/2024/j.md": rec("2024-00003", "2024-03-08", "interprets: [X1/2024-00001]"),
			"notices/n.md":              rec("2024-00004", "2024-03-08", "slug: 公告", "aliases: [/old/n.html, /tz/n/]"),
			"pages/guide.md":            page(),
			"pages/about.md":            page("slug: guanyu"),
		}, nil},

		{"duplicate-index-no", map[string]string{
			"policies/2024/a.md": rec("2024-00001", "2024-03-05"),
			"notices/b.md":       rec("2024-00001", "2024-03-06"),
		}, []string{"content/policies/2024/a.md:2:11: error: index_no \"X1/2024-00001\" is already used by content/notices/b.md:2:11 [duplicate-index-no]"}},
		{"duplicate-index-no three times", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05"),
			"policies/b.md": rec("2024-00001", "2024-03-05"),
			"policies/c.md": "---\ntitle: c\npublished: 2024-03-05\nindex_no: X1/2024-00001\n---\n",
		}, []string{
			"content/policies/b.md:2:11: error: index_no \"X1/2024-00001\" is already used by content/policies/a.md:2:11 [duplicate-index-no]",
			"content/policies/c.md:4:11: error: index_no \"X1/2024-00001\" is already used by content/policies/a.md:2:11 [duplicate-index-no]",
		}},
		{"duplicate-index-no with a draft", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "draft: true"),
			"policies/b.md": rec("2024-00001", "2024-03-05"),
		}, []string{"content/policies/b.md:2:11: error: index_no \"X1/2024-00001\" is already used by content/policies/a.md:2:11 [duplicate-index-no]"}},
		{"reference interprets", map[string]string{
			"policies/a.md":        rec("2024-00001", "2024-03-05"),
			"interpretations/j.md": rec("2024-00002", "2024-03-05", "interprets: [X1/2024-00001, X1/2024-00099]"),
		}, []string{"content/interpretations/j.md:5:29: error: interprets names index_no \"X1/2024-00099\", which no record in this site has [reference]"}},
		{"reference repeals", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "repeals:", "  - X1/2020-00001"),
		}, []string{"content/policies/a.md:6:5: error: repeals names index_no \"X1/2020-00001\", which no record in this site has [reference]"}},
		{"reference amends", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "修改: X1/2020-00001"),
		}, []string{"content/policies/a.md:5:5: error: amends names index_no \"X1/2020-00001\", which no record in this site has [reference]"}},
		{"reference to a draft", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "draft: true"),
			"policies/b.md": rec("2024-00002", "2024-03-05", "amends: X1/2024-00001"),
		}, []string{"content/policies/b.md:5:9: error: amends names index_no \"X1/2024-00001\", which no record in this site has [reference]"}},
		{"self-reference", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "repeals: X1/2024-00001"),
		}, []string{"content/policies/a.md:5:10: error: repeals cannot name the record itself [self-reference]"}},
		{"self-reference interprets", map[string]string{
			"interpretations/j.md": rec("2024-00002", "2024-03-05", "interprets: [X1/2024-00002]"),
		}, []string{"content/interpretations/j.md:5:14: error: interprets cannot name the record itself [self-reference]"}},
		{"repeal-cycle", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "repeals: X1/2024-00002"),
			"policies/b.md": rec("2024-00002", "2024-03-05", "repeals: X1/2024-00001"),
		}, []string{"content/policies/a.md:5:10: error: repeals form a cycle: X1/2024-00001 → X1/2024-00002 → X1/2024-00001 [repeal-cycle]"}},
		{"repeal-cycle of three", map[string]string{
			"policies/c.md": rec("2024-00003", "2024-03-05", "repeals: X1/2024-00001"),
			"policies/b.md": rec("2024-00002", "2024-03-05", "repeals: X1/2024-00003"),
			"policies/a.md": rec("2024-00001", "2024-03-05", "repeals: X1/2024-00002"),
			"policies/d.md": rec("2024-00004", "2024-03-05", "repeals: X1/2024-00001"),
		}, []string{"content/policies/a.md:5:10: error: repeals form a cycle: X1/2024-00001 → X1/2024-00002 → X1/2024-00003 → X1/2024-00001 [repeal-cycle]"}},
		{"url-collision slug", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "slug: fangwu"),
			"policies/b.md": rec("2024-00002", "2024-03-05", "slug: fangwu"),
		}, []string{"content/policies/b.md:5:7: error: URL /policy/fangwu/ is also the URL of content/policies/a.md:5:7 [url-collision]"}},
		{"url-collision slug and index number", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05"),
			"policies/b.md": rec("2024-00002", "2024-03-05", "slug: 2024-00001"),
		}, []string{"content/policies/b.md:5:7: error: URL /policy/2024-00001/ is also the URL of content/policies/a.md:2:11 [url-collision]"}},
		{"url-collision reserved page slug", map[string]string{
			"pages/a.md": page("slug: policy"),
		}, []string{"content/pages/a.md:4:7: error: URL /policy/ is also the URL of gongkai's own /policy/ [url-collision]"}},
		{"url-collision reserved page name", map[string]string{
			"pages/search.md": page(),
		}, []string{"content/pages/search.md:1:1: error: URL /search/ is also the URL of gongkai's own /search/ [url-collision]"}},
		{"url-collision two pages", map[string]string{
			"pages/guide.md":       page(),
			"pages/guide/index.md": page(),
		}, []string{"content/pages/guide/index.md:1:1: error: URL /guide/ is also the URL of content/pages/guide.md:1:1 [url-collision]"}},
		{"url-collision alias and URL", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05"),
			"notices/b.md":  rec("2024-00002", "2024-03-05", "aliases: [/policy/2024-00001]"),
		}, []string{"content/notices/b.md:5:11: error: URL /policy/2024-00001 is also the URL of content/policies/a.md:2:11 [url-collision]"}},
		{"url-collision third alias", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05"),
			"notices/b.md":  rec("2024-00002", "2024-03-05", "aliases:", "  - /old/b.html", "  - /old/c/", "  - /policy/2024-00001/"),
		}, []string{"content/notices/b.md:8:5: error: URL /policy/2024-00001/ is also the URL of content/policies/a.md:2:11 [url-collision]"}},
		{"url-collision alias reserved", map[string]string{
			"notices/b.md": rec("2024-00002", "2024-03-05", "aliases: [/topics/]"),
		}, []string{"content/notices/b.md:5:11: error: URL /topics/ is also the URL of gongkai's own /topics/ [url-collision]"}},
		{"url-collision two aliases", map[string]string{
			"notices/a.md": rec("2024-00001", "2024-03-05", "aliases: [/old/x.html]"),
			"notices/b.md": rec("2024-00002", "2024-03-05", "aliases: [/old/x.html]"),
		}, []string{"content/notices/b.md:5:11: error: URL /old/x.html is also the URL of content/notices/a.md:5:11 [url-collision]"}},
		{"url-collision alias naming a page's file", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05"),
			"notices/b.md":  rec("2024-00002", "2024-03-05", "aliases: [/policy/2024-00001/index.html]"),
		}, []string{"content/notices/b.md:5:11: error: URL /policy/2024-00001/index.html is also the URL of content/policies/a.md:2:11 [url-collision]"}},
		{"url-collision alias a folder of another alias's file", map[string]string{
			"notices/a.md": rec("2024-00001", "2024-03-05", "aliases: [/old/x.html]"),
			"notices/b.md": rec("2024-00002", "2024-03-05", "aliases: [/old/x.html/y/]"),
		}, []string{"content/notices/b.md:5:11: error: URL /old/x.html/y/ is also the URL of content/notices/a.md:5:11 [url-collision]"}},
		{"url-collision alias a file where another alias needs a folder", map[string]string{
			"notices/a.md": rec("2024-00001", "2024-03-05", "aliases: [/old/x/y.html]"),
			"notices/b.md": rec("2024-00002", "2024-03-05", "aliases: [/old/x]"),
		}, []string{}},
		{"late-interpretation", map[string]string{
			"policies/a.md":        rec("2024-00001", "2024-03-05"),                                // Tuesday
			"interpretations/j.md": rec("2024-00002", "2024-03-11", "interprets: [X1/2024-00001]"), // Monday after
		}, []string{"content/interpretations/j.md:5:14: warning: interpretation published 4 working days after its policy X1/2024-00001 (due with it or within 3) [late-interpretation]"}},
		{"valid interpretation 3 working days later", map[string]string{
			"policies/a.md":        rec("2024-00001", "2024-03-05"),
			"interpretations/j.md": rec("2024-00002", "2024-03-08", "interprets: [X1/2024-00001]"),
		}, nil},
		{"valid interpretation before its policy", map[string]string{
			"policies/a.md":        rec("2024-00001", "2024-03-05"),
			"interpretations/j.md": rec("2024-00002", "2024-03-01", "interprets: [X1/2024-00001]"),
		}, nil},
		{"interprets-kind", map[string]string{
			"notices/n.md":         rec("2024-00001", "2024-03-05"),
			"interpretations/j.md": rec("2024-00002", "2024-03-20", "interprets: [X1/2024-00001]"),
		}, []string{"content/interpretations/j.md:5:14: warning: interprets X1/2024-00001, which is not a policy [interprets-kind]"}},
		{"validity-conflict", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "有效性: 有效"),
			"policies/b.md": rec("2024-00002", "2024-03-06", "repeals: [X1/2024-00001]"),
		}, []string{"content/policies/a.md:5:6: warning: this record is repealed by X1/2024-00002 but its validity says in_force [validity-conflict]"}},
		{"validity-conflict amended", map[string]string{
			"policies/a.md": rec("2024-00001", "2024-03-05", "validity: amended"),
			"policies/b.md": rec("2024-00002", "2024-03-06", "repeals: [X1/2024-00001]"),
		}, []string{"content/policies/a.md:5:11: warning: this record is repealed by X1/2024-00002 but its validity says amended [validity-conflict]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, got := build(t, c.files, Options{})
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got %s\nwant %s", quoteAll(got), quoteAll(c.want))
			}
		})
	}
}

func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "(none)"
	}
	return "\n\t" + strings.Join(ss, "\n\t")
}

func indexes(es []*Entry) string {
	var out []string
	for _, e := range es {
		if e.IndexNo == "" {
			out = append(out, e.URL) // a page
			continue
		}
		out = append(out, strings.TrimPrefix(e.IndexNo, "X1/"))
	}
	return strings.Join(out, " ")
}

func TestRelations(t *testing.T) {
	c, diags := build(t, map[string]string{
		"policies/a.md":         rec("2020-00001", "2020-03-05"),
		"policies/b.md":         rec("2022-00001", "2024-03-04", "amends: X1/2020-00001"),
		"policies/c.md":         rec("2024-00001", "2024-03-05", "repeals: [X1/2020-00001, X1/2022-00001]"),
		"interpretations/j.md":  rec("2024-00002", "2024-03-05", "interprets: [X1/2024-00001, X1/2022-00001]"),
		"interpretations/j2.md": rec("2024-00003", "2024-03-06", "interprets: X1/2024-00001"),
	}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	e := func(i string) *Entry { return c.ByIndex["X1/"+i] }
	for _, r := range []struct {
		what string
		got  []*Entry
		want string
	}{
		{"c.Repeals", e("2024-00001").Repeals, "2020-00001 2022-00001"},
		{"a.RepealedBy", e("2020-00001").RepealedBy, "2024-00001"},
		{"b.RepealedBy", e("2022-00001").RepealedBy, "2024-00001"},
		{"b.Amends", e("2022-00001").Amends, "2020-00001"},
		{"a.AmendedBy", e("2020-00001").AmendedBy, "2022-00001"},
		{"j.Interprets", e("2024-00002").Interprets, "2024-00001 2022-00001"},
		{"c.InterpretedBy", e("2024-00001").InterpretedBy, "2024-00002 2024-00003"},
		{"b.InterpretedBy", e("2022-00001").InterpretedBy, "2024-00002"},
		{"c.RepealedBy", e("2024-00001").RepealedBy, ""},
		{"j.InterpretedBy", e("2024-00002").InterpretedBy, ""},
	} {
		if got := indexes(r.got); got != r.want {
			t.Errorf("%s = %q, want %q", r.what, got, r.want)
		}
	}
	// Repealed by another record: repealed, whatever the record says.
	for i, want := range map[string]record.Validity{
		"2020-00001": record.Repealed, "2022-00001": record.Repealed, "2024-00001": record.InForce,
	} {
		if got := e(i).State; got != want {
			t.Errorf("%s: State %q, want %q", i, got, want)
		}
	}
	if e("2020-00001").Validity != record.InForce {
		t.Errorf("the record's own Validity changed to %q", e("2020-00001").Validity)
	}
}

func TestStateFollowsValidity(t *testing.T) {
	c, _ := build(t, map[string]string{
		"policies/a.md": rec("2020-00001", "2020-03-05", "validity: 失效"),
		"policies/b.md": rec("2020-00002", "2020-03-05", "validity: 已修改"),
		"policies/c.md": rec("2020-00003", "2020-03-05", "validity: repealed"),
		"policies/d.md": rec("2020-00004", "2020-03-05"),
	}, Options{})
	for i, want := range map[string]record.Validity{"2020-00001": record.Expired, "2020-00002": record.Amended, "2020-00003": record.Repealed, "2020-00004": record.InForce} {
		if got := c.ByIndex["X1/"+i].State; got != want {
			t.Errorf("%s: State %q, want %q", i, got, want)
		}
	}
	var terms []string
	for _, term := range c.Validity.Terms {
		terms = append(terms, fmt.Sprintf("%s=%d@%s", term.Name, len(term.Entries), term.URL))
	}
	if want := "in_force=1@/validity/in-force/ amended=1@/validity/amended/ expired=1@/validity/expired/ repealed=1@/validity/repealed/"; strings.Join(terms, " ") != want {
		t.Errorf("validity terms %q, want %q", terms, want)
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"policies/a.md": rec("2024-00001", "2024-03-05"),
		"policies/d.md": rec("2024-00002", "2024-03-06", "draft: true", "repeals: X1/2024-00001", "aliases: [/d/]"),
		"pages/p.md":    page("草稿: 是"),
	}
	c, diags := build(t, files, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	if indexes(c.Records) != "2024-00001" || len(c.Pages) != 0 || c.ByIndex["X1/2024-00002"] != nil || c.Aliases["/d/"] != nil {
		t.Errorf("drafts kept: records %q, %d pages", indexes(c.Records), len(c.Pages))
	}
	if st := c.ByIndex["X1/2024-00001"].State; st != record.InForce {
		t.Errorf("repealed by a draft left out: State %q", st)
	}
	c, diags = build(t, files, Options{Drafts: true})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	if indexes(c.Records) != "2024-00002 2024-00001" || len(c.Pages) != 1 || c.Aliases["/d/"] == nil {
		t.Errorf("with Drafts: records %q, %d pages", indexes(c.Records), len(c.Pages))
	}
	if st := c.ByIndex["X1/2024-00001"].State; st != record.Repealed {
		t.Errorf("with Drafts: State %q, want repealed", st)
	}
}

func TestTaxonomies(t *testing.T) {
	c, diags := build(t, map[string]string{
		"policies/a.md": rec("2024-00001", "2024-03-05", "topic: 公安、安全、司法/公安", "genre: 通知", "issuer: [示例市公安局, 示例市司法局]",
			"catalogue: [法定主动公开内容/行政处罚和行政强制, 法定主动公开内容/法规、规章和规范性文件]"),
		"policies/b.md": rec("2023-00001", "2023-03-05", "topic: 公安、安全、司法", "genre: 决定", "issuer: 示例市公安局"),
		"policies/c.md": rec("2023-00002", "2023-05-05", "topic: 公安、安全、司法/司法", "genre: 通知"),
		"notices/d.md":  rec("2022-00001", "2022-05-05", "topic: 综合政务/政务公开", "genre: 行政规范性文件", "catalogue: 法定主动公开内容/行政处罚和行政强制"),
		"pages/p.md":    page("topic: 其他"),
		"pages/q.md":    page("slug: about", "catalogue: 法定主动公开内容/机关职能与机构设置"),
	}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	describe := func(tax *Taxonomy) string {
		var out []string
		for _, term := range tax.All() {
			out = append(out, fmt.Sprintf("%s %s [%s]", term.Path, term.URL, indexes(term.Entries)))
		}
		return strings.Join(out, "\n")
	}
	for _, x := range []struct {
		tax  *Taxonomy
		want string
	}{
		// Trees keep the tree's order; a record counts for its node and
		// every ancestor, once; pages count for nothing, but a page placed in
		// the catalogue tree is listed there, in date order, as records are.
		{c.Topics, `综合政务 /topics/综合政务/ [2022-00001]
综合政务/政务公开 /topics/综合政务/政务公开/ [2022-00001]
公安、安全、司法 /topics/公安、安全、司法/ [2024-00001 2023-00002 2023-00001]
公安、安全、司法/公安 /topics/公安、安全、司法/公安/ [2024-00001]
公安、安全、司法/司法 /topics/公安、安全、司法/司法/ [2023-00002]`},
		{c.Categories, `法定主动公开内容 /catalogue/法定主动公开内容/ [2024-00001 /about/ 2022-00001]
法定主动公开内容/法规、规章和规范性文件 /catalogue/法定主动公开内容/法规、规章和规范性文件/ [2024-00001]
法定主动公开内容/机关职能与机构设置 /catalogue/法定主动公开内容/机关职能与机构设置/ [/about/]
法定主动公开内容/行政处罚和行政强制 /catalogue/法定主动公开内容/行政处罚和行政强制/ [2024-00001 2022-00001]`},
		// Flat taxonomies follow the site's order.
		{c.Genres, `决定 /genres/决定/ [2023-00001]
通知 /genres/通知/ [2024-00001 2023-00002]
行政规范性文件 /genres/行政规范性文件/ [2022-00001]`},
		{c.Issuers, `示例市公安局 /issuers/示例市公安局/ [2024-00001 2023-00001]
示例市司法局 /issuers/示例市司法局/ [2024-00001]`},
		{c.YearTax, `2024 /years/2024/ [2024-00001]
2023 /years/2023/ [2023-00002 2023-00001]
2022 /years/2022/ [2022-00001]`},
	} {
		if got := describe(x.tax); got != x.want {
			t.Errorf("%s:\n%s\nwant:\n%s", x.tax.Key, got, x.want)
		}
	}
	if len(c.Topics.Terms) != 2 || len(c.Topics.Terms[1].Children) != 2 {
		t.Errorf("topic tree shape: %d terms", len(c.Topics.Terms))
	}
	if !slices.Equal(c.Years, []int{2024, 2023, 2022}) {
		t.Errorf("Years = %v", c.Years)
	}
}

// A record's URL comes from its kind and index number (or slug), never
// from its file: moving or renaming the file keeps the URL.
func TestURLsDoNotDependOnPath(t *testing.T) {
	src := rec("2024-00001", "2024-03-05", "aliases: [/old/a.html]")
	slugged := rec("2024-00002", "2024-03-05", "slug: 房屋租赁")
	var urls []string
	for _, paths := range [][2]string{
		{"policies/2024/a.md", "policies/2024/b.md"},
		{"policies/old/x/index.md", "policies/2019/renamed.md"},
		{"policies/z.md", "policies/a/b/c/d.md"},
	} {
		c, diags := build(t, map[string]string{paths[0]: src, paths[1]: slugged}, Options{})
		if len(diags) > 0 {
			t.Fatalf("diagnostics: %s", quoteAll(diags))
		}
		urls = append(urls, c.ByIndex["X1/2024-00001"].URL+" "+c.ByIndex["X1/2024-00002"].URL+" "+c.Aliases["/old/a.html"].IndexNo)
	}
	want := "/policy/2024-00001/ /policy/房屋租赁/ X1/2024-00001"
	for _, u := range urls {
		if u != want {
			t.Errorf("URLs %q, want %q", u, want)
		}
	}
}

func TestURLs(t *testing.T) {
	c, diags := build(t, map[string]string{
		"policies/a.md":            rec("2024-00001", "2024-03-05", "aliases: [/old/a, /old/b.html, /old/c/]"),
		"interpretations/j.md":     rec("2024-00002", "2024-03-05", "interprets: X1/2024-00001"),
		"reports/annual/2023.yaml": "index_no: X1/2024-00003\ntitle: 年报\npublished: 2024-01-20\n",
		"pages/guide.md":           page(),
		"pages/contact/index.md":   page(),
		"pages/about.md":           page("slug: 关于"),
		"notices/n.md":             rec("2024-00004", "2024-03-05", "kind: report"),
	}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	for i, want := range map[string]string{
		"X1/2024-00001": "/policy/2024-00001/",
		"X1/2024-00002": "/interpretation/2024-00002/",
		"X1/2024-00003": "/annual-report/2024-00003/",
		"X1/2024-00004": "/report/2024-00004/",
	} {
		if got := c.ByIndex[i].URL; got != want {
			t.Errorf("%s: URL %q, want %q", i, got, want)
		}
	}
	var pages []string
	for _, p := range c.Pages {
		pages = append(pages, p.URL)
	}
	if want := "/contact/ /guide/ /关于/"; strings.Join(pages, " ") != want {
		t.Errorf("pages %q, want %q (sorted by URL)", pages, want)
	}
	if p := c.PageBySlug("guide"); p == nil || p.Rel != "pages/guide.md" {
		t.Errorf("PageBySlug(guide) = %v", p)
	}
	if p := c.PageBySlug("none"); p != nil {
		t.Errorf("PageBySlug(none) = %v", p)
	}
	for alias, want := range map[string]string{"/old/a/": "X1/2024-00001", "/old/b.html": "X1/2024-00001", "/old/c/": "X1/2024-00001"} {
		if e := c.Aliases[alias]; e == nil || e.IndexNo != want {
			t.Errorf("alias %s: %v", alias, e)
		}
	}
}

func TestBuildLists(t *testing.T) {
	c, diags := build(t, map[string]string{
		"policies/a.md":  rec("2024-00001", "2024-03-05", "summary: 概述。"),
		"policies/b.md":  rec("2024-00003", "2024-03-05"),
		"policies/c.md":  rec("2023-00001", "2023-12-31"),
		"notices/n.md":   rec("2024-00002", "2024-06-01"),
		"pages/guide.md": page(),
	}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	if got := indexes(c.Records); got != "2024-00002 2024-00001 2024-00003 2023-00001" {
		t.Errorf("Records %q: not newest first, then by index number", got)
	}
	if got := indexes(c.ByKind[config.Policy]); got != "2024-00001 2024-00003 2023-00001" {
		t.Errorf("ByKind[policy] %q", got)
	}
	if got := indexes(c.ByKind[config.Notice]); got != "2024-00002" {
		t.Errorf("ByKind[notice] %q", got)
	}
	if got := c.ByIndex["X1/2024-00001"].Brief; got != "概述。" {
		t.Errorf("Brief from summary %q", got)
	}
	if got := c.ByIndex["X1/2024-00003"].Brief; got != "正文2024-00003" {
		t.Errorf("Brief from body %q", got)
	}
}

func TestSegment(t *testing.T) {
	for in, want := range map[string]string{
		"2024-00001":           "2024-00001",
		"X1/2024-00001":        "X1-2024-00001",
		"城乡建设、环境保护":            "城乡建设、环境保护",
		"货币（含外汇）":              "货币（含外汇）",
		" a b ":                "a-b",
		"../etc":               "etc",
		"?#%":                  "-",
		"":                     "-",
		"...":                  "-",
		"<script>":             "script",
		"a.b_c":                "a.b_c",
		"\u3400\u9fff\uf900文件": "\u3400\u9fff\uf900文件",
	} {
		if got := Segment(in); got != want {
			t.Errorf("Segment(%q) = %q, want %q", in, got, want)
		}
	}
}
