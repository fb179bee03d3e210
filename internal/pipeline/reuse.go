package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

// reuse is what the stages of a run may take from earlier builds of the
// same site into the same output folder, and what they leave for later
// ones. A clean run (clean) takes and leaves nothing; a Session takes what
// its last build left.
type reuse interface {
	// load reads content/.
	load(ctx context.Context, opts Options, rep *diag.Reporter) (*load.Tree, error)
	// plan says what of the output may be kept, from the inputs in tree.
	plan(tree *load.Tree, opts Options) (plan, error)
	// decode decodes the record files of tree, in order, calling done
	// (if not nil) for each.
	decode(tree *load.Tree, site *config.Site, salt memo.Sum, workers int, done func(), rep *diag.Reporter) []*record.Record
	// catalogue joins recs into the catalogue.
	catalogue(site *config.Site, recs []*record.Record, salt memo.Sum, drafts bool, rep *diag.Reporter) *catalogue.Catalogue
	// state is what rendering and the search index reuse.
	state(opts Options) kept
	// abort says the build failed before its output was put in place.
	abort()
	// lost says the output could not be put in place: what it was is not
	// known.
	lost()
	// commit says the build's output is in place, with this manifest.
	// previous is the manifest of the output swapped out and kept for the
	// next build to update (see output.Previous), nil if none was kept.
	commit(opts Options, inputs memo.Sum, manifest, previous output.Manifest, diags []diag.Diagnostic, records int) error
}

// plan is what a build may keep of the output folder.
type plan struct {
	salt     memo.Sum        // of every page's inputs besides records and layouts
	inputs   memo.Sum        // of every input of the build
	manifest output.Manifest // of the output folder to update; nil: write a new one
	previous output.Previous // the output an earlier build swapped out, to update into this one
	track    bool            // keep the manifest of a new folder
	last     *lastBuild      // the last build's output is this one's: nothing to do
	damaged  bool            // the rest of the cache file was damaged, and ignored (Session.readRest)
}

// lastBuild is what a build left that one with the same inputs reports.
type lastBuild struct {
	diags          []diag.Diagnostic
	records, files int
}

// kept is what rendering and the search index reuse: nil, nothing.
type kept struct {
	memo     *memo.Memo
	versions *render.Versions
	search   *siteindex.Analyses
}

// reuseFor is the reuse of a run with opts: the session given, the one
// kept in opts.Cache (a new one with opts.Clean), or none; a check reuses
// nothing. state says what became of opts.Cache.
func reuseFor(opts Options) (r reuse, state CacheState) {
	switch {
	case opts.Check:
		return clean{}, CacheNone
	case opts.Session != nil:
		return opts.Session, CacheNone
	case opts.Cache != "" && opts.Clean:
		return newKeptSession(), CacheNone
	case opts.Cache != "":
		return loadSession(opts.Cache, opts.Out)
	}
	return clean{}, CacheNone
}

// clean is the reuse of a clean run: everything is done afresh and
// nothing kept.
type clean struct{}

func (clean) load(ctx context.Context, opts Options, rep *diag.Reporter) (*load.Tree, error) {
	return readTree(ctx, opts, rep)
}

func (clean) plan(*load.Tree, Options) (plan, error) { return plan{}, nil }

func (clean) decode(tree *load.Tree, site *config.Site, _ memo.Sum, workers int, done func(), rep *diag.Reporter) []*record.Record {
	return decodeAll(tree, site, workers, done, rep)
}

func (clean) catalogue(site *config.Site, recs []*record.Record, _ memo.Sum, drafts bool, rep *diag.Reporter) *catalogue.Catalogue {
	return catalogue.Build(site, recs, catalogue.Options{Drafts: drafts}, rep)
}

func (clean) state(Options) kept { return kept{} }
func (clean) abort()             {}
func (clean) lost()              {}

func (clean) commit(Options, memo.Sum, output.Manifest, output.Manifest, []diag.Diagnostic, int) error {
	return nil
}

// load reads content/ again but for the record files whose metadata say
// they are as the session last decoded them, or with opts.Changed only the
// files that changed since the session's last build.
func (s *Session) load(ctx context.Context, opts Options, rep *diag.Reporter) (*load.Tree, error) {
	var tree *load.Tree
	var err error
	if s.tree != nil && opts.Changed != nil {
		tree, err = s.tree, s.tree.Refresh(ctx, opts.Changed, rep)
	} else {
		tree, err = load.ContentSince(ctx, filepath.Join(opts.Source, "content"), "content", load.Reading{Known: s.known, Lean: s.apart}, rep)
	}
	if err != nil {
		s.tree = nil
		return nil, err
	}
	s.tree = tree
	return tree, nil
}

