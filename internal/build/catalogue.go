package build

import (
	"context"
	"path/filepath"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// Model is the catalogue of a site with its annual reports, as a build
// sees them, for commands that read the catalogue without rendering it.
type Model struct {
	Catalogue *catalogue.Catalogue
	Annual    *annualreport.Set
	Reporter  *diag.Reporter
	IndexNos  []string // of every record, drafts too
}

// LoadModel reads and joins the records of opts.Source, reporting
// problems to the model's Reporter; it renders and writes nothing.
func LoadModel(ctx context.Context, opts Options) (*Model, error) {
	rep := diag.NewReporter("zh-CN", opts.Strict)
	tree, err := load.Content(ctx, filepath.Join(opts.Source, "content"), "content", rep)
	if err != nil {
		return nil, err
	}
	site := config.Default()
	if tree.Site != nil {
		site = config.Parse(tree.Site.Path, tree.Site.Data, rep)
	}
	rep.SetLanguage(site.Language)
	workers := max(opts.Workers, 1)
	recs := decodeAll(tree, site, workers, rep)
	cat := catalogue.Build(site, recs, catalogue.Options{Drafts: opts.Drafts}, rep)
	annual := annualreport.Analyse(cat, annualreport.Options{}, rep)
	m := &Model{Catalogue: cat, Annual: annual, Reporter: rep}
	for _, r := range recs {
		if r.IndexNo != "" {
			m.IndexNos = append(m.IndexNos, r.IndexNo)
		}
	}
	return m, nil
}
