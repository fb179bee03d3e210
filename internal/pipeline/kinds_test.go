package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
)

// circulars is the built-in kinds and one more, declared in the table
// alone: nothing else in gongkai names it.
func circulars() config.KindTable {
	return append(config.BuiltinKinds(), config.KindSpec{
		Kind: "circular", Folder: "circulars", Segment: "circular", Names: []string{"情况通报"}, English: "Circulars",
		Listed: true, Required: []string{"index_no", "doc_no"}, SchemaType: "Article",
	})
}

const circular = `---
index_no: 11000000MB0000000T/2024-00099
title: 关于第一季度检查情况的通报
doc_no: 测建通〔2024〕9号
published: 2024-05-20
written: 2024-05-20
summary: 本件的内容概述。
catalogue: 法定主动公开内容/其他法定主动公开信息
---
现将第一季度检查情况通报如下。
`

// TestKindFromTable: a kind added to the table passed in Options, and
// nowhere else, has its records decoded from its folder, its required
// fields checked, its pages at its URL segment with its schema.org type,
// and its list, feed and link on the home page under its name.
func TestKindFromTable(t *testing.T) {
	site := fixture(t)
	writeFile(t, filepath.Join(site, "content/circulars/2024/q1.md"), circular)

	// With the built-in kinds, the folder is no kind's.
	res, err := Run(context.Background(), Options{Source: site, Check: true})
	if err == nil || !hasRule(res.Diagnostics, diag.RuleKindFolder) {
		t.Fatalf("built-in kinds: err %v, diagnostics %v; want a %s error", err, res.Diagnostics, diag.RuleKindFolder)
	}

	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: site, Out: out, Kinds: circulars()})
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read("circular/2024-00099/index.html")
	for _, want := range []string{"关于第一季度检查情况的通报", `"@type":"Article"`, `href="../">情况通报</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the record's page lacks %s", want)
		}
	}
	if list := read("circular/index.html"); !strings.Contains(list, "<h1>情况通报</h1>") || !strings.Contains(list, "2024-00099/") {
		t.Errorf("the kind's list does not list the record under the kind's name:\n%s", list)
	}
	if feed := read("circular/feed.xml"); !strings.Contains(feed, "关于第一季度检查情况的通报") {
		t.Errorf("the kind's feed lacks the record:\n%s", feed)
	}
	if home := read("index.html"); !strings.Contains(home, `href="circular/">情况通报</a>`) {
		t.Error("the home page does not link to the kind's list")
	}
	// The search page's kind filter takes the kind's Chinese name.
	table, err := filepath.Glob(filepath.Join(out, "search", "f.*.js"))
	if err != nil || len(table) != 1 {
		t.Fatalf("the search filter table: %v, %v", table, err)
	}
	if f := read(filepath.Join("search", filepath.Base(table[0]))); !strings.Contains(f, `"情况通报":"circular"`) {
		t.Errorf("the search filter table does not take 情况通报 for the kind:\n%.600s", f)
	}

	// The table's required fields are required.
	writeFile(t, filepath.Join(site, "content/circulars/2024/q1.md"), strings.Replace(circular, "doc_no: 测建通〔2024〕9号\n", "", 1))
	res, err = Run(context.Background(), Options{Source: site, Check: true, Kinds: circulars()})
	if err == nil || !hasRule(res.Diagnostics, diag.RuleRequired) {
		t.Errorf("without doc_no: err %v, diagnostics %v; want a %s error", err, res.Diagnostics, diag.RuleRequired)
	}
}

func hasRule(ds []diag.Diagnostic, rule diag.Rule) bool {
	for _, d := range ds {
		if d.Rule == rule {
			return true
		}
	}
	return false
}