// plan keeps the output folder when it is as the session's last build
// left it, and, for a session kept on disk, finds whether every input is
// as it was then.
func (s *Session) plan(tree *load.Tree, opts Options) (plan, error) {
	p := plan{salt: s.salt(tree, opts), track: true}
	var stale bool
	p.manifest, stale = s.trusted(opts.Out)
	if opts.Cache == "" {
		return p, nil
	}
	if !opts.Private {
		p.previous = output.Previous{Dir: previousPath(opts.Cache, opts.Out), Manifest: s.previous, Folders: s.prevFolders}
	}
	inputs, err := inputSum(p.salt, tree, layoutFiles(opts), staticFiles(opts))
	if err != nil {
		return p, err
	}
	if !opts.Today.IsZero() {
		// The deadline warning kept with the last build is that day's.
		h := memo.NewHasher()
		h.Sum(inputs)
		h.String(opts.Today.Format(time.DateOnly))
		inputs = h.Done()
	}
	p.inputs = inputs
	if !stale && inputs == s.inputs && len(p.manifest) == s.files && s.files > 0 {
		p.last = &lastBuild{diags: s.diags, records: s.records, files: s.files}
	} else {
		p.damaged = s.readRest() == CacheDamaged
	}
	return p, nil
}

// state is the session's memo of pages and the fingerprints of the
// entries it rendered; and, for a session that lives on in this process
// (serve), the analyses of the search index's documents and the rows of
// the exports: kept for one saved to disk, whose process ends, they would
// double the memory.
func (s *Session) state(opts Options) kept {
	k := kept{memo: s.memo, versions: s.versions}
	s.versions.KeepRows(opts.Cache == "")
	if opts.Cache == "" {
		k.search = s.search
	}
	return k
}

func (s *Session) abort() {
	s.memo.Discard()
	// The versions went with the build discarded.
	s.versions = render.NewVersions()
}

func (s *Session) lost() {
	s.memo.Discard()
	s.memo.Forget()
	s.manifest, s.folders, s.prevFolders = nil, nil, nil
	s.versions = render.NewVersions()
}

// commit makes the build the one the next compares with, and saves the
// session when it is kept on disk.
func (s *Session) commit(opts Options, inputs memo.Sum, manifest, previous output.Manifest, diags []diag.Diagnostic, records int) error {
	s.memo.Commit()
	s.search.Commit()
	s.manifest, s.previous = manifest, previous
	s.inputs = inputs
	s.diags = diags
	s.records, s.files = records, len(manifest)
	if opts.Cache != "" {
		// Only a session read from disk verifies the output folder.
		// Without the folders recorded, the next build reads every one.
		// The output just swapped out and kept is the one the folders
		// were recorded for, if this build found it exactly as its
		// manifest said (trusted): its files are then all kept, none
		// changed by hand in a folder whose time would not tell.
		s.prevFolders = nil
		if previous != nil {
			s.prevFolders = s.folders
		}
		s.folders, _ = output.RecordFolders(opts.Out, manifest)
		return s.save(opts.Cache, opts.Out)
	}
	return nil
}

// known is the load.Known of the files the session last decoded.
func (s *Session) known(rel string, st load.Stat) (sum [32]byte, ok bool) {
	d, found := s.decoded[rel]
	if !found || d.file == nil || !st.Same(d.file.Stat) {
		return sum, false
	}
	return d.file.Sum, true
}

// decoded is one record file as the session last decoded it.
type decoded struct {
	file  *load.File // as read, so an unchanged file is known without hashing
	salt  memo.Sum
	asset memo.Sum
	key   memo.Sum // the file's bytes, the site's configuration and attachments
	rec   *record.Record
	diags []diag.Diagnostic
	apart bool // rec was kept on disk without its body (savedRecord)
}

// decode decodes the record files of tree, reusing the records of files
// whose bytes, site configuration and attachments are as when the session
// last decoded them, and reporting their diagnostics again.
func (s *Session) decode(tree *load.Tree, site *config.Site, salt memo.Sum, workers int, done func(), rep *diag.Reporter) []*record.Record {
	s.readRecords()
	assets := assetsSum(tree)
	out := make([]decoded, len(tree.Records))
	_ = pool.Each(context.Background(), workers, len(tree.Records), func(_ context.Context, i int) error {
		if done != nil {
			defer done()
		}
		f := tree.Records[i]
		if d, ok := s.decoded[f.Rel]; ok && d.file == f && d.salt == salt && d.asset == assets {
			out[i] = d
			return nil
		}
		if d, ok := s.decoded[f.Rel]; ok && d.key == decodeKey(f, salt, assets) {
			if d.apart {
				d.rec, d.apart = d.rec.Apart(bodyOf(tree, f, site, d.rec.Source)), false
			}
			d.file = f
			out[i] = d
			return nil
		}
		own := rep.Fork()
		if !tree.Read(f, own) {
			out[i] = decoded{diags: own.Diagnostics()}
			return nil
		}
		rec := record.Decode(f, site, tree.Assets, own)
		if s.apart {
			rec = withoutBody(tree, f, site, rec)
		}
		out[i] = decoded{file: f, salt: salt, asset: assets, key: decodeKey(f, salt, assets), rec: rec, diags: own.Diagnostics()}
		return nil
	})
	clear(s.decoded)
	var recs []*record.Record
	for i, d := range out {
		s.decoded[tree.Records[i].Rel] = d
		rep.Add(d.diags...)
		if d.rec != nil {
			recs = append(recs, d.rec)
		}
	}
	return recs
}

