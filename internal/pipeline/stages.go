package pipeline

import (
	"context"
	"errors"
	"path/filepath"

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
)

// loadContent is the load stage: content/ of opts.Source as this build
// reads it, whole or, from a session, only what changed.
func loadContent(ctx context.Context, opts Options, r reuse, rep *diag.Reporter) (*load.Tree, error) {
	return r.load(ctx, opts, rep)
}

// decode is the decode stage: site.yaml and every record file of tree,
// decoded and validated. done, if not nil, is called for each file.
func decode(tree *load.Tree, opts Options, salt memo.Sum, r reuse, done func(), rep *diag.Reporter) (*config.Site, []*record.Record) {
	site, recs := decodeRecords(tree, opts, salt, r, done, rep)
	if opts.Check {
		// Not at build: a site may be built long before it is published.
		site.CheckIdentity(rep)
	}
	for _, rec := range recs {
		if !rec.Draft || opts.Drafts {
			record.CheckElements(rec, site, rep)
		}
	}
	return site, recs
}

// decodeRecords decodes site.yaml and every record file of tree, without
// the checks only a build makes.
func decodeRecords(tree *load.Tree, opts Options, salt memo.Sum, r reuse, done func(), rep *diag.Reporter) (*config.Site, []*record.Record) {
	site := readSite(tree, opts, rep)
	return site, r.decode(tree, site, salt, opts.Workers, done, rep)
}

// joinCatalogue is the catalogue stage: the records joined into the
// catalogue (terms, relations, URLs, the output's file names).
func joinCatalogue(site *config.Site, recs []*record.Record, opts Options, salt memo.Sum, r reuse, rep *diag.Reporter) *catalogue.Catalogue {
	return r.catalogue(site, recs, salt, opts.Drafts, rep)
}

// annualReports is the annual stage ("reports" in --timings): the annual
// reports' figures, checked and counted from the catalogue.
func annualReports(cat *catalogue.Catalogue, opts Options, rep *diag.Reporter) *annualreport.Set {
	return annualreport.Analyse(cat, annualreport.Options{Today: opts.Today}, rep)
}

// templates loads the site's layouts over the built-in ones. A layout that
// does not parse is reported to rep, and nil returned with a nil error.
func templates(opts Options, rep *diag.Reporter) (*render.Templates, error) {
	tmpl, err := render.LoadTemplates(layoutFiles(opts))
	if err != nil {
		var le *render.LayoutError
		if !errors.As(err, &le) {
			return nil, err
		}
		rep.Report(diag.Pos{Path: "layouts/" + le.Name}, diag.RuleTemplate, le.Err.Error())
		return nil, nil
	}
	return tmpl, nil
}

// layoutFiles are the site's layouts over the built-in ones.
func layoutFiles(opts Options) load.Overlay {
	return load.Overlay{Base: gongkai.Layouts(), Dir: filepath.Join(opts.Source, "layouts")}
}

// staticFiles are the site's static files over the built-in ones.
func staticFiles(opts Options) load.Overlay {
	return load.Overlay{Base: gongkai.Static(), Dir: filepath.Join(opts.Source, "static")}
}

// target is where a build's files go: a new folder staged beside the
// output folder, the output folder updated from its manifest, or nowhere
// (a check, or a build that already found errors).
type target struct {
	stage  *output.Stage
	update *output.Update
	sink   render.Sink // what the stages write through
	names  *namesSink  // the files written, for _headers; nil offline
}

// Every sink of a target writes large files as they are made.
var (
	_ render.StreamSink = (*output.Stage)(nil)
	_ render.StreamSink = (*output.Update)(nil)
	_ render.StreamSink = output.Discard{}
	_ render.StreamSink = (*namesSink)(nil)
	_ render.StreamSink = keepingSink{}
)

// openTarget opens the output of a build: nowhere unless keep, else the
// output folder updated when p has its manifest, else a new folder.
func openTarget(opts Options, p plan, keep bool) (*target, error) {
	t := &target{sink: output.Discard{}}
	if !opts.Check && keep {
		var err error
		if p.manifest != nil {
			t.update, err = output.BeginUpdate(opts.Out, p.manifest, p.previous)
			if t.update != nil && opts.Private {
				t.update.InPlace()
			}
			t.sink = t.update
		} else {
			t.stage, err = output.Begin(opts.Out)
			if t.stage != nil && p.track {
				t.stage.Track()
			}
			t.sink = t.stage
		}
		if err != nil {
			return nil, err
		}
	}
	// Online builds fingerprint assets and list every file in _headers.
	if !opts.Offline {
		t.names = &namesSink{Sink: t.sink}
		t.sink = t.names
		if t.update != nil {
			t.sink = keepingSink{t.names, t.update}
		}
	}
	return t, nil
}

