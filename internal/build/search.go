package build

import (
	"context"
	"runtime"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/static"
)

// writeSearch writes the static search index of cat, which the search page
// (layouts/search.html, static/js/search.js) reads, and returns its number
// of files.
func writeSearch(ctx context.Context, cat *catalogue.Catalogue, offline bool, workers int, sink render.Sink) (int, error) {
	st, err := static.Write(ctx, search.Docs(cat), sink, static.Options{
		Offline: offline, Label: i18n.For(cat.Site.Language).T, Workers: workers,
	})
	return st.Files, err
}

// SearchDocs reads and joins the records of opts.Source and returns what
// search indexes of them, for `gongkai search` and the tests; it renders and
// writes nothing. Problems in the records are in the reporter.
func SearchDocs(ctx context.Context, opts Options) ([]search.Doc, *diag.Reporter, error) {
	rep := diag.NewReporter("zh-CN", opts.Strict)
	cat, _, err := readCatalogue(ctx, opts, max(opts.Workers, runtime.GOMAXPROCS(0)), rep)
	if err != nil {
		return nil, rep, err
	}
	return search.Docs(cat), rep, nil
}
