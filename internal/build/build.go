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
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/render"
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

	SitemapLimit int  // URLs per sitemap file; 0: the sitemaps.org limit
	NoSearch     bool // no search index, page or box

	// Today is the date for the annual-report deadline warning; zero (as
	// for build) skips it, so the same input always gives the same output.
	Today time.Time
}

// Result is what a run found and did.
type Result struct {
	Diagnostics []diag.Diagnostic
	Errors      int
	Records     int  // records and pages in the catalogue
	Files       int  // files written (or that would be, for Check)
	Written     bool // the output folder was replaced
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
	res := &Result{Out: opts.Out}
	rep := diag.NewReporter("zh-CN", opts.Strict)
	finish := func(err error) (*Result, error) {
		res.Diagnostics = rep.Diagnostics()
		res.Errors = rep.Errors()
		res.Duration = time.Since(start)
		if err == nil && res.Errors > 0 {
			err = ErrInvalid
		}
		return res, err
	}

	cat, _, err := readCatalogue(ctx, opts, workers, rep)
	if err != nil {
		return finish(err)
	}
	res.Records = len(cat.Records) + len(cat.Pages)
	annual := annualreport.Analyse(cat, annualreport.Options{Today: opts.Today}, rep)

	layouts := load.Overlay{Base: gongkai.Layouts(), Dir: filepath.Join(opts.Source, "layouts")}
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
	if !opts.Check && rep.Errors() == 0 {
		if stage, err = output.Begin(opts.Out); err != nil {
			return finish(err)
		}
		sink = stage
	}
	abort := func(err error) (*Result, error) {
		if stage != nil {
			stage.Abort()
		}
		return finish(err)
	}
	// Online builds fingerprint assets and list every file in _headers.
	var names *namesSink
	if !opts.Offline {
		names = &namesSink{Sink: sink}
		sink = names
	}
	assets, statics, err := writeStatic(opts.Source, sink, !opts.Offline)
	if err != nil {
		return abort(err)
	}
	n, err := render.Render(ctx, cat, tmpl, render.Options{Offline: opts.Offline, Workers: workers, SitemapLimit: opts.SitemapLimit, Annual: annual, NoSearch: opts.NoSearch, Assets: assets}, sink, rep)
	res.Files = n + statics
	if err != nil {
		var le *render.LayoutError
		if errors.As(err, &le) {
			rep.Report(diag.Pos{Path: "layouts/" + le.Name}, diag.RuleTemplate, le.Err.Error())
			return abort(nil)
		}
		return abort(err)
	}
	if stage == nil || rep.Errors() > 0 {
		return abort(nil)
	}
	if !opts.NoSearch {
		n, err := writeSearch(ctx, cat, opts.Offline, workers, sink)
		res.Files += n
		if err != nil {
			return abort(err)
		}
	}
	if names != nil {
		if err := writeHeaders(names); err != nil {
			return abort(err)
		}
		res.Files++
	}
	if err := stage.Commit(); err != nil {
		return finish(err)
	}
	res.Written = true
	return finish(nil)
}

// decodeAll decodes every record file on workers goroutines, keeping order.
func decodeAll(tree *load.Tree, site *config.Site, workers int, rep *diag.Reporter) []*record.Record {
	out := make([]*record.Record, len(tree.Records))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = record.Decode(tree.Records[i], site, tree.Assets, rep)
			}
		}()
	}
	for i := range tree.Records {
		next <- i
	}
	close(next)
	wg.Wait()
	recs := out[:0]
	for _, r := range out {
		if r != nil {
			recs = append(recs, r)
		}
	}
	return recs
}
