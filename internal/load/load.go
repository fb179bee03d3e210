// Package load owns reading the source tree: it walks content/, reads record
// files as UTF-8 text (rejecting other encodings with the likely one named)
// and lists every other file so records can refer to them as attachments.
//
// It does not parse YAML or Markdown, and it never writes.
package load

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pool"
)

// MaxRecordSize is the largest record file read, in bytes.
const MaxRecordSize = 8 << 20

// File is one record file or site.yaml, read and checked.
type File struct {
	Rel  string   // slash path relative to content/
	Path string   // the path shown in diagnostics
	Data []byte   // UTF-8 with LF line endings and no byte-order mark; nil: not read or not kept (see Reading)
	Sum  [32]byte // SHA-256 of Data
	Stat Stat     // the file's, just before it was read
}

// Reading says which record files a read of content/ reads, and what it
// keeps of them.
type Reading struct {
	// Known, if set, tells which record files are unchanged since an
	// earlier read: those are only looked at.
	Known Known
	// Lean keeps no record file's text: each is read for its SHA-256 and
	// read again by Tree.Read when it is wanted, so that a large
	// catalogue's text is never all in memory at once.
	Lean bool
}

// Known gives the SHA-256 of a record file's text as an earlier read found
// it, by its path relative to content/, when st says the file has not
// changed since (Stat.Same). A file it knows is not read: its Data is nil
// until Tree.Read.
type Known func(rel string, st Stat) (sum [32]byte, ok bool)

// Asset is a file in content/ that is not a record: a possible attachment.
type Asset struct {
	Abs     string
	Size    int64
	ModTime int64 // ns
	Symlink bool
}

// Tree is what content/ holds.
type Tree struct {
	Dir     string            // content/ on disk
	Site    *File             // site.yaml; nil when there is none
	Records []*File           // sorted by Rel
	Assets  map[string]*Asset // by Rel

	display  string // how paths begin in diagnostics
	how      Reading
	problems map[string][]diag.Diagnostic // by Rel, kept for Refresh
	pending  []pending                    // text files found, to read
}

// pending is a record file or site.yaml found by a walk, read by finish.
type pending struct{ abs, rel string }

// IsRecord reports whether a content-relative path names a record file.
func IsRecord(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return rel != "site.yaml" && rel != "site.yml"
	}
	return false
}

// Content reads the content folder dir. display is how its paths begin in
// diagnostics (normally "content"). Problems with single files go to r; the
// error is for a folder that cannot be read at all.
func Content(ctx context.Context, dir, display string, r *diag.Reporter) (*Tree, error) {
	return ContentSince(ctx, dir, display, Reading{}, r)
}

// ContentSince reads the content folder dir as Content does, but reads
// and keeps of the record files what how says.
func ContentSince(ctx context.Context, dir, display string, how Reading, r *diag.Reporter) (*Tree, error) {
	t := &Tree{Dir: dir, Assets: map[string]*Asset{}, display: display, how: how, problems: map[string][]diag.Diagnostic{}}
	err := t.walk(ctx, dir, r)
	if errors.Is(err, fs.ErrNotExist) {
		err = nil // no content/ yet: an empty site
	}
	t.finish(r)
	return t, err
}

// Refresh brings the tree up to date after changes to the files or folders
// rels (slash paths relative to content/), reading only those: a changed
// file is read again, a folder is read whole, and what no longer exists is
// dropped. Problems go to r as with Content, those of unchanged files
// included.
func (t *Tree) Refresh(ctx context.Context, rels []string, r *diag.Reporter) error {
	for _, rel := range rels {
		rel = path.Clean(rel)
		if rel == "." || strings.HasPrefix(rel, "../") || rel == ".." {
			continue
		}
		t.drop(rel)
		if hidden(rel) {
			continue
		}
		p := filepath.Join(t.Dir, filepath.FromSlash(rel))
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.problem(rel, r, func(own *diag.Reporter) {
				own.Report(diag.Pos{Path: path.Join(t.display, rel)}, diag.RuleUnreadable, err.Error())
			})
			continue
		}
		if info.IsDir() {
			if err := t.walk(ctx, p, r); err != nil {
				return err
			}
			continue
		}
		if err := t.visit(p, rel, fs.FileInfoToDirEntry(info), r); err != nil {
			return err
		}
	}
	t.finish(r)
	return nil
}

// hidden reports whether a path has a part that content/ skips.
func hidden(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(part, ".") || strings.HasPrefix(part, "_") {
			return true
		}
	}
	return false
}

// drop forgets rel and everything below it.
func (t *Tree) drop(rel string) {
	under := func(x string) bool { return x == rel || strings.HasPrefix(x, rel+"/") }
	t.Records = slices.DeleteFunc(t.Records, func(f *File) bool { return under(f.Rel) })
	t.pending = slices.DeleteFunc(t.pending, func(p pending) bool { return under(p.rel) })
	if t.Site != nil && under(t.Site.Rel) {
		t.Site = nil
	}
	for k := range t.Assets {
		if under(k) {
			delete(t.Assets, k)
		}
	}
	for k := range t.problems {
		if under(k) {
			delete(t.problems, k)
		}
	}
}

// finish reads the files found, sorts the records and reports every
// problem kept.
func (t *Tree) finish(r *diag.Reporter) {
	t.readPending(r)
	slices.SortFunc(t.Records, func(a, b *File) int { return strings.Compare(a.Rel, b.Rel) })
	for _, ds := range t.problems {
		r.Add(ds...)
	}
}

