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
)

// Update is an output made from the previous one: only the files whose
// bytes differ from the previous build's are written, into a staging
// folder; Commit links the files kept from the output folder beside them
// and swaps the staging folder in whole, as Stage.Commit does. Until then
// the output folder is untouched, so a build that fails or is killed at
// any point leaves it as it was, and after the swap it is the new output
// whole: a reader never sees a mix.
//
// With InPlace, Commit moves the changed files into the output folder one
// by one instead: far fewer steps on a large site, for an output folder
// that no one else reads (the live preview's).
type Update struct {
	final   string
	stage   *Stage
	old     Manifest
	inPlace bool

	next    sums
	mu      sync.Mutex
	changed []string
	removed int
}

// BeginUpdate starts changing the output folder out, which the build with
// manifest old wrote (see Manifest.Verify).
func BeginUpdate(out string, old Manifest) (*Update, error) {
	out = filepath.Clean(out)
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return nil, fmt.Errorf("%s: not an output folder of gongkai (no %s)", out, Marker)
	}
	stage, err := begin(out, "updating")
	if err != nil {
		return nil, err
	}
	return &Update{final: out, stage: stage, old: old, next: sums{m: make(Manifest, len(old))}}, nil
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
	if err := u.stage.WriteFile(name, data); err != nil {
		return err
	}
	u.staged(name, f)
	return nil
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
	if err := u.stage.WriteFile(name, data); err != nil {
		return err
	}
	u.staged(name, f)
	return nil
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

// Commit links every file kept from the output folder into the staging
// folder beside the changed ones, swaps the staging folder in for the
// output folder at once, and returns the manifest of the result.
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
	kept := make([]string, 0, len(next)+1)
	kept = append(kept, Marker)
	for name := range next {
		if !written[name] {
			kept = append(kept, name)
		}
	}
	slices.Sort(kept)
	restamp, err := u.link(kept)
	if err != nil {
		return nil, err
	}
	if err := swap(u.stage.dir, u.final); err != nil {
		return nil, err
	}
	// The staging folder now holds the previous output.
	if err := u.stage.remove(); err != nil {
		return nil, err
	}
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
		if err := u.stage.mkdir(filepath.Dir(dst)); err != nil {
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
	slices.Sort(gone)
	u.removed = len(gone)
	for _, name := range gone {
		if err := os.Remove(filepath.Join(u.final, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	// Folders emptied by the removals go too, deepest first.
	slices.Reverse(gone)
	for _, name := range gone {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if os.Remove(filepath.Join(u.final, filepath.FromSlash(dir))) != nil {
				break
			}
		}
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
