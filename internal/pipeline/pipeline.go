// Package pipeline owns one run of the pipeline, in named stages: load the
// source tree, decode and validate records, join them into the catalogue,
// analyse the annual reports, render the portal, write the search index,
// and put the output in place only if no error was found. It is what the
// build, check and serve commands call.
//
// What one run leaves for the next is a Session's (in memory for serve, in
// the cache folder for build); a run without one keeps nothing. It reads no
// global configuration.
package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/record"
)

// Options configures a run.
type Options struct {
	Source  string // the site folder, holding content/, layouts/ and static/
	Out     string // the output folder; "" means public/ in Source
	Offline bool   // links that work from file://
	Drafts  bool   // include draft records
	Strict  bool   // warnings are errors
	Check   bool   // validate and render, but write nothing
	Workers int    // 0: one per CPU

	Kinds config.KindTable // the record kinds; nil: config.BuiltinKinds

	SitemapLimit int  // URLs per sitemap file; 0: the sitemaps.org limit
	NoSearch     bool // no search index, page or box

	// Today is the date for the annual-report deadline warning; zero skips
	// it. It changes the warnings only, never the output.
	Today time.Time

	// Session makes the build incremental: it reuses what the session's
	// earlier builds decoded, rendered and wrote. Cache does the same with
	// a session kept on disk in that folder (normally .gongkai-cache in the
	// site) between runs. With neither, every build is a clean one.
	Session *Session
	Cache   string
	// Clean, with Cache, builds afresh without reading the session kept
	// there, and keeps this build's for the next.
	Clean bool
	// KeepSearch, with Session, leaves the search index as the session's
	// last build wrote it (Result.SearchStale says whether it is out of
	// date), so the live preview can reload pages first and bring the
	// index up to date in a second build.
	KeepSearch bool
	// Changed, with Session, lists the paths (relative to content/) that
	// changed since the session's last build, so that only they are read
	// again; nil means not known, and content/ is read whole.
	Changed []string
	// Private says that nothing but the caller reads the output folder
	// (the live preview's): an incremental build then moves its changed
	// files in one by one, rather than swapping in a whole new folder,
	// which costs a step for every file of the site.
	Private bool
	// Exclude names record files (relative to content/) that LoadModel and
	// SearchDocs leave unread, such as the file a command is about to write.
	Exclude []string
	// Progress, when set, is told as each stage begins and advances.
	Progress Progress
}

// Result is what a run found and did.
type Result struct {
	Diagnostics []diag.Diagnostic
	Errors      int
	Records     int  // records and pages in the catalogue
	Files       int  // files in the output (or that would be, for Check)
	Written     bool // the output folder now holds this build
	Changed     int  // files written or removed in the output folder: all of them for a clean build
	SearchStale bool // with KeepSearch: the search index was kept though the records changed
	Patched     bool // only what shows the changed records was rendered (see render.Result)
	Out         string
	Duration    time.Duration
	Timings     []Timing // of the stages that ran, in order
	// Cache says whether Options.Cache was used or, damaged or from
	// another version of gongkai, ignored for a clean build.
	Cache CacheState
}

// ErrInvalid is returned when the input has errors; the diagnostics say which.
var ErrInvalid = errors.New("the catalogue has errors; the output was left as it was")

