package pipeline

import (
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/record"
	"github.com/gongkai/gongkai/internal/render"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

// Session is what a build of a site into an output folder leaves for the
// next build of the same: the records it decoded (by their bytes), the memo
// of the pages it rendered, and the manifest of the output folder. With it,
// a build decodes, renders and writes only what changed, and its output is
// byte for byte what a clean build would write.
//
// `gongkai build` keeps a session in the site's cache folder between runs
// (Options.Cache); the live preview keeps one in memory (Options.Session).
// A session serves one site and one output folder; it is not safe for
// concurrent builds.
type Session struct {
	memo     *memo.Memo
	manifest output.Manifest // of the output folder as the last build left it; nil: none
	previous output.Manifest // of the output it swapped out and kept (previousPath); nil: none
	// folders are those of the output folder as the last build left it,
	// for a session kept on disk, while they describe it (trusted);
	// prevFolders are those of the output kept in previousPath.
	folders, prevFolders output.Folders
	verify               bool // compare the manifest with the folder before use
	// apart says records are kept without their bodies, read from their
	// files when asked for (withoutBody): a session kept on disk builds
	// once in its process, the live preview's many times.
	apart    bool
	decoded  map[string]decoded
	tree     *load.Tree // content/ as the last build read it, for Options.Changed
	versions *render.Versions
	search   *siteindex.Analyses // documents' analyses for the search index

	// The last catalogue, with what it was made of, reused when only
	// records' bodies changed since.
	cat      *catalogue.Catalogue
	catRecs  []*record.Record
	catSalt  memo.Sum
	catDiags []diag.Diagnostic
	byRel    map[string]*catalogue.Entry
	// rest, for a session read from disk, is where its memo and records
	// are until a build needs them (readRest); keptRecords is where its
	// records are then decoded from when a build first needs them
	// (readRecords).
	rest        *keptRest
	checking    *checking // the output folder's check, begun with the session's loading
	keptRecords *gob.Decoder
	binary      memo.Sum // of the gongkai executable
	inputs      memo.Sum // of every input of the last build
	diags       []diag.Diagnostic
	records     int
	files       int
}

// NewSession returns an empty session for builds in this process: the first
// build with it is a clean one.
func NewSession() *Session {
	return &Session{memo: memo.New(), decoded: map[string]decoded{}, binary: executableSum(), versions: render.NewVersions(), search: siteindex.NewAnalyses()}
}

// executableSum fingerprints the running program, so that pages rendered by
// another version of gongkai are never kept: its build information (the
// module's version and revision, its dependencies, the Go release) and its
// file's size and modification time, which any new build of the program
// changes. Reading the file whole would cost more than a no-op build.
func executableSum() memo.Sum {
	h := memo.NewHasher()
	if bi, ok := debug.ReadBuildInfo(); ok {
		h.String(bi.String())
	}
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			h.String(exe)
			h.Int(info.Size())
			h.Int(info.ModTime().UnixNano())
		}
	}
	return h.Done()
}

// salt fingerprints what every page depends on besides the records and the
// layouts: the program, the site's configuration and the options.
func (s *Session) salt(tree *load.Tree, opts Options) memo.Sum {
	h := memo.NewHasher()
	h.Int(savedFormat)
	h.Sum(s.binary)
	if tree.Site != nil {
		h.String(tree.Site.Rel)
		h.Bytes(tree.Site.Data)
	}
	h.Bool(opts.Offline)
	h.Bool(opts.Drafts)
	h.Bool(opts.Strict)
	h.Bool(opts.NoSearch)
	h.Int(int64(opts.SitemapLimit))
	h.String(fmt.Sprint(opts.Kinds))
	return h.Done()
}

// inputSum fingerprints every input of a build: with the salt, the record
// files, the attachments and the site's layouts and static files.
func inputSum(salt memo.Sum, tree *load.Tree, overlays ...load.Overlay) (memo.Sum, error) {
	h := memo.NewHasher()
	h.Sum(salt)
	for _, f := range tree.Records {
		h.String(f.Rel)
		h.Sum(f.Sum)
	}
	h.Sum(assetsSum(tree))
	for _, ov := range overlays {
		files, err := ov.Files()
		if err != nil {
			return memo.Sum{}, err
		}
		for _, f := range files {
			if f.Abs == "" {
				continue // built in: part of the executable
			}
			data, err := os.ReadFile(f.Abs)
			if err != nil {
				return memo.Sum{}, err
			}
			h.String(f.Name)
			h.Bytes(data)
		}
	}
	return h.Done(), nil
}

// assetsSum fingerprints the files of content/ that are not records.
func assetsSum(tree *load.Tree) memo.Sum {
	names := make([]string, 0, len(tree.Assets))
	for n := range tree.Assets {
		names = append(names, n)
	}
	slices.Sort(names)
	h := memo.NewHasher()
	for _, n := range names {
		a := tree.Assets[n]
		h.String(n)
		h.Int(a.Size)
		h.Int(a.ModTime)
		h.Bool(a.Symlink)
	}
	return h.Done()
}

// trusted returns the manifest of the output folder when the session may
// update it in place: verified against the folder when the session came from
// disk, with the memo forgotten and stale set if the folder was changed by
// hand (its changed files are then written again). The folders recorded
// are kept only when the folder is exactly as the manifest says.
func (s *Session) trusted(out string) (m output.Manifest, stale bool) {
	known := s.folders
	s.folders = nil
	if s.manifest == nil {
		return nil, true
	}
	if _, err := os.Stat(filepath.Join(out, output.Marker)); err != nil {
		return nil, true
	}
	if !s.verify {
		return s.manifest, false
	}
	var err error
	if s.checking != nil && s.checking.out == out {
		r := <-s.checking.done
		m, stale, err = r.m, r.stale, r.err
	} else {
		m, stale, err = s.manifest.Verify(out, known)
	}
	s.checking = nil
	if err != nil {
		s.forget()
		return nil, true
	}
	if stale {
		s.forget()
	} else {
		s.folders = known
	}
	return m, stale
}

// checking is a check of the output folder against the session's manifest
// (output.Manifest.Verify), begun as the session is loaded, so that it
// runs while the build reads content/.
type checking struct {
	out  string
	done chan verified
}

// verified is what a check found.
type verified struct {
	m     output.Manifest
	stale bool
	err   error
}

// check begins checking the output folder out against the manifest.
func (s *Session) check(out string) {
	c := &checking{out: out, done: make(chan verified, 1)}
	m, known := s.manifest, s.folders
	go func() {
		var v verified
		v.m, v.stale, v.err = m.Verify(out, known)
		c.done <- v
	}()
	s.checking = c
}
