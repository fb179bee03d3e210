// Package build owns one run of the pipeline: load the source tree, decode
// and validate records, join them into the catalogue, render the portal, and
// commit the output only if no error was found. It is what the build, check
// and (later) serve commands call.
//
// It holds no state between runs and reads no global configuration.
package build

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search/static"
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
}

// ErrInvalid is returned when the input has errors; the diagnostics say which.
var ErrInvalid = errors.New("the catalogue has errors; the output was left as it was")

// Run builds the site. Problems in the input are in the Result (and make
// the error ErrInvalid); other errors are failures to read or write.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Out == "" {
		opts.Out = filepath.Join(opts.Source, "public")
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sess := opts.Session
	if sess == nil && opts.Cache != "" && !opts.Check {
		sess = loadSession(opts.Cache, opts.Out)
	}
	if opts.Check {
		sess = nil
	}
	res := &Result{Out: opts.Out}
	rep := diag.NewReporter(opts.Strict)
	finish := func(err error) (*Result, error) {
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

	var tree *load.Tree
	var err error
	if sess != nil && sess.tree != nil && opts.Changed != nil {
		tree, err = sess.tree, sess.tree.Refresh(ctx, opts.Changed, rep)
	} else {
		tree, err = readTree(ctx, opts, rep)
	}
	if err != nil {
		if sess != nil {
			sess.tree = nil
		}
		return finish(err)
	}
	if sess != nil {
		sess.tree = tree
	}
	layouts := load.Overlay{Base: gongkai.Layouts(), Dir: filepath.Join(opts.Source, "layouts")}
	staticDir := load.Overlay{Base: gongkai.Static(), Dir: filepath.Join(opts.Source, "static")}
	var salt, inputs memo.Sum
	var manifest output.Manifest
	if sess != nil {
		salt = sess.salt(tree, opts)
		var stale bool
		manifest, stale = sess.trusted(opts.Out)
		if opts.Cache != "" {
			// A build whose every input is as last time has nothing to do.
			if inputs, err = inputSum(salt, tree, layouts, staticDir); err != nil {
				return finish(err)
			}
			if !opts.Today.IsZero() {
				// The deadline warning kept with the last build is that day's.
				h := memo.NewHasher()
				h.Sum(inputs)
				h.String(opts.Today.Format(time.DateOnly))
				inputs = h.Done()
			}
			if rep.Errors() == 0 && !stale && inputs == sess.inputs && len(manifest) == sess.files && sess.files > 0 {
				rep.Add(sess.diags...)
				res.Records, res.Files, res.Written = sess.records, sess.files, true
				return finish(nil)
			}
		}
	}
	site := readSite(tree, opts, rep)
	if opts.Check {
		// Not at build: a site may be built long before it is published.
		site.CheckIdentity(rep)
	}
	var recs []*record.Record
	if sess != nil {
		recs = sess.decodeAll(tree, site, salt, workers, rep)
	} else {
		recs = decodeAll(tree, site, workers, rep)
	}
	for _, r := range recs {
		if !r.Draft || opts.Drafts {
			record.CheckElements(r, site, rep)
		}
	}
	var cat *catalogue.Catalogue
	if sess != nil {
		cat = sess.catalogue(site, recs, salt, opts.Drafts, rep)
	} else {
		cat = catalogue.Build(site, recs, catalogue.Options{Drafts: opts.Drafts}, rep)
	}
	res.Records = len(cat.Records) + len(cat.Pages)
	annual := annualreport.Analyse(cat, annualreport.Options{Today: opts.Today}, rep)

	tmpl, err := render.LoadTemplates(layouts)
	if err != nil {
		var le *render.LayoutError
		if !errors.As(err, &le) {
			return finish(err)
		}
		rep.Report(diag.Pos{Path: "layouts/" + le.Name}, diag.RuleTemplate, le.Err.Error())
		return finish(nil)
	}

	// With errors already found, render anyway to find the rest, but keep
	// nothing.
	var sink render.Sink = output.Discard{}
	var stage *output.Stage
	var update *output.Update
	if !opts.Check && rep.Errors() == 0 {
		if manifest != nil {
			update, err = output.BeginUpdate(opts.Out, manifest)
			if update != nil && opts.Private {
				update.InPlace()
			}
			sink = update
		} else {
			stage, err = output.Begin(opts.Out)
			if stage != nil && sess != nil {
				stage.Track()
			}
			sink = stage
		}
		if err != nil {
			return finish(err)
		}
	}
	var m *memo.Memo
	var versions *render.Versions
	if sess != nil {
		m, versions = sess.memo, sess.versions
	}
	abort := func(err error) (*Result, error) {
		if stage != nil {
			stage.Abort()
		}
		if update != nil {
			update.Abort()
		}
		if m != nil {
			m.Discard()
			// The versions went with the build discarded.
			sess.versions = render.NewVersions()
		}
		return finish(err)
	}
	// Online builds fingerprint assets and list every file in _headers.
	var names *namesSink
	if !opts.Offline {
		names = &namesSink{Sink: sink}
		sink = names
		if update != nil {
			sink = keepingSink{names, update}
		}
	}
	claimed, err := claimOutput(cat, opts, rep)
	if err != nil {
		return abort(err)
	}
	assets, statics, err := writeStatic(staticDir, sink, !opts.Offline, claimed, rep)
	if err != nil {
		return abort(err)
	}
	rr, err := render.Render(ctx, cat, tmpl, render.Options{Offline: opts.Offline, Workers: workers, SitemapLimit: opts.SitemapLimit, Annual: annual, NoSearch: opts.NoSearch, Assets: assets, Memo: m, Salt: salt, Versions: versions, Claims: claimed}, sink, rep)
	res.Files = rr.Files + statics
	res.Patched = rr.Patched
	if err != nil {
		var le *render.LayoutError
		if errors.As(err, &le) {
			rep.Report(diag.Pos{Path: "layouts/" + le.Name}, diag.RuleTemplate, le.Err.Error())
			return abort(nil)
		}
		return abort(err)
	}
	if (stage == nil && update == nil) || rep.Errors() > 0 {
		return abort(nil)
	}
	searchWritten := false
	if !opts.NoSearch {
		// The analyses of the documents are kept in memory for the next
		// build of a session that lives on (serve), not for one saved to
		// disk, whose process ends: there they would double the memory.
		var cache *static.Cache
		if sess != nil && opts.Cache == "" {
			cache = sess.search
		}
		n, stale, written, err := writeSearch(ctx, cat, opts.Offline, workers, sink, m, salt, opts.KeepSearch, cache)
		res.Files += n
		res.SearchStale = stale
		searchWritten = written
		if err != nil {
			return abort(err)
		}
	}
	// A patched rendering kept every file, _headers too: it need not be
	// made again unless the search index, whose files it names, changed.
	if names != nil && !(rr.Patched && !searchWritten) {
		if err := writeHeaders(names); err != nil {
			return abort(err)
		}
		res.Files++
	}
	if update != nil {
		if manifest, err = update.Commit(); err == nil {
			res.Changed = len(update.Changed()) + update.Removed()
		}
	} else {
		err = stage.Commit()
		manifest = stage.Manifest()
		res.Changed = res.Files
	}
	if manifest != nil {
		res.Files = len(manifest)
	}
	if err != nil {
		if m != nil {
			m.Discard()
			m.Forget()
			sess.manifest = nil
			sess.versions = render.NewVersions()
		}
		return finish(err)
	}
	res.Written = true
	if sess != nil {
		m.Commit()
		sess.search.Commit()
		sess.manifest = manifest
		sess.inputs = inputs
		sess.diags = rep.Diagnostics()
		sess.records, sess.files = res.Records, len(manifest)
		if opts.Cache != "" {
			if err := sess.save(opts.Cache, opts.Out); err != nil {
				return finish(err)
			}
		}
	}
	return finish(nil)
}

// decodeAll decodes every record file on workers goroutines, keeping order.
func decodeAll(tree *load.Tree, site *config.Site, workers int, rep *diag.Reporter) []*record.Record {
	out := make([]*record.Record, len(tree.Records))
	forEach(len(tree.Records), workers, func(i int) {
		out[i] = record.Decode(tree.Records[i], site, tree.Assets, rep)
	})
	recs := out[:0]
	for _, r := range out {
		if r != nil {
			recs = append(recs, r)
		}
	}
	return recs
}

// forEach calls fn for 0 to n-1 on workers goroutines.
func forEach(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