// discard reports whether the target keeps nothing.
func (t *target) discard() bool { return t.stage == nil && t.update == nil }

// abort removes what was staged.
func (t *target) abort() {
	if t.stage != nil {
		t.stage.Abort()
	}
	if t.update != nil {
		t.update.Abort()
	}
}

// rendered is what the render stage wrote.
type rendered struct {
	files   int  // files written or kept, static files included
	patched bool // only what shows the changed records was rendered
}

// renderSite is the render stage: the static files and every page of cat
// written to dst, reusing the pages of kept's memo whose inputs are as
// they were. A layout that fails is reported to rep, not returned. done,
// if not nil, is called for each record or plain page.
func renderSite(ctx context.Context, cat *catalogue.Catalogue, annual *annualreport.Set, tmpl *render.Templates, opts Options, salt memo.Sum, kept kept, dst *target, done func(), rep *diag.Reporter) (rendered, error) {
	claimed, err := claimOutput(cat, opts, rep)
	if err != nil {
		return rendered{}, err
	}
	assets, statics, err := writeStatic(staticFiles(opts), dst.sink, !opts.Offline, claimed, rep)
	if err != nil {
		return rendered{}, err
	}
	rr, err := render.Render(ctx, cat, tmpl, render.Options{Offline: opts.Offline, Workers: opts.Workers, SitemapLimit: opts.SitemapLimit,
		Annual: annual, NoSearch: opts.NoSearch, Assets: assets, Memo: kept.memo, Salt: salt, Versions: kept.versions, Claims: claimed, EntryDone: done}, dst.sink, rep)
	out := rendered{files: rr.Files + statics, patched: rr.Patched}
	var le *render.LayoutError
	if errors.As(err, &le) {
		rep.Report(diag.Pos{Path: "layouts/" + le.Name}, diag.RuleTemplate, le.Err.Error())
		return out, nil
	}
	return out, err
}

// indexed is what the search stage wrote.
type indexed struct {
	files   int
	stale   bool // the last build's index was kept though the records changed
	written bool // the index was written (rather than kept)
}

// searchIndex is the search stage: the index of cat that the site's search
// page reads, written to dst, or kept from kept's memo when its documents
// are as they were.
// done, if not nil, is called for each document whose text is read.
func searchIndex(ctx context.Context, cat *catalogue.Catalogue, opts Options, salt memo.Sum, kept kept, dst *target, done func()) (indexed, error) {
	if opts.NoSearch {
		return indexed{}, nil
	}
	n, stale, written, err := writeSearch(ctx, cat, opts.Offline, opts.Workers, dst.sink, kept.memo, salt, opts.KeepSearch, kept.search, done)
	return indexed{files: n, stale: stale, written: written}, err
}

// committed is what the write stage did.
type committed struct {
	files    int // in the output folder
	changed  int // written or removed
	manifest output.Manifest
	previous output.Manifest // of the output swapped out and kept; nil: none
	err      error           // the output could not be put in place
}

// write is the write stage: _headers, then the output put in place. files
// counts what the earlier stages wrote. Its error is a failure before the
// output was touched; committed.err one in putting the output in place.
func write(dst *target, rr rendered, sr indexed, files int) (committed, error) {
	// A patched rendering kept every file, _headers too: it need not be
	// made again unless the search index, whose files it names, changed.
	if dst.names != nil && !(rr.patched && !sr.written) {
		if err := writeHeaders(dst.names); err != nil {
			return committed{}, err
		}
		files++
	}
	c := committed{files: files}
	if dst.update != nil {
		if c.manifest, c.err = dst.update.Commit(); c.err == nil {
			c.changed = len(dst.update.Changed()) + dst.update.Removed()
			c.previous = dst.update.Kept()
		}
	} else {
		c.err = dst.stage.Commit()
		c.manifest = dst.stage.Manifest()
		c.changed = files
	}
	if c.manifest != nil {
		c.files = len(c.manifest)
	}
	return c, nil
}
