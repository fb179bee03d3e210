package pipeline

import (
	"context"
	"runtime"
	"slices"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

// writeSearch writes the search index of cat written with the site, which the search page
// (layouts/search.html, static/js/search.js) reads, and returns its number
// of files. With a memo, an index whose documents are as in the memo's last
// build is kept rather than written again (and with analyses only changed
// documents are analysed); with keep, the last build's index
// is kept even if they are not, and stale says so; written says whether
// the index was written. done, if not nil, is called for each document
// whose text is read.
func writeSearch(ctx context.Context, cat *catalogue.Catalogue, offline bool, workers int, sink render.Sink, m *memo.Memo, salt memo.Sum, keep bool, analyses *siteindex.Analyses, done func()) (n int, stale, written bool, err error) {
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
	rec := &namesSink{Sink: sink}
	var out siteindex.Sink = rec
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
	st, err := siteindex.Write(ctx, docs, out, siteindex.Options{
		Offline: offline, Label: i18n.For(cat.Site.Language).With(cat.Site.Kinds.Text(cat.Site.Language)).T, Workers: workers, Analyses: analyses, Text: text,
		Local: search.Region(cat.Site.Agency.Name), Kinds: cat.Site.Kinds,
	})
	if err == nil && m != nil {
		slices.Sort(rec.names)
		if d, ok := sink.(interface{ Drop(string) }); ok {
			// A patched rendering, or UpdateSearch, kept every file: the
			// old index's files that this one has not go.
			if prev, ok := m.Prev(key); ok {
				for _, f := range prev.Files {
					if _, found := slices.BinarySearch(rec.names, f); !found {
						d.Drop(f)
					}
				}
			}
		}
		m.Done(key, memo.Unit{Sum: sum, Files: rec.names})
	}
	return st.Files, false, true, err
}

// UpdateSearch brings the search index up to date after a build of
// opts.Session that kept it (Options.KeepSearch, Result.SearchStale), from
// that build's catalogue: the pages are not read, decoded or rendered
// again, and only the index files whose bytes change (and _headers, which
// names them) are written. The output is what Run would write. Without a
// last build to start from, it is Run.
func UpdateSearch(ctx context.Context, opts Options) (*Result, error) {
	sess := opts.Session
	if sess == nil || sess.cat == nil || sess.manifest == nil || opts.NoSearch || opts.Check {
		opts.KeepSearch = false
		return Run(ctx, opts)
	}
	start := time.Now()
	opts = opts.withDefaults()
	res := &Result{Out: opts.Out, Diagnostics: sess.diags, Records: sess.records}
	update, err := output.BeginUpdate(opts.Out, sess.manifest, output.Previous{})
	if err != nil {
		return res, err
	}
	if opts.Private {
		update.InPlace()
	}
	names := &namesSink{Sink: update}
	sink := keepingSink{names, update}
	sink.KeepAll()
	sess.memo.CarryAll(map[string]bool{"search": true})
	before := len(names.names)
	fail := func(err error) (*Result, error) {
		update.Abort()
		sess.memo.Discard() // the pages' units stay as the last build left them
		return res, err
	}
	_, _, written, err := writeSearch(ctx, sess.cat, opts.Offline, opts.Workers, allKept{sink}, sess.memo, sess.catSalt, false, sess.search, nil)
	if err != nil {
		return fail(err)
	}
	// _headers names every file: made again only if a file came or went.
	renamed := len(names.dropped) > 0
	for _, name := range names.names[before:] {
		if _, ok := sess.manifest[name]; !ok {
			renamed = true
			break
		}
	}
	if written && renamed && !opts.Offline {
		if err := writeHeaders(names); err != nil {
			return fail(err)
		}
	}
	manifest, err := update.Commit()
	if err != nil {
		sess.lost()
		return res, err
	}
	if err := sess.commit(opts, sess.inputs, manifest, update.Kept(), sess.diags, sess.records); err != nil {
		return res, err
	}
	res.Files, res.Written = len(manifest), true
	res.Changed = len(update.Changed()) + update.Removed()
	res.Duration = time.Since(start)
	return res, nil
}

// allKept is a sink over an output whose files are all kept already
// (keepingSink.KeepAll): keeping one again is nothing to do.
type allKept struct{ keepingSink }

func (allKept) Keep(string) error { return nil }

// SearchDocs reads and joins the records of opts.Source and returns what
// search indexes of them, for `gongkai search` and the tests; it renders and
// writes nothing. Problems in the records are in the reporter.
func SearchDocs(ctx context.Context, opts Options) ([]search.Doc, *diag.Reporter, error) {
	rep := diag.NewReporter(opts.Strict)
	cat, _, err := readCatalogue(ctx, opts, max(opts.Workers, runtime.GOMAXPROCS(0)), rep)
	if err != nil {
		return nil, rep, err
	}
	return search.Docs(cat), rep, nil
}