// Run builds the site. Problems in the input are in the Result (and make
// the error ErrInvalid); other errors are failures to read or write.
//
// A run is the stages load, decode, catalogue, reports, render, search and
// write, in that order, each a function of stages.go; what a stage may take
// from earlier builds it asks of the run's reuse (a clean run's or a
// Session's).
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	opts = opts.withDefaults()
	// The load stage counts reading the cache and checking the output
	// folder too.
	t := &tracker{progress: opts.Progress}
	t.begin(StageLoad, 0)
	r, cache := reuseFor(opts)
	res := &Result{Out: opts.Out, Cache: cache}
	rep := diag.NewReporter(opts.Strict)
	finish := func(err error) (*Result, error) {
		t.end()
		res.Timings = t.timings
		res.Diagnostics = rep.Diagnostics()
		res.Errors = rep.Errors()
		res.Duration = time.Since(start)
		if err == nil && res.Errors > 0 {
			err = ErrInvalid
		}
		return res, err
	}
	if !opts.Check {
		if err := checkOut(opts.Source, opts.Out); err != nil {
			return finish(err)
		}
		output.RemoveLeftovers(opts.Out)
	}

	tree, err := loadContent(ctx, opts, r, rep)
	if err != nil {
		return finish(err)
	}
	t.done(len(tree.Records))
	p, err := r.plan(tree, opts)
	if err != nil {
		return finish(err)
	}
	if p.damaged {
		res.Cache = CacheDamaged
	}
	if p.last != nil && rep.Errors() == 0 {
		// A build whose every input is as last time has nothing to do.
		rep.Add(p.last.diags...)
		res.Records, res.Files, res.Written = p.last.records, p.last.files, true
		return finish(nil)
	}
	t.begin(StageDecode, len(tree.Records))
	site, recs := decode(tree, opts, p.salt, r, t.tick(), rep)
	t.begin(StageCatalogue, 0)
	cat := joinCatalogue(site, recs, opts, p.salt, r, rep)
	res.Records = len(cat.Records) + len(cat.Pages)
	t.done(res.Records)
	t.begin(StageAnnual, 0)
	annual := annualReports(cat, opts, rep)

	t.begin(StageRender, res.Records)
	tmpl, err := templates(opts, rep)
	if tmpl == nil {
		return finish(err)
	}
	// With errors already found, render anyway to find the rest, but keep
	// nothing.
	dst, err := openTarget(opts, p, rep.Errors() == 0)
	if err != nil {
		return finish(err)
	}
	kept := r.state(opts)
	abort := func(err error) (*Result, error) {
		dst.abort()
		r.abort()
		return finish(err)
	}
	rr, err := renderSite(ctx, cat, annual, tmpl, opts, p.salt, kept, dst, t.tick(), rep)
	res.Files = rr.files
	res.Patched = rr.patched
	if err != nil || rep.Errors() > 0 || dst.discard() {
		return abort(err)
	}
	if !opts.NoSearch {
		t.begin(StageSearch, res.Records)
	}
	sr, err := searchIndex(ctx, cat, opts, p.salt, kept, dst, t.tick())
	res.Files += sr.files
	res.SearchStale = sr.stale
	if err != nil {
		return abort(err)
	}
	if unread(cat, rep); rep.Errors() > 0 {
		return abort(nil)
	}
	t.begin(StageWrite, 0)
	wr, err := write(dst, rr, sr, res.Files)
	if err != nil {
		return abort(err)
	}
	res.Files, res.Changed = wr.files, wr.changed
	if wr.err != nil {
		r.lost()
		return finish(wr.err)
	}
	res.Written = true
	return finish(r.commit(opts, p.inputs, wr.manifest, wr.previous, rep.Diagnostics(), res.Records))
}

// withDefaults fills in the output folder and the number of workers.
func (opts Options) withDefaults() Options {
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Source, "public")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return opts
}

// decodeAll decodes every record file on workers goroutines, keeping
// order, calling done (if not nil) for each. Each file is read when
// decoded, and its record's body left in it (withoutBody).
func decodeAll(tree *load.Tree, site *config.Site, workers int, done func(), rep *diag.Reporter) []*record.Record {
	out := make([]*record.Record, len(tree.Records))
	_ = pool.Each(context.Background(), workers, len(tree.Records), func(_ context.Context, i int) error {
		if f := tree.Records[i]; tree.Read(f, rep) {
			out[i] = withoutBody(tree, f, site, record.Decode(f, site, tree.Assets, rep))
		}
		if done != nil {
			done()
		}
		return nil
	})
	recs := out[:0]
	for _, r := range out {
		if r != nil {
			recs = append(recs, r)
		}
	}
	return recs
}
