package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// Update is an output made from the previous one: only the files whose
// bytes differ from the previous build's are written, into a staging
// folder; Commit links the files kept from the output folder beside them
// and swaps the staging folder in whole, as Stage.Commit does. Until then
// the output folder is untouched, so a build that fails or is killed at
// any point leaves it as it was, and after the swap it is the new output
// whole: a reader never sees a mix.
//
// Given a Previous, the staging folder is the output an earlier update
// swapped out and kept: only the files that differ from it are written or
// linked, and the output swapped out is kept in its turn. An update then
// costs steps for the files that changed, not for every file.
//
// With InPlace, Commit moves the changed files into the output folder one
// by one instead: far fewer steps on a large site, for an output folder
// that no one else reads (the live preview's).
type Update struct {
	final   string
	stage   *Stage
	old     Manifest
	have    Manifest // what the staging folder holds before any write: Size -1, unknown bytes
	keep    string   // where to keep the output swapped out; "": nowhere
	kept    Manifest // of the output kept there by Commit
	inPlace bool

	next    sums
	streams atomic.Int64 // numbers the files WriteStream writes, so no two share one
	mu      sync.Mutex
	changed []string
	removed int
}

// Previous is an output folder that an earlier Update swapped out and kept
// on the output's file system, with the manifest of what it held then.
type Previous struct {
	Dir      string
	Manifest Manifest // nil: not known, so of no use
	// Folders are its folders as RecordFolders found them when it was
	// the output, holding the files of Manifest; nil: not known.
	Folders Folders
}

// BeginUpdate starts changing the output folder out, which the build with
// manifest old wrote (see Manifest.Verify). The output it replaces is kept
// in prev.Dir, unless that is empty; what prev.Dir held already is the
// staging folder, when prev.Manifest says what that is.
func BeginUpdate(out string, old Manifest, prev Previous) (*Update, error) {
	out = filepath.Clean(out)
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return nil, fmt.Errorf("%s: not an output folder of gongkai (no %s)", out, Marker)
	}
	stage, err := begin(out, "updating")
	if err != nil {
		return nil, err
	}
	u := &Update{final: out, stage: stage, old: old, have: Manifest{}, keep: prev.Dir, next: sums{m: make(Manifest, len(old))}}
	if prev.Dir != "" {
		u.reuse(prev)
	}
	return u, nil
}

// reuse makes the output kept in prev the tree the update changes, inside
// its locked staging folder. Its files are trusted only where they are as
// prev.Manifest says. One whose manifest is not known (kept before a clean
// build) is compared with the output's manifest instead, which none of its
// files match unless it shares them with the output: each is replaced or
// removed like a file changed by hand. That costs a step per file, but
// removing the folder whole and making every folder again for the staging
// tree costs two per folder, and makes the file system slow to create
// folders just after so many were removed.
func (u *Update) reuse(prev Previous) {
	tree := filepath.Join(u.stage.dir, "previous")
	if os.Rename(prev.Dir, tree) != nil {
		return // none there, or another build took it
	}
	want, known := prev.Manifest, prev.Folders
	if want == nil {
		want, known = u.old, nil
	}
	have, _, err := want.Verify(tree, known)
	if err != nil {
		_ = os.RemoveAll(tree)
		return
	}
	u.stage.dir, u.have = tree, have
}

// InPlace makes Commit move the changed files into the output folder, as
// the type's comment says.
func (u *Update) InPlace() { u.inPlace = true }

// WriteFile writes one file of the output unless the output already holds
// these bytes under this name.
func (u *Update) WriteFile(name string, data []byte) error {
	f := FileSum{Sum: sha256.Sum256(data), Size: int64(len(data))}
	if o, ok := u.old[name]; ok && o.Size == f.Size && o.Sum == f.Sum {
		u.next.set(name, o)
		return nil
	}
	return u.write(name, f, func(p string) error { return os.WriteFile(p, data, 0o644) })
}

