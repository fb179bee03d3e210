package catalogue

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// shape describes everything Build decides apart from what it shows of each
// record: URLs, validity, relations, lists, terms, aliases and diagnostics.
func shape(c *Catalogue, diags []string) string {
	var b strings.Builder
	ids := func(es []*Entry) {
		for _, e := range es {
			b.WriteString(e.Rel + " ")
		}
		b.WriteString("\n")
	}
	for _, es := range [][]*Entry{c.Records, c.Pages} {
		for _, e := range es {
			fmt.Fprintf(&b, "%s %s %s\n", e.Rel, e.URL, e.State)
			for _, rel := range [][]*Entry{e.Interprets, e.InterpretedBy, e.Repeals, e.RepealedBy, e.Amends, e.AmendedBy} {
				ids(rel)
			}
		}
	}
	for _, tax := range []*Taxonomy{c.Topics, c.Categories, c.Genres, c.Issuers, c.YearTax, c.Validity} {
		for _, t := range tax.All() {
			b.WriteString(t.Path + " " + t.URL + ": ")
			ids(t.Entries)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.Aliases)) {
		b.WriteString(k + " → " + c.Aliases[k].Rel + "\n")
	}
	fmt.Fprintln(&b, c.Years, diags)
	return b.String()
}

// TestStructure: changing a field that Structure leaves out changes nothing
// Build decides; changing one it covers changes Structure.
func TestStructure(t *testing.T) {
	files := map[string]string{
		"policies/2024/a.md":        rec("2024-00001", "2024-03-05", "validity: 有效", "topic: 城乡建设、环境保护/城乡建设（含住房）", "issuer: 甲局", "genre: 通知"),
		"policies/2024/b.md":        rec("2024-00002", "2024-03-06", "repeals: X1/2024-00001", "aliases: [/old/b.html]"),
		"interpretations/2024/c.md": rec("2024-00003", "2024-03-07", "interprets: X1/2024-00002", "catalogue: 法定主动公开内容/法规、规章和规范性文件"),
		"notices/2024/d.md":         rec("2024-00004", "2024-03-08", "interprets: X1/2024-99999"), // a diagnostic
	}
	baseCat, baseDiags := build(t, files, Options{})
	base := shape(baseCat, baseDiags)
	sums := func(c *Catalogue) map[string]string {
		m := map[string]string{}
		for _, e := range c.Records {
			m[e.Rel] = fmt.Sprintf("%x", Structure(e.Record))
		}
		return m
	}
	baseSums := sums(baseCat)
	for _, c := range []struct {
		name, rel, old, new string
		structural          bool
	}{
		{"title", "policies/2024/a.md", "title: 记录2024-00001", "title: 另一个标题", false},
		{"doc_no", "policies/2024/a.md", "validity: 有效", "validity: 有效\ndoc_no: 甲发〔2024〕1号", false},
		{"summary", "policies/2024/b.md", "aliases: [/old/b.html]", "aliases: [/old/b.html]\nsummary: 摘要", false},
		{"keywords", "policies/2024/b.md", "aliases: [/old/b.html]", "aliases: [/old/b.html]\nkeywords: [甲, 乙]", false},
		{"a line added above a reported field", "policies/2024/b.md", "repeals:", "keywords: [甲, 乙]\nrepeals:", true},
		{"written and effective", "policies/2024/a.md", "validity: 有效", "validity: 有效\nwritten: 2024-03-01\neffective: 2024-04-01", false},
		{"body", "notices/2024/d.md", "正文2024-00004", "另一段正文", false},
		{"published", "policies/2024/a.md", "published: 2024-03-05", "published: 2024-03-09", true},
		{"validity", "policies/2024/a.md", "validity: 有效", "validity: 失效", true},
		{"topic", "policies/2024/a.md", "城乡建设、环境保护/城乡建设（含住房）", "城乡建设、环境保护/环境监测、保护与治理", true},
		{"issuer", "policies/2024/a.md", "issuer: 甲局", "issuer: 乙局", true},
		{"genre", "policies/2024/a.md", "genre: 通知", "genre: 公告", true},
		{"repeals", "policies/2024/b.md", "repeals: X1/2024-00001", "repeals: X1/2024-00003", true},
		{"interprets", "interpretations/2024/c.md", "interprets: X1/2024-00002", "interprets: X1/2024-00001", true},
		{"aliases", "policies/2024/b.md", "/old/b.html", "/old/c.html", true},
		{"catalogue", "interpretations/2024/c.md", "catalogue: 法定主动公开内容/法规、规章和规范性文件", "catalogue: 法定主动公开内容/规划信息", true},
		{"index_no", "notices/2024/d.md", "X1/2024-00004", "X1/2024-00005", true},
		{"slug", "notices/2024/d.md", "interprets:", "slug: dd\ninterprets:", true},
		{"draft", "notices/2024/d.md", "interprets:", "draft: true\ninterprets:", true},
		{"a line moved", "policies/2024/b.md", "title: 记录2024-00002", "title: >-\n  记录\n  2024-00002", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			changed := maps.Clone(files)
			if !strings.Contains(changed[c.rel], c.old) {
				t.Fatalf("%s has no %q", c.rel, c.old)
			}
			changed[c.rel] = strings.Replace(changed[c.rel], c.old, c.new, 1)
			cat, diags := build(t, changed, Options{})
			sameSum := sums(cat)[c.rel] == baseSums[c.rel]
			if c.structural && sameSum {
				t.Errorf("Structure did not change")
			}
			if !c.structural {
				if !sameSum {
					t.Errorf("Structure changed")
				}
				if got := shape(cat, diags); got != base {
					t.Errorf("Build decided differently:\n%s\nwant\n%s", got, base)
				}
			}
		})
	}
}