// withoutBody is rec, just decoded from f, with its body left in its file
// (record.Apart), and f without its text: a build that reads each body
// once or twice (its page, its search entry) need not hold them all.
func withoutBody(tree *load.Tree, f *load.File, site *config.Site, rec *record.Record) *record.Record {
	f.Data = nil
	if rec == nil || len(rec.Markdown) == 0 {
		// No body, or one refused (record's checkBody): nothing to read.
		return rec
	}
	return rec.Apart(bodyOf(tree, f, site, rec.Source))
}

// bodyOf reads the body of the record file f again, for a record kept
// without it; source is the SHA-256 its text had then, and must still have.
func bodyOf(tree *load.Tree, f *load.File, site *config.Site, source [32]byte) func() ([]byte, error) {
	return func() ([]byte, error) {
		rep := diag.NewReporter(false)
		g := &load.File{Rel: f.Rel, Path: f.Path}
		if !tree.Read(g, rep) || g.Sum != source {
			return nil, errChangedDuringBuild
		}
		if body, ok := record.MarkdownBody(g); ok {
			return body, nil
		}
		rec := record.Decode(g, site, tree.Assets, rep)
		if rec == nil {
			return nil, errChangedDuringBuild
		}
		return rec.Markdown, nil
	}
}

// errChangedDuringBuild is why a record's body could not be read again.
var errChangedDuringBuild = errors.New("the file changed during the build")

// unread reports, as errors, the records of cat whose bodies were asked
// for but could not be read again (record.Apart): the build must not keep
// what it made of them.
func unread(cat *catalogue.Catalogue, rep *diag.Reporter) {
	for _, es := range [][]*catalogue.Entry{cat.Records, cat.Pages} {
		for _, e := range es {
			if e.BodyErr() != nil {
				rep.Report(diag.Pos{Path: e.Path}, diag.RuleUnreadable, diag.Text{Zh: "文件在生成过程中被改动，请重新生成", En: "the file changed during the build; build again"})
			}
		}
	}
}

// decodeKey fingerprints what decoding f reads: its bytes, the site's
// configuration (in salt) and the attachments.
func decodeKey(f *load.File, salt, assets memo.Sum) memo.Sum {
	h := memo.NewHasher()
	h.Sum(salt)
	h.Sum(assets)
	h.String(f.Rel)
	h.String(f.Path)
	h.Sum(f.Sum)
	return h.Done()
}

// catalogue joins recs into the catalogue. When they are the records of
// the session's last catalogue but for fields the catalogue does not build
// on (catalogue.Structure: titles, summaries, bodies ...), the last
// catalogue is reused with those records put in.
func (s *Session) catalogue(site *config.Site, recs []*record.Record, salt memo.Sum, drafts bool, rep *diag.Reporter) *catalogue.Catalogue {
	if s.cat != nil && s.catSalt == salt && len(recs) == len(s.catRecs) {
		same := true
		for i, r := range recs {
			o := s.catRecs[i]
			if r != o && (r.Rel != o.Rel || catalogue.Structure(r) != catalogue.Structure(o)) {
				same = false
				break
			}
		}
		if same {
			for i, r := range recs {
				if r == s.catRecs[i] {
					continue
				}
				if e := s.byRel[r.Rel]; e != nil {
					e.Record = r
					e.Brief = catalogue.Brief(r)
				}
			}
			s.catRecs = recs
			rep.Add(s.catDiags...)
			return s.cat
		}
	}
	own := rep.Fork()
	cat := catalogue.Build(site, recs, catalogue.Options{Drafts: drafts}, own)
	s.cat, s.catRecs, s.catSalt, s.catDiags = cat, recs, salt, own.Diagnostics()
	rep.Add(s.catDiags...)
	s.byRel = make(map[string]*catalogue.Entry, len(cat.Records)+len(cat.Pages))
	for _, es := range [][]*catalogue.Entry{cat.Records, cat.Pages} {
		for _, e := range es {
			s.byRel[e.Rel] = e
		}
	}
	return cat
}