// write puts a changed file into the staging folder with put, unless it
// holds these bytes already.
func (u *Update) write(name string, f FileSum, put func(path string) error) error {
	if h, ok := u.have[name]; ok && h.Size == f.Size && h.Sum == f.Sum {
		h.SrcSize, h.SrcModTime = f.SrcSize, f.SrcModTime
		u.staged(name, h)
		return nil
	}
	p, err := u.stage.path(name)
	if err != nil {
		return err
	}
	if err := u.clear(p, name); err != nil {
		return err
	}
	if err := put(p); err != nil {
		return err
	}
	u.staged(name, f)
	return nil
}

// clear makes room for the file name at p in the staging folder: its
// folder made, and what the staging folder held there removed, so that a
// file it shares with the output folder (a hard link) is never written
// through.
func (u *Update) clear(p, name string) error {
	if _, ok := u.have[name]; ok || u.stage.dir != u.stage.held {
		// ENOTDIR: a file where a folder of name's goes, removed below.
		if err := os.RemoveAll(p); err != nil && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
	}
	err := u.stage.mkdir(filepath.Dir(p))
	if err != nil && u.stage.dir != u.stage.held {
		// A file of the tree kept where this output has a folder.
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if info, statErr := os.Lstat(filepath.Join(u.stage.dir, filepath.FromSlash(dir))); statErr == nil && !info.IsDir() {
				_ = os.Remove(filepath.Join(u.stage.dir, filepath.FromSlash(dir)))
				break
			}
		}
		err = u.stage.mkdir(filepath.Dir(p))
	}
	return err
}

// CopyFile copies src into the output as name unless the previous build
// copied the same, unchanged source there.
func (u *Update) CopyFile(name, src string) error {
	size, mod, err := sourceStat(src)
	if err != nil {
		return err
	}
	if o, ok := u.old[name]; ok && o.SrcSize == size && o.SrcModTime == mod && o.Size >= 0 {
		u.next.set(name, o)
		return nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f := FileSum{Sum: sha256.Sum256(data), Size: int64(len(data)), SrcSize: size, SrcModTime: mod}
	if o, ok := u.old[name]; ok && o.Size == f.Size && o.Sum == f.Sum {
		o.SrcSize, o.SrcModTime = size, mod
		u.next.set(name, o)
		return nil
	}
	return u.write(name, f, func(p string) error { return os.WriteFile(p, data, 0o644) })
}

// Keep keeps the previous build's file name as it is.
func (u *Update) Keep(name string) error {
	o, ok := u.old[name]
	if !ok || o.Size < 0 {
		return fmt.Errorf("output: %s is not in the previous output", name)
	}
	u.next.set(name, o)
	return nil
}

// KeepAll keeps every file of the previous output that later writes do not
// replace or Drop remove, and returns their names.
func (u *Update) KeepAll() []string {
	u.next.mu.Lock()
	defer u.next.mu.Unlock()
	names := make([]string, 0, len(u.old))
	for name, f := range u.old {
		if f.Size >= 0 {
			u.next.m[name] = f
			names = append(names, name)
		}
	}
	return names
}

// Drop removes a kept file from the output being made.
func (u *Update) Drop(name string) {
	u.next.mu.Lock()
	delete(u.next.m, name)
	u.next.mu.Unlock()
}

func (u *Update) staged(name string, f FileSum) {
	u.next.set(name, f)
	u.mu.Lock()
	u.changed = append(u.changed, name)
	u.mu.Unlock()
}

// Changed lists the files written so far, sorted.
func (u *Update) Changed() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := slices.Clone(u.changed)
	slices.Sort(out)
	return out
}

