// Package output owns the output folder. A build writes into a staging
// folder beside it and, only when everything succeeded, swaps it in at once,
// so a failed build leaves the previous output exactly as it was.
//
// It writes only below its staging folder, the output folder and the
// folder a Previous names, and never replaces a folder that a gongkai build
// did not write.
package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is the file every output folder holds, so that gongkai replaces
// only folders it wrote itself.
const Marker = ".gongkai-output"

// Stage is an output being written.
type Stage struct {
	dir   string   // the tree being written: held, or a folder in it
	held  string   // the staging folder, locked while the build runs
	final string   // the output folder
	made  sync.Map // folders known to exist, so each is made once
	sums  *sums    // with Track, the manifest of what was written

	unlock func() // lets go of the staging folder
}

// Track makes the stage keep a Manifest of the files written, for a later
// Update of the output; Manifest returns it once committed.
func (s *Stage) Track() { s.sums = &sums{m: Manifest{}} }

// Manifest is the manifest of the committed output, with Track.
func (s *Stage) Manifest() Manifest {
	if s.sums == nil {
		return nil
	}
	return s.sums.m
}

// Begin starts writing an output that will replace the folder out.
func Begin(out string) (*Stage, error) {
	out = filepath.Clean(out)
	if err := replaceable(out); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	s, err := begin(out, "building")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(s.dir, Marker), []byte("written by gongkai build; the folder is replaced whole on each build\n"), 0o644); err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// begin makes a locked staging folder beside out, having removed those
// that killed builds left.
func begin(out, what string) (*Stage, error) {
	RemoveLeftovers(out)
	dir, err := os.MkdirTemp(filepath.Dir(out), stagingPattern(out, what))
	if err != nil {
		return nil, err
	}
	unlock, err := lock(dir)
	if err != nil {
		os.Remove(dir)
		return nil, err
	}
	s := &Stage{dir: dir, held: dir, final: out, unlock: unlock}
	if err := os.Chmod(dir, 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	return s, nil
}

// replaceable refuses an existing, non-empty folder without the marker.
func replaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("%s is not empty and was not written by gongkai (no %s in it); choose another --out or empty it", out, Marker)
	}
	return nil
}

// Dir is the staging folder.
func (s *Stage) Dir() string { return s.dir }

func (s *Stage) path(name string) (string, error) {
	clean := path.Clean("/" + name)
	if name == "" || clean != "/"+name || strings.Contains(name, "\\") {
		return "", fmt.Errorf("output: bad file name %q", name)
	}
	return filepath.Join(s.dir, filepath.FromSlash(name)), nil
}

// WriteFile writes one file of the output; name is slash-separated and
// relative. It is safe for concurrent use with distinct names.
func (s *Stage) WriteFile(name string, data []byte) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if s.sums != nil {
		s.sums.set(name, FileSum{Sum: sha256.Sum256(data), Size: int64(len(data))})
	}
	return os.WriteFile(p, data, 0o644)
}

// CopyFile copies the file src into the output as name.
func (s *Stage) CopyFile(name, src string) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	var w io.Writer = out
	h := sha256.New()
	if s.sums != nil {
		w = io.MultiWriter(out, h)
	}
	n, err := io.Copy(w, in)
	if err != nil {
		out.Close()
		return err
	}
	if s.sums != nil {
		info, err := in.Stat()
		if err != nil {
			out.Close()
			return err
		}
		f := FileSum{Size: n, SrcSize: info.Size(), SrcModTime: info.ModTime().UnixNano()}
		h.Sum(f.Sum[:0])
		s.sums.set(name, f)
	}
	return out.Close()
}

func (s *Stage) mkdir(dir string) error {
	if _, ok := s.made.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.made.Store(dir, true)
	return nil
}

// Commit puts the staged output in place of the output folder.
func (s *Stage) Commit() error {
	if err := replaceable(s.final); err != nil {
		s.Abort()
		return err
	}
	if err := swap(s.dir, s.final); err != nil {
		s.Abort()
		return err
	}
	// s.dir now holds the previous output, if there was one.
	if err := s.remove(); err != nil {
		return err
	}
	if s.sums != nil {
		names := make([]string, 0, len(s.sums.m))
		for name := range s.sums.m {
			names = append(names, name)
		}
		return stamp(s.sums.m, s.final, names)
	}
	return nil
}

// Abort discards the staged output; the output folder is untouched.
func (s *Stage) Abort() {
	_ = s.remove()
}

// remove removes the staging folder and lets go of it.
func (s *Stage) remove() error {
	err := os.RemoveAll(s.held)
	if s.unlock != nil {
		s.unlock()
		s.unlock = nil
	}
	return err
}
