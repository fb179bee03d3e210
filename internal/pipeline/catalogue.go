package pipeline

import (
	"context"
	"path/filepath"
	"slices"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/record"
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
	rep := diag.NewReporter(opts.Strict)
	cat, recs, err := readCatalogue(ctx, opts, max(opts.Workers, 1), rep)
	if err != nil {
		return nil, err
	}
	annual := annualreport.Analyse(cat, annualreport.Options{}, rep)
	m := &Model{Catalogue: cat, Annual: annual, Reporter: rep}
	for _, r := range recs {
		if r.IndexNo != "" {
			m.IndexNos = append(m.IndexNos, r.IndexNo)
		}
	}
	return m, nil
}

// readCatalogue is the load, decode and catalogue stages of a clean run,
// less the checks only a build makes: all that commands which only read
// the catalogue need. It also returns every decoded record, drafts
// included.
func readCatalogue(ctx context.Context, opts Options, workers int, rep *diag.Reporter) (*catalogue.Catalogue, []*record.Record, error) {
	opts.Workers = workers
	var r clean
	tree, err := loadContent(ctx, opts, r, rep)
	if err != nil {
		return nil, nil, err
	}
	tree.Records = slices.DeleteFunc(tree.Records, func(f *load.File) bool { return slices.Contains(opts.Exclude, f.Rel) })
	site, recs := decodeRecords(tree, opts, memo.Sum{}, r, nil, rep)
	return joinCatalogue(site, recs, opts, memo.Sum{}, r, rep), recs, nil
}

// readTree reads the content folder of opts.Source, keeping no record
// file's text: decoding reads each again (decodeAll).
func readTree(ctx context.Context, opts Options, rep *diag.Reporter) (*load.Tree, error) {
	return load.ContentSince(ctx, filepath.Join(opts.Source, "content"), "content", load.Reading{Lean: true}, rep)
}

// readSite decodes site.yaml, or gives the defaults, with the kinds of
// opts.
func readSite(tree *load.Tree, opts Options, rep *diag.Reporter) *config.Site {
	copts := config.Options{Kinds: opts.Kinds}
	site := copts.Default()
	if tree.Site != nil {
		site = copts.Parse(tree.Site.Path, tree.Site.Data, rep)
	}
	return site
}
