package linkcheck

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"index.html": `<a href="policy/">ok</a><a href="policy/x/#%E7%AC%AC%E4%B8%80%E6%9D%A1">ok frag</a>
<a href="policy/x/#nope">bad frag</a><a href="missing/">missing</a><a href="/abs/">root</a>
<a href="https://example.org/">external</a><a href="mailto:a@b">mail</a><link rel="stylesheet" href="css/site.css">
<a href="#top">self</a><img src="img/none.png" alt="">`,
		"policy/index.html":   `<a href="../">up</a><a href="x/附件.pdf">attachment</a><a href="../..">above</a>`,
		"policy/x/index.html": `<h2 id="第一条">第一条</h2><a id="top"></a>`,
		"policy/x/附件.pdf":     "%PDF",
		"css/site.css":        "body{}",
	})
	rep, err := Check(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Page+" "+p.Ref)
	}
	want := []string{
		"index.html #top",
		"index.html /abs/",
		"index.html img/none.png",
		"index.html missing/",
		"index.html policy/x/#nope",
		"policy/index.html ../..",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
	if rep.Pages != 3 {
		t.Errorf("pages = %d, want 3", rep.Pages)
	}
}

func TestCheckOffline(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"index.html":   `<a href="a/">folder</a><a href="a/index.html">file</a><a href="./">self folder</a>`,
		"a/index.html": `<a href="../index.html">up</a>`,
	})
	rep, err := Check(root, Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Ref)
	}
	if want := []string{"./", "a/"}; !slices.Equal(got, want) {
		t.Errorf("offline problems = %q, want %q", got, want)
	}
}

func TestRootedPages(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"404.html":     `<a href="/gk/">home</a><a href="/gk/a/">a</a><a href="/gk/missing/">missing</a><a href="/other/">outside</a>`,
		"index.html":   `<a href="/gk/a/">rooted elsewhere</a>`,
		"a/index.html": `ok`,
	})
	rep, err := Check(root, Options{Rooted: []string{"404.html"}, BasePath: "/gk/"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.Page+" "+p.Ref)
	}
	if want := []string{"404.html /gk/missing/", "404.html /other/", "index.html /gk/a/"}; !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}