// problem runs report with a reporter of its own and keeps what it reports
// as rel's problems.
func (t *Tree) problem(rel string, r *diag.Reporter, report func(*diag.Reporter)) {
	own := r.Fork()
	report(own)
	if ds := own.Diagnostics(); len(ds) > 0 {
		t.problems[rel] = append(t.problems[rel], ds...)
	}
}

// walk reads the folder root, which is t.Dir or below it.
func (t *Tree) walk(ctx context.Context, root string, r *diag.Reporter) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(t.Dir, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if p == root {
				return err
			}
			t.problem(rel, r, func(own *diag.Reporter) {
				own.Report(diag.Pos{Path: path.Join(t.display, rel)}, diag.RuleUnreadable, err.Error())
			})
			return nil
		}
		name := d.Name()
		if rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return t.visit(p, rel, d, r)
	})
}

// visit reads the file p (at rel) that is not a folder.
func (t *Tree) visit(p, rel string, d fs.DirEntry, r *diag.Reporter) error {
	display := path.Join(t.display, rel)
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		if IsRecord(rel) || rel == "site.yaml" || rel == "site.yml" {
			t.problem(rel, r, func(own *diag.Reporter) { reportLink(t.Dir, p, display, own) })
		}
		t.Assets[rel] = &Asset{Abs: p, Symlink: true}
		return nil
	case !d.Type().IsRegular():
		return nil
	}
	isSite := rel == "site.yaml" || rel == "site.yml"
	if !isSite && !IsRecord(rel) {
		info, err := d.Info()
		if err != nil {
			return err
		}
		t.Assets[rel] = &Asset{Abs: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		return nil
	}
	t.pending = append(t.pending, pending{p, rel})
	return nil
}

// readPending reads the text files found, several at a time: a catalogue
// has thousands, and reading them one by one leaves the disk and the CPUs
// idle by turns.
func (t *Tree) readPending(r *diag.Reporter) {
	files := make([]*File, len(t.pending))
	problems := make([]*diag.Reporter, len(t.pending))
	now := time.Now()
	pool.Each(context.Background(), 8, len(t.pending), func(_ context.Context, i int) error {
		p := t.pending[i]
		problems[i] = r.Fork()
		display := path.Join(t.display, p.rel)
		if t.how.Known != nil && IsRecord(p.rel) {
			if info, err := os.Stat(p.abs); err == nil && info.Mode().IsRegular() {
				st := statOf(info, now)
				if sum, ok := t.how.Known(p.rel, st); ok {
					files[i] = &File{Path: display, Sum: sum, Stat: st}
					return nil
				}
			}
		}
		files[i] = readText(p.abs, display, now, problems[i])
		if t.how.Lean && files[i] != nil && IsRecord(p.rel) {
			files[i].Data = nil
		}
		return nil
	})
	for i, p := range t.pending {
		if ds := problems[i].Diagnostics(); len(ds) > 0 {
			t.problems[p.rel] = append(t.problems[p.rel], ds...)
		}
		f := files[i]
		if f == nil {
			continue
		}
		f.Rel = p.rel
		if p.rel == "site.yaml" || p.rel == "site.yml" {
			t.Site = f
		} else {
			t.Records = append(t.Records, f)
		}
	}
	t.pending = nil
}

// reportLink reports a record file that is a symbolic link leading out of
// content/. It is not read either way, but one leading out would otherwise
// vanish without a word.
func reportLink(dir, p, display string, r *diag.Reporter) {
	target, err := os.Readlink(p)
	if err != nil {
		r.Report(diag.Pos{Path: display}, diag.RuleUnreadable, err.Error())
		return
	}
	resolved, err := filepath.EvalSymlinks(p)
	root, err2 := filepath.EvalSymlinks(dir)
	if err == nil && err2 == nil {
		if rel, err := filepath.Rel(root, resolved); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return
		}
	}
	r.Report(diag.Pos{Path: display}, diag.RuleOutside, target)
}

// Read reads the text of f, a record file of the tree that Known said was
// unchanged, and reports whether it could: what keeps it from being read
// as a record now goes to r.
func (t *Tree) Read(f *File, r *diag.Reporter) bool {
	if f.Data != nil {
		return true
	}
	read := readText(filepath.Join(t.Dir, filepath.FromSlash(f.Rel)), f.Path, time.Now(), r)
	if read == nil {
		return false
	}
	f.Data, f.Sum, f.Stat = read.Data, read.Sum, read.Stat
	return true
}

// readText reads the text file abs, shown as display; now is a moment
// before it was looked at.
func readText(abs, display string, now time.Time, r *diag.Reporter) *File {
	pos := diag.Pos{Path: display}
	info, err := os.Stat(abs)
	if err != nil {
		r.Report(pos, diag.RuleUnreadable, err.Error())
		return nil
	}
	if info.Size() > MaxRecordSize {
		r.Report(pos, diag.RuleTooLarge, info.Size(), MaxRecordSize)
		return nil
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		r.Report(pos, diag.RuleUnreadable, err.Error())
		return nil
	}
	text, problem := Text(data)
	switch problem {
	case "":
		return &File{Path: display, Data: text, Sum: sha256.Sum256(text), Stat: statOf(info, now)}
	case Binary:
		r.Report(pos, diag.RuleBinary)
	default:
		r.Report(pos, diag.RuleNotUTF8, problem)
	}
	return nil
}
