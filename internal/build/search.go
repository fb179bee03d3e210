package build

import (
	"context"
	"runtime"
	"slices"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/static"
)

// writeSearch writes the static search index of cat, which the search page
// (layouts/search.html, static/js/search.js) reads, and returns its number
// of files. With a memo, an index whose documents are as in the memo's last
// build is kept rather than written again (and with a cache only changed
// documents are analysed); with keep, the last build's index
// is kept even if they are not, and stale says so; written says whether
// the index was written. done, if not nil, is called for each document
// whose text is read.
func writeSearch(ctx context.Context, cat *catalogue.Catalogue, offline bool, workers int, sink render.Sink, m *memo.Memo, salt memo.Sum, keep bool, cache *static.Cache, done func()) (n int, stale, written bool, err error) {
	const key = "search"
	var sum memo.Sum
	if m != nil {
		h := memo.NewHasher()
		h.Sum(salt)
		for _, es := range [][]*catalogue.Entry{cat.Records, cat.Pages} {
			h.Int(int64(len(es)))
			for _, e := range es {
				h.Sum(e.Source)
				h.String(e.URL)
				h.String(string(e.State))
			}
		}
		sum = h.Done()
		if k, ok := sink.(render.Keeper); ok {
			if prev, ok := m.Prev(key); ok && (prev.Sum == sum || keep) {
				for _, f := range prev.Files {
					if err := k.Keep(f); err != nil {
						return 0, false, false, err
					}
				}
				m.Done(key, prev)
				return len(prev.Files), prev.Sum != sum, false, nil
			}
		}
	}
	if d, ok := sink.(interface{ Drop(string) }); ok && m != nil {
		// A patched rendering kept every file: the old index goes unless
		// rewritten.
		if prev, ok := m.Prev(key); ok {
			for _, f := range prev.Files {
				d.Drop(f)
			}
		}
	}
	rec := &namesSink{Sink: sink}
	var out static.Sink = rec
	if k, ok := sink.(render.Keeper); ok {
		// The index keeps the files of records that did not change.
		out = keepingSink{rec, k}
	}
	docs, text := search.Lazy(cat)
	if done != nil {
		read := text
		text = func(i int) string {
			defer done()
			return read(i)
		}
	}
	st, err := static.Write(ctx, docs, out, static.Options{
		Offline: offline, Label: i18n.For(cat.Site.Language).T, Workers: workers, Cache: cache, Text: text,
	})
	if err == nil && m != nil {
		slices.Sort(rec.names)
		m.Done(key, memo.Unit{Sum: sum, Files: rec.names})
	}
	return st.Files, false, true, err
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
