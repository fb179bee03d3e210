package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// The path prefix the HTTP tests serve the site under, to show that the
// relative links of a normal build work below any prefix.
const prefix = "/gk/sub/"

// servedFixture builds the fixture site (not offline) and serves it.
func servedFixture(t *testing.T) (base, title string) {
	t.Helper()
	source, err := filepath.Abs(fixtureSite)
	if err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, source, false)
	return serve(t, out, prefix), siteTitle(t, source)
}

// expectPage checks the decoded path and the h1 of the loaded page.
func expectPage(t *testing.T, st pageState, path, h1 string) {
	t.Helper()
	if st.Path != path {
		t.Errorf("at %s, want %s", st.Path, path)
	}
	if st.H1 != h1 {
		t.Errorf("%s: h1 = %q, want %q", st.Path, st.H1, h1)
	}
	if st.HeaderBG == "" || st.HeaderBG == transparent {
		t.Errorf("%s: site.css did not apply (.site-header background %q)", st.Path, st.HeaderBG)
	}
}

// TestHTTPClickThrough serves a normal build under a path prefix and clicks
// from the home page to the policy list, a record, its topic, and back home
// through the breadcrumb.
func TestHTTPClickThrough(t *testing.T) {
	ctx := newTab(t)
	base, title := servedFixture(t)

	navigate(t, ctx, base)
	st := state(t, ctx)
	expectPage(t, st, prefix, title)
	if st.Title != title {
		t.Errorf("home title = %q, want %q", st.Title, title)
	}

	steps := []struct {
		what, xpath, path, h1 string
	}{
		{"the policy list in the site navigation",
			`//nav[contains(@class,"site-nav")]//a[normalize-space()="政策文件"]`,
			prefix + "policy/", "政策文件"},
		{"a record in the list",
			`//ul[contains(@class,"records")]//a[normalize-space()="测试市房屋管理办法"]`,
			prefix + "policy/2024-00001/", "测试市房屋管理办法"},
		{"the topic in the record's table",
			`//table[contains(@class,"meta")]//th[normalize-space()="主题分类"]/following-sibling::td[1]/a`,
			prefix + "topics/城乡建设、环境保护/城乡建设（含住房）/", "城乡建设（含住房）"},
		{"home in the breadcrumb",
			`//nav[contains(@class,"crumbs")]//li[1]/a`,
			prefix, title},
	}
	for _, s := range steps {
		t.Logf("clicking %s", s.what)
		clickAndWait(t, ctx, s.xpath)
		waitPath(t, ctx, s.path)
		expectPage(t, state(t, ctx), s.path, s.h1)
	}
}

// TestRepealedBanner opens a repealed record and follows the banner's link
// to the record that repealed it.
func TestRepealedBanner(t *testing.T) {
	ctx := newTab(t)
	base, _ := servedFixture(t)

	navigate(t, ctx, base+"policy/2023-00001/")
	expectPage(t, state(t, ctx), prefix+"policy/2023-00001/", "测试市房屋管理暂行办法")

	type banner struct {
		Found bool     `json:"found"`
		Text  string   `json:"text"`
		Links []string `json:"links"` // text -> resolved path, "text|path"
	}
	b := eval[banner](t, ctx, `(() => {
		const b = document.querySelector('main .banner');
		if (!b) return {found: false, text: '', links: []};
		return {
			found: true,
			text: b.innerText,
			links: Array.from(b.querySelectorAll('a[href]'), a => a.textContent.trim() + '|' + decodeURIComponent(new URL(a.href).pathname)),
		};
	})()`)
	if !b.Found {
		t.Fatal("no .banner on the repealed record")
	}
	if !strings.Contains(b.Text, "本文件已废止") {
		t.Errorf("banner text %q does not say 本文件已废止", b.Text)
	}
	want := "测试市房屋管理办法|" + prefix + "policy/2024-00001/"
	if len(b.Links) != 1 || b.Links[0] != want {
		t.Errorf("banner links = %q, want [%q]", b.Links, want)
	}

	clickAndWait(t, ctx, `//main//div[contains(@class,"banner")]//a`)
	waitPath(t, ctx, prefix+"policy/2024-00001/")
	expectPage(t, state(t, ctx), prefix+"policy/2024-00001/", "测试市房屋管理办法")
	if n := eval[int](t, ctx, `document.querySelectorAll('main .banner').length`); n != 0 {
		t.Errorf("the repealing record, in force, shows %d banner(s)", n)
	}
}
