package record

import (
	"slices"
	"testing"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// TestCheckElements: a catalogue item without 内容概述 or 成文日期, or under
// no item of 法定主动公开内容, is warned; pages are not catalogue items.
func TestCheckElements(t *testing.T) {
	site := config.Default()
	for _, c := range []struct {
		name, rel, src string
		want           []diag.Rule
	}{
		{"complete", "policies/a.md", "---\nindex_no: 000000000/2024-00001\ntitle: 甲\nwritten: 2024-01-02\npublished: 2024-01-03\nsummary: 概述。\ncatalogue: 法定主动公开内容/法规、规章和规范性文件\n---\n", nil},
		{"bare", "policies/a.md", "---\nindex_no: 000000000/2024-00001\ntitle: 甲\npublished: 2024-01-03\n---\n正文。\n",
			[]diag.Rule{diag.RuleElement, diag.RuleElement, diag.RuleUnlisted}},
		{"outside the statutory tree", "notices/a.md", "---\nindex_no: 000000000/2024-00001\ntitle: 甲\nwritten: 2024-01-02\npublished: 2024-01-03\nsummary: 概述。\ncatalogue: [法定主动公开内容]\n---\n",
			[]diag.Rule{diag.RuleUnlisted}},
		{"page", "pages/a.md", "---\ntitle: 甲\npublished: 2024-01-03\n---\n", nil},
	} {
		rep := diag.NewReporter(false)
		r := Decode(&load.File{Rel: c.rel, Path: "content/" + c.rel, Data: []byte(c.src)}, site, nil, rep)
		if rep.Errors() > 0 {
			t.Fatalf("%s: %v", c.name, rep.Diagnostics())
		}
		rep = diag.NewReporter(false)
		CheckElements(r, site, rep)
		var got []diag.Rule
		for _, d := range rep.Diagnostics() {
			got = append(got, d.Rule)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, rep.Diagnostics(), c.want)
		}
	}
	rep := diag.NewReporter(false)
	r := Decode(&load.File{Rel: "policies/a.md", Path: "content/policies/a.md", Data: []byte("---\nindex_no: 000000000/2024-00001\ntitle: 甲\npublished: 2024-01-03\n---\n")}, site, nil, rep)
	CheckElements(r, site, rep)
	want := "content/policies/a.md:1:1: warning: 公开目录条目缺少内容概述（summary）：《条例》第十二条要求每条信息有索引、名称、内容概述、生成日期 [catalogue-element]"
	if ds := rep.Diagnostics(); len(ds) == 0 || ds[0].String() != want {
		t.Errorf("got %v\nwant %s", ds, want)
	}
}
