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

// Update is an output being changed in place: only the files whose bytes
// differ from the previous build's are written, into a staging folder, and
// Commit moves them into the output folder, then removes the files the build
// no longer makes. Until Commit the output folder is untouched, so a build
// that fails leaves it as it was.
type Update struct {
	final string
	stage *Stage
	old   Manifest

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
	dir, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".updating-")
	if err != nil {
		return nil, err
	}
	return &Update{final: out, stage: &Stage{dir: dir, final: out}, old: old, next: sums{m: make(Manifest, len(old))}}, nil
}

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

// Commit moves the changed files into the output folder (every other file
// first, then pages, so no page links to a file not yet there), removes the
// files this build did not make, and returns the manifest of the result.
func (u *Update) Commit() (Manifest, error) {
	defer u.stage.Abort()
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

// Removed is the number of files Commit removed.
func (u *Update) Removed() int { return u.removed }

// Abort discards the changes; the output folder is untouched.
func (u *Update) Abort() { u.stage.Abort() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
