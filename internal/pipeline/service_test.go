package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServicePages builds the site map and the accessibility statement by
// default, links both from every page's footer, and lets a page of the
// site's own at /accessibility/ take the built-in statement's place.
func TestServicePages(t *testing.T) {
	src := fixture(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	sitemap, a11y, home := read("sitemap/index.html"), read("accessibility/index.html"), read("index.html")
	for _, want := range []string{"<h1>网站地图</h1>", `href="../policy/"`, `href="../guide/"`, `href="../accessibility/"`, `href="../catalogue.csv"`} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("the site map lacks %s", want)
		}
	}
	if !strings.Contains(a11y, "<h1>无障碍说明</h1>") || !strings.Contains(a11y, "gk@test.example.gov.cn") {
		t.Errorf("the accessibility statement lacks its heading or the agency's e-mail address")
	}
	for _, want := range []string{`<a href="sitemap/">网站地图</a>`, `<a href="accessibility/">无障碍说明</a>`, "<dt>网站标识码</dt><dd>1100000001</dd>",
		`<a href="https://beian.miit.gov.cn/">测ICP备00000001号</a>`} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page's footer lacks %s", want)
		}
	}

	writeFile(t, filepath.Join(src, "content/pages/accessibility.md"), "---\ntitle: 本局无障碍声明\npublished: 2024-01-01\n---\n本局自行撰写的声明。\n")
	mustBuild(t, Options{Source: src, Out: out})
	if a11y := read("accessibility/index.html"); !strings.Contains(a11y, "本局自行撰写的声明") {
		t.Errorf("the site's own /accessibility/ page did not replace the built-in one")
	}
}

// TestCheckWarnsOfMissingIdentity: check (not build) warns when a site with
// a base_url lacks 网站标识码 or ICP备案号.
func TestCheckWarnsOfMissingIdentity(t *testing.T) {
	src := fixture(t)
	site := filepath.Join(src, "content/site.yaml")
	data, err := os.ReadFile(site)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, site, strings.Replace(string(data), "ICP备案号:", "# ICP备案号:", 1))
	count := func(opts Options) int {
		n := 0
		for _, d := range mustBuild(t, opts).Diagnostics {
			if d.Rule == "site-identity" {
				n++
				if !strings.Contains(d.Message("zh-CN"), "ICP备案号") || d.Path != "content/site.yaml" || d.Line != 2 {
					t.Errorf("diagnostic %s", d)
				}
			}
		}
		return n
	}
	if n := count(Options{Source: src, Check: true}); n != 1 {
		t.Errorf("check: %d site-identity warnings, want 1", n)
	}
	if n := count(Options{Source: src, Out: filepath.Join(t.TempDir(), "public")}); n != 0 {
		t.Errorf("build: %d site-identity warnings, want none", n)
	}
}
