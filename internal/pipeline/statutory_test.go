package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatutoryPages: 机构职能 is in the navigation of every page, and,
// placed in the catalogue tree, listed under its item of 法定主动公开内容;
// and a page's attachments (the 申请表 of 依申请公开) are listed on it with
// type and size.
func TestStatutoryPages(t *testing.T) {
	src := fixture(t)
	c := filepath.Join(src, "content")
	writeFile(t, filepath.Join(c, "pages/about.md"), "---\ntitle: 机构职能\nslug: about\npublished: 2024-01-02\ncatalogue: 法定主动公开内容/机关职能与机构设置\n---\n主要职责。\n")
	writeFile(t, filepath.Join(c, "pages/apply/index.md"), "---\ntitle: 依申请公开\nslug: apply\npublished: 2024-01-02\nattachments:\n  - file: 申请表.docx\n    title: 政府信息公开申请表\n---\n请填写申请表。\n")
	writeFile(t, filepath.Join(c, "pages/apply/申请表.docx"), strings.Repeat("x", 2048))
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), `<a href="about/">机构职能</a>`) {
		t.Error("the home page's navigation does not link 机构职能")
	}
	item, err := os.ReadFile(filepath.Join(out, "catalogue/法定主动公开内容/机关职能与机构设置/index.html"))
	if err != nil {
		t.Fatalf("the page's catalogue item has no list: %v", err)
	}
	if !strings.Contains(string(item), `<a href="../../../about/">机构职能</a>`) {
		t.Error("the list of 机关职能与机构设置 does not link 机构职能")
	}
	if strings.Contains(string(item), "<dd></dd>") {
		t.Error("the list shows an empty field for the page (it has no 索引号)")
	}
	apply, err := os.ReadFile(filepath.Join(out, "apply/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="attachments-h"`, ">政府信息公开申请表</a>", "2.0 KB"} {
		if !strings.Contains(string(apply), s) {
			t.Errorf("the 依申请公开 page lacks %s", s)
		}
	}
}
