package load

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
)

// describe flattens a tree for comparison.
func describe(tr *Tree) []string {
	var out []string
	if tr.Site != nil {
		out = append(out, "site "+tr.Site.Rel+" "+string(tr.Site.Data))
	}
	for _, f := range tr.Records {
		out = append(out, "record "+f.Rel+" "+f.Path+" "+string(f.Data))
	}
	for rel, a := range tr.Assets {
		out = append(out, "asset "+rel+" "+a.Abs)
	}
	slices.Sort(out[min(1, len(out)):])
	return out
}

// TestRefreshEqualsContent changes a content folder step by step and checks
// that refreshing the tree with the changed paths gives what reading the
// folder afresh gives, problems included.
func TestRefreshEqualsContent(t *testing.T) {
	root := tree(t, map[string]string{
		"content/site.yaml":          "title: x\n",
		"content/a/one.md":           "---\ntitle: one\n---\n",
		"content/a/two.md":           "---\ntitle: two\n---\n",
		"content/b/index.md":         "---\ntitle: b\n---\n",
		"content/b/file.pdf":         "%PDF",
		"content/_drafts/skipped.md": "x",
	})
	dir := filepath.Join(root, "content")
	ctx := context.Background()
	rep := diag.NewReporter(false)
	tr, err := Content(ctx, dir, "content", rep)
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, body string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		change  func()
		changed []string
	}{
		{"edit", func() { write("a/one.md", "---\ntitle: one, edited\n---\n") }, []string{"a/one.md"}},
		{"add", func() { write("a/three.md", "---\ntitle: three\n---\n") }, []string{"a/three.md"}},
		{"bad encoding", func() { write("a/gbk.md", "\xb9\xab\xbf\xaa\xc4\xbf\xc2\xbc\xb9\xab\xbf\xaa") }, []string{"a/gbk.md"}},
		{"unrelated edit keeps the problem", func() { write("a/two.md", "---\ntitle: two, edited\n---\n") }, []string{"a/two.md"}},
		{"fixed encoding", func() { write("a/gbk.md", "---\ntitle: fixed\n---\n") }, []string{"a/gbk.md"}},
		{"delete", func() { os.Remove(filepath.Join(dir, "a/two.md")) }, []string{"a/two.md"}},
		{"new folder", func() { write("c/d/index.md", "---\ntitle: d\n---\n"); write("c/d/x.docx", "PK") }, []string{"c"}},
		{"rename folder", func() { os.Rename(filepath.Join(dir, "b"), filepath.Join(dir, "b2")) }, []string{"b", "b2"}},
		{"delete folder", func() { os.RemoveAll(filepath.Join(dir, "c")) }, []string{"c", "c/d", "c/d/index.md"}},
		{"hidden", func() { write("_drafts/new.md", "x"); write("a/.swp", "x") }, []string{"_drafts/new.md", "a/.swp"}},
		{"site", func() { write("site.yaml", "title: y\n") }, []string{"site.yaml"}},
		{"outside", func() {}, []string{"../escape", "."}},
		{"named twice", func() { write("e/f.md", "---\ntitle: f\n---\n") }, []string{"e", "e/f.md", "e/f.md", "e"}},
	}
	for _, st := range steps {
		st.change()
		got := diag.NewReporter(false)
		if err := tr.Refresh(ctx, st.changed, got); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want := diag.NewReporter(false)
		fresh, err := Content(ctx, dir, "content", want)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := describe(tr), describe(fresh); !slices.Equal(g, w) {
			t.Errorf("%s: refreshed tree\n%q\nwant\n%q", st.name, g, w)
		}
		if g, w := diagnostics(got), diagnostics(want); !slices.Equal(g, w) {
			t.Errorf("%s: problems %q, want %q", st.name, g, w)
		}
		if n := len(diagnostics(got)); (st.name == "bad encoding" || st.name == "unrelated edit keeps the problem") != (n == 1) {
			t.Errorf("%s: %d problems", st.name, n)
		}
	}
}
