package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/load"
)

// TestLayoutReads: a layout that only pages rendered every time execute
// may read the whole catalogue and bodies, and pages are still kept from
// build to build; one of a kept page that reads the catalogue keeps none,
// and a list's that reads bodies makes lists change with them.
func TestLayoutReads(t *testing.T) {
	const cat, body = `{{define "main"}}{{len .Cat.Records}}{{end}}`, `{{define "main"}}{{range .List.Entries}}{{.Body}}{{end}}{{end}}`
	for _, c := range []struct {
		name, text             string
		reaches, listsReadBody bool
	}{
		{"home.html", cat, false, false},
		{"home.html", `{{define "main"}}{{range .Latest}}{{.Body}}{{end}}{{end}}`, false, false},
		{"sitemap.html", cat, false, false},
		{"annual_report.html", cat, false, false},
		{"record.html", cat, true, false},
		{"terms.html", cat, true, false},
		{"partials/footer.html", `{{with .Site}}{{.Cat}}{{end}}`, true, false},
		{"term.html", body, false, true},
		{"list.html", body, false, true},
	} {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "partials"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(c.name)), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		tmpl, err := LoadTemplates(load.Overlay{Base: gongkai.Layouts(), Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if tmpl.reachesCatalogue != c.reaches || tmpl.listsReadBody != c.listsReadBody {
			t.Errorf("%s %q: reaches the catalogue %v, lists read bodies %v; want %v, %v",
				c.name, c.text, tmpl.reachesCatalogue, tmpl.listsReadBody, c.reaches, c.listsReadBody)
		}
	}
}