// Commit makes the staging folder the new output: the files kept from the
// output folder linked beside the changed ones (those it does not hold
// already), the files no longer made removed from it; then swaps it in for
// the output folder at once and returns the manifest of the result. The
// output swapped out is kept as Previous says, or removed.
func (u *Update) Commit() (Manifest, error) {
	defer u.stage.Abort()
	if u.inPlace {
		return u.commitInPlace()
	}
	changed := u.Changed()
	next := u.next.m
	written := make(map[string]bool, len(changed))
	for _, name := range changed {
		written[name] = true
	}
	var link []string
	if _, err := os.Lstat(filepath.Join(u.stage.dir, Marker)); err != nil {
		link = append(link, Marker)
	}
	for name, f := range next {
		if h, ok := u.have[name]; written[name] || ok && h.Size == f.Size && h.Sum == f.Sum && h.ModTime == f.ModTime {
			continue
		}
		link = append(link, name)
	}
	slices.Sort(link)
	var gone []string
	for name := range u.have {
		if _, ok := next[name]; !ok {
			gone = append(gone, name)
		}
	}
	if err := removeFiles(u.stage.dir, gone); err != nil {
		return nil, err
	}
	restamp, err := u.link(link)
	if err != nil {
		return nil, err
	}
	if err := swap(u.stage.dir, u.final); err != nil {
		return nil, err
	}
	// The staging folder now holds the previous output.
	u.keepPrevious()
	if err := stamp(next, u.final, slices.Concat(changed, restamp)); err != nil {
		return nil, err
	}
	for name := range u.old {
		if _, ok := next[name]; !ok {
			u.removed++
		}
	}
	return next, nil
}

// keepPrevious moves the output just swapped out to u.keep, with the
// manifest it was verified to have, for the next update to start from.
func (u *Update) keepPrevious() {
	if u.keep == "" {
		return
	}
	kept := make(Manifest, len(u.old))
	for name, f := range u.old {
		if f.Size >= 0 {
			kept[name] = f
		}
	}
	if os.MkdirAll(filepath.Dir(u.keep), 0o755) != nil || os.Rename(u.stage.dir, u.keep) != nil {
		return
	}
	u.kept = kept
}

// Kept is the manifest of the output Commit kept where Previous said, or
// nil if it kept none.
func (u *Update) Kept() Manifest { return u.kept }

// link puts each kept file of the output folder into the staging folder:
// a hard link, which shares the file and its modification time, or, where
// the file system has none, a copy, whose name it returns.
func (u *Update) link(kept []string) (copied []string, err error) {
	for _, name := range kept {
		src := filepath.Join(u.final, filepath.FromSlash(name))
		dst, err := u.stage.path(name)
		if err != nil {
			return nil, err
		}
		if err := u.clear(dst, name); err != nil {
			return nil, err
		}
		if err := os.Link(src, dst); err != nil {
			if _, statErr := os.Lstat(src); statErr != nil {
				return nil, statErr
			}
			data, err := os.ReadFile(src)
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				return nil, err
			}
			copied = append(copied, name)
		}
	}
	return copied, nil
}

// removeFiles removes the files names from dir, then the folders that
// leaves empty, deepest first. A name that is gone already, or that is a
// folder of files written since, is left as it is.
func removeFiles(dir string, names []string) error {
	slices.Sort(names)
	for _, name := range names {
		err := os.Remove(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTEMPTY) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
	}
	slices.Reverse(names)
	for _, name := range names {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(d))) != nil {
				break
			}
		}
	}
	return nil
}

// commitInPlace moves the changed files into the output folder (every
// other file first, then pages, so no page links to a file not yet there),
// removes the files this build did not make, and returns the manifest of
// the result.
func (u *Update) commitInPlace() (Manifest, error) {
	changed := u.Changed()
	slices.SortStableFunc(changed, func(a, b string) int {
		return boolInt(strings.HasSuffix(a, ".html")) - boolInt(strings.HasSuffix(b, ".html"))
	})
	made := map[string]bool{}
	for _, name := range changed {
		dst := filepath.Join(u.final, filepath.FromSlash(name))
		if dir := filepath.Dir(dst); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			made[dir] = true
		}
		if err := os.Rename(filepath.Join(u.stage.dir, filepath.FromSlash(name)), dst); err != nil {
			return nil, err
		}
	}
	next := u.next.m
	if err := stamp(next, u.final, changed); err != nil {
		return nil, err
	}
	var gone []string
	for name := range u.old {
		if _, ok := next[name]; !ok {
			gone = append(gone, name)
		}
	}
	u.removed = len(gone)
	if err := removeFiles(u.final, gone); err != nil {
		return nil, err
	}
	return next, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Removed is the number of files Commit removed.
func (u *Update) Removed() int { return u.removed }

// Abort discards the changes; the output folder is untouched.
func (u *Update) Abort() { u.stage.Abort() }
