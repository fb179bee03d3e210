package record

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// site writes files under root (slash paths; "->" in a value makes a
// symbolic link to that target, relative to root) and loads content/.
func site(t *testing.T, files map[string]string) (string, *load.Tree) {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(body, "->"); ok {
			if err := os.Symlink(filepath.Join(root, filepath.FromSlash(target)), p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := diag.NewReporter(false)
	tree, err := load.Content(context.Background(), filepath.Join(root, "content"), "content", r)
	if err != nil {
		t.Fatal(err)
	}
	if ds := r.Diagnostics(); len(ds) > 0 {
		t.Fatalf("load: %v", ds)
	}
	return root, tree
}

func TestAttachments(t *testing.T) {
	root, tree := site(t, map[string]string{
		"content/policies/2024/a.md":             md("attachments: [附件1.pdf]"),
		"content/policies/2024/附件1.pdf":          "%PDF",
		"content/policies/2024/b/index.md":       md("attachments:", "  - file: 附件/表格.xlsx", "    title: 表格", "  - file: ../shared.doc"),
		"content/policies/2024/b/附件/表格.xlsx":     "xlsx",
		"content/policies/2024/shared.doc":       "doc",
		"content/policies/x.pdf":                 "x",
		"content/policies/2024/link.pdf":         "->outside/secret.pdf",
		"content/policies/2024/dir":              "->outside",
		"content/policies/2024/inner.pdf":        "->content/policies/x.pdf",
		"outside/secret.pdf":                     "secret",
		"outside/x.pdf":                          "x",
		"x.pdf":                                  "x",
		"content/policies/2024/c.md":             "",
		"content/policies/2024/windows/index.md": "",
	})
	for _, c := range []struct {
		name string
		rel  string
		line string // the attachments line(s)
		want []string
	}{
		{"beside the record", "policies/2024/a.md", "attachments: [附件1.pdf]", nil},
		{"in a bundle and its parent", "policies/2024/b/index.md", "attachments: [附件/表格.xlsx, ../shared.doc]", nil},
		{"up but inside content", "policies/2024/a.md", "attachments: [../x.pdf]", nil},
		{"backslashes", "policies/2024/b/index.md", `attachments: ['附件\表格.xlsx']`, nil},

		{"attachment-missing", "policies/2024/a.md", "attachments: [附件2.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"附件2.pdf\" does not exist [attachment-missing]"}},
		{"attachment-missing in a list", "policies/2024/a.md", "attachments:\n  - file: 附件1.pdf\n  - file: 附件3.pdf\n    title: 附件3",
			[]string{"content/policies/2024/a.md:7:11: error: attachment \"附件3.pdf\" does not exist [attachment-missing]"}},
		{"attachment-missing: a folder", "policies/2024/a.md", "attachments: [b/附件]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"b/附件\" does not exist [attachment-missing]"}},
		{"attachment-missing: a record", "policies/2024/a.md", "attachments: [c.md]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"c.md\" does not exist [attachment-missing]"}},
		{"attachment-outside ../", "policies/a.md", "attachments: [../../x.pdf]",
			[]string{"content/policies/a.md:5:15: error: attachment \"../../x.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside ../ from the top", "a.md", "kind: policy\nattachments: [../x.pdf]",
			[]string{"content/a.md:6:15: error: attachment \"../x.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside deep ../", "policies/2024/a.md", "attachments: [../../../outside/x.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"../../../outside/x.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside absolute", "policies/2024/a.md", "attachments: [/etc/passwd]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"/etc/passwd\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside absolute to a file in content", "policies/2024/a.md", "attachments: [" + filepath.Join(root, "content/policies/x.pdf") + "]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"" + filepath.Join(root, "content/policies/x.pdf") + "\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside drive letter", "policies/2024/a.md", `attachments: ['C:\x.pdf']`,
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"C:\\\\x.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside backslash up", "policies/a.md", `attachments: ['..\..\x.pdf']`,
			[]string{"content/policies/a.md:5:15: error: attachment \"..\\\\..\\\\x.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside symlink to a file", "policies/2024/a.md", "attachments: [link.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"link.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside symlink within content", "policies/2024/a.md", "attachments: [inner.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"inner.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside file under a symlinked folder", "policies/2024/a.md", "attachments: [dir/secret.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"dir/secret.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside missing file under a symlinked folder", "policies/2024/a.md", "attachments: [dir/none.pdf]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"dir/none.pdf\" lies outside content/ or is a symbolic link [attachment-outside]"}},
		{"attachment-outside empty", "policies/2024/a.md", "attachments: [\"\"]",
			[]string{"content/policies/2024/a.md:5:15: error: attachment \"\" lies outside content/ or is a symbolic link [attachment-outside]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := diag.NewReporter(false)
			rec := Decode(&load.File{Rel: c.rel, Path: "content/" + c.rel, Data: []byte(md(c.line))}, enSite(), tree.Assets, r)
			got := strings_(r, "en")
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s:\n got %s\nwant %s", c.line, quoteAll(got), quoteAll(c.want))
			}
			if rec == nil {
				t.Fatal("no record")
			}
			if c.want == nil {
				for _, a := range rec.Attachments {
					if a.Rel == "" || a.Abs != filepath.Join(tree.Dir, filepath.FromSlash(a.Rel)) {
						t.Errorf("attachment %q resolved to %q, %q", a.File, a.Rel, a.Abs)
					}
					if data, err := os.ReadFile(a.Abs); err != nil || a.Size != int64(len(data)) {
						t.Errorf("attachment %q: size %d, file %q, %v", a.File, a.Size, data, err)
					}
				}
			}
		})
	}
}
