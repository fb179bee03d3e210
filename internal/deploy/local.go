package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gongkai/gongkai/internal/output"
)

// Local is a folder target: each key is a file below Dir, and the headers
// (which a plain file cannot carry) are in Dir/StateKey, for a web server
// configured as the README shows.
type Local struct {
	Dir   string
	saved []byte   // the state as read, to skip rewriting it unchanged
	stale []string // temporary files of an interrupted deploy, found by List
}

func (l *Local) String() string { return l.Dir }

// List hashes every file below Dir; headers come from the state file, and
// a file it does not name has unknown headers (so it is written again).
func (l *Local) List(ctx context.Context) (map[string]Object, bool, error) {
	known := map[string]Object{}
	l.saved, l.stale = nil, nil
	data, err := os.ReadFile(filepath.Join(l.Dir, StateKey))
	switch {
	case err == nil:
		l.saved = data
		if known, err = decodeState(data); err != nil {
			return nil, false, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, err
	}
	out := map[string]Object{}
	err = filepath.WalkDir(l.Dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == l.Dir {
			return fs.SkipAll
		}
		if err != nil || d.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(l.Dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if key == StateKey {
			return nil
		}
		if strings.HasPrefix(filepath.Base(p), tmpPrefix) {
			l.stale = append(l.stale, p)
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		o := Object{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		if k, ok := known[key]; ok && k.SHA256 == o.SHA256 {
			o.Headers = k.Headers
			o.MD5 = k.MD5
		} else {
			o.Headers.ContentType = "?" // unknown: differs from any real headers
		}
		out[key] = o
		return nil
	})
	return out, l.saved != nil, err
}

// tmpPrefix starts the name of a file being written, until it is renamed
// into place.
const tmpPrefix = output.TempPrefix

// Tidy removes the temporary files List found, left by a deploy that was
// killed while writing them.
func (l *Local) Tidy(ctx context.Context) error {
	for _, p := range l.stale {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	l.stale = nil
	return nil
}

// Put writes the file beside its place and renames it there, so a reader
// never sees half a file.
func (l *Local) Put(ctx context.Context, f File) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(l.Dir, filepath.FromSlash(f.Key)), data)
}

func (l *Local) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p := filepath.Join(l.Dir, filepath.FromSlash(key))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Remove folders left empty, up to Dir.
	for dir := filepath.Dir(p); dir != l.Dir && strings.HasPrefix(dir, l.Dir); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	return nil
}

func (l *Local) SaveState(ctx context.Context, state map[string]Object) error {
	data, err := encodeState(state)
	if err != nil {
		return err
	}
	if bytes.Equal(data, l.saved) {
		return nil
	}
	if err := writeAtomic(filepath.Join(l.Dir, StateKey), data); err != nil {
		return fmt.Errorf("recording the deploy: %w", err)
	}
	l.saved = data
	return nil
}

func writeAtomic(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return output.WriteAtomic(p, data) // its temporary files start with tmpPrefix
}
