package render_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/render"
)

// mapSink keeps the files written to it.
type mapSink struct {
	mu    sync.Mutex
	files map[string]string
}

func (s *mapSink) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = string(data)
	return nil
}

func (s *mapSink) CopyFile(name, src string) error { return s.WriteFile(name, nil) }

// renderWith renders a catalogue of a policy and a plain page with the
// outputs outs, whose layouts beyond the built-in ones are in layouts.
func renderWith(t *testing.T, outs render.Outputs, layouts map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range layouts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tmpl, err := outs.LoadTemplates(load.Overlay{Base: gongkai.Layouts(), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	site := config.Default()
	site.IndexNoPattern = ""
	rep := diag.NewReporter(false)
	var recs []*record.Record
	for rel, src := range map[string]string{
		"policies/2024/a.md": "---\nindex_no: X/2024-00001\ntitle: 关于测试的通知\npublished: 2024-05-06\n---\n正文。\n",
		"pages/about.md":     "---\ntitle: 关于本站\npublished: 2024-01-01\n---\n本站。\n",
	} {
		rec := record.Decode(&load.File{Rel: rel, Path: "content/" + rel, Data: []byte(src)}, site, nil, rep)
		if rec == nil {
			t.Fatalf("%s: %v", rel, rep.Diagnostics())
		}
		recs = append(recs, rec)
	}
	cat := catalogue.Build(site, recs, catalogue.Options{}, rep)
	sink := &mapSink{files: map[string]string{}}
	if _, err := render.Render(context.Background(), cat, tmpl, render.Options{Workers: 2}, sink, rep); err != nil {
		t.Fatal(err)
	}
	return sink.files
}

// TestAddOutput: a page type is one entry in the table of outputs and one
// layout. A copy of the built-in table with a page of the site and a page
// of each record and plain page renders them, and every built-in file too.
func TestAddOutput(t *testing.T) {
	builtin := renderWith(t, render.BuiltinOutputs(), nil)
	outs := append(render.BuiltinOutputs(),
		render.Output{Name: "statistics", Type: "statistics", From: render.FromSite, URL: "/statistics/",
			Title: "statistics", Layout: "statistics.html"},
		render.Output{Name: "print", Type: "print", From: render.FromEntries, URL: "print/",
			Layout: "print.html", Standalone: true, Stale: render.StaleOwn},
	)
	files := renderWith(t, outs, map[string]string{
		"statistics.html": `{{define "main"}}<h1>{{.Title}}</h1><p>{{len .Cat.Records}}</p>{{end}}`,
		"print.html":      `<!DOCTYPE html><title>{{.Title}}</title><body class="type-{{.Type}}">{{.Entry.IndexNo}}</body>`,
	})
	stats := files["statistics/index.html"]
	for _, want := range []string{`<body class="type-statistics">`, "<h1>statistics</h1><p>1</p>"} {
		if !strings.Contains(stats, want) {
			t.Errorf("statistics/index.html does not have %q:\n%s", want, stats)
		}
	}
	if got, want := files["policy/X-2024-00001/print/index.html"], `<!DOCTYPE html><title>关于测试的通知</title><body class="type-print">X/2024-00001</body>`; got != want {
		t.Errorf("the policy's print page is %q, want %q", got, want)
	}
	if _, ok := files["about/print/index.html"]; !ok {
		t.Error("the plain page has no print page")
	}
	for name, data := range builtin {
		if files[name] != data {
			t.Errorf("%s differs with the outputs added", name)
		}
	}
	if len(files) != len(builtin)+3 {
		t.Errorf("%d files with the outputs added, %d without: want 3 more", len(files), len(builtin))
	}
}

// TestOutputsChecked: templates are not loaded for a table that names an
// output twice or has a page without a layout.
func TestOutputsChecked(t *testing.T) {
	src := load.Overlay{Base: gongkai.Layouts()}
	for name, outs := range map[string]render.Outputs{
		"a name twice":      append(render.BuiltinOutputs(), render.Output{Name: "home", Type: "home", Layout: "home.html"}),
		"a page, no layout": append(render.BuiltinOutputs(), render.Output{Name: "statistics", Type: "statistics"}),
	} {
		if _, err := outs.LoadTemplates(src); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := render.BuiltinOutputs().LoadTemplates(src); err != nil {
		t.Errorf("the built-in outputs: %v", err)
	}
}
