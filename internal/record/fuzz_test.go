package record

import (
	"bytes"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// FuzzDecode feeds arbitrary bytes to Decode as a Markdown record and as a
// YAML record. It must never panic; and for text load accepts, every
// diagnostic must be placed on a line and column of the file.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		fullPolicy, md(), md("attachments: [../x.pdf, /etc/passwd, {file: a, title: b}, [x]]"),
		"---\n---\n", "---\n- a\n---\n", "---\nkind: memo\n---\n", "---\ntitle: a: b\n---\n",
		"---\nissuer: &a x\nb: *a\n---\n", "---\nx: *a\n---\n", "---\nyear: 1\nbody: |\n  x\n---\n",
		"---\ntitle: |\n  a\n  b\n---\n", "---\n标题: a\ntitle: b\n---\n", "---\na: [[[[\n---\n",
		"---\npublished:\n---\n", "---\n? [a]\n: b\n---\n", "---\ntitle: !!binary aGVsbG8=\n---\n",
		"---\n\x0b: x\n---\n", "title: x\n\tbody: y\n",
	} {
		f.Add([]byte(s))
	}
	assets := map[string]*load.Asset{"policies/2024/附件1.pdf": {Abs: "/x", Size: 1}, "policies/2024/link": {Abs: "/y", Symlink: true}}
	site := enSite() // Decode only reads it
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, rel := range []string{"policies/2024/a.md", "reports/annual/2024.yaml"} {
			r := diag.NewReporter(false)
			var rec *Record
			done := make(chan bool)
			go func() {
				rec = Decode(&load.File{Rel: rel, Path: "content/" + rel, Data: data}, site, assets, r)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(time.Second):
				t.Fatalf("%s: Decode(%q) takes more than a second", rel, data)
			}
			if rec != nil && rec.Rel != rel {
				t.Fatalf("record of %s has Rel %q", rel, rec.Rel)
			}
			text, problem := load.Text(data)
			if problem != "" || !bytes.Equal(text, data) {
				continue
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, d := range r.Diagnostics() {
				if d.Line < 1 || d.Line > lines || d.Col < 1 {
					t.Fatalf("%s: diagnostic %v is not placed in the file of %d lines", rel, d, lines)
				}
			}
		}
	})
}
