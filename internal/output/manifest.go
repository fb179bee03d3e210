package output

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/gongkai/gongkai/internal/pool"
)

// Manifest lists the files of an output folder as the build that wrote it
// left them, by slash-separated name.
type Manifest map[string]FileSum

// FileSum is what a build knows of one output file.
type FileSum struct {
	Sum     [sha256.Size]byte // of the bytes
	Size    int64
	ModTime int64 // ns, as the file system recorded it once written
	// SrcSize and SrcModTime are those of the file a copy was made from, so
	// an unchanged source need not be read again.
	SrcSize    int64
	SrcModTime int64
}

// Verify compares m with the folder out as it is now and returns a manifest
// holding only the files that are as m says, with stale set when anything
// differs: a file changed or removed since, or one that no build wrote. The
// files of the result are safe to keep; every other file of out that the
// next build does not write is removed by Update.Commit.
func (m Manifest) Verify(out string) (ok Manifest, stale bool, err error) {
	ok = make(Manifest, len(m))
	seen := 0
	// The folders of one depth at a time, several at once: an output has
	// a folder per page, and reading them one by one leaves the CPUs idle.
	level := []string{"."}
	for len(level) > 0 {
		subs := make([][]string, len(level))
		found := make([]Manifest, len(level))
		known := make([]int, len(level))
		err := pool.Each(context.Background(), 8, len(level), func(_ context.Context, i int) error {
			entries, err := os.ReadDir(filepath.Join(out, filepath.FromSlash(level[i])))
			if err != nil {
				return err
			}
			found[i] = make(Manifest, len(entries))
			for _, d := range entries {
				name := path.Join(level[i], d.Name())
				if d.IsDir() {
					subs[i] = append(subs[i], name)
					continue
				}
				if name == Marker {
					continue
				}
				f, ok := m[name]
				if !ok {
					// Kept in the manifest as nothing any build wrote, so
					// that Update removes it unless the next build writes it.
					found[i][name] = FileSum{Size: -1}
					continue
				}
				known[i]++
				info, err := d.Info()
				if err != nil {
					return err
				}
				if !info.Mode().IsRegular() || info.Size() != f.Size || info.ModTime().UnixNano() != f.ModTime {
					f = FileSum{Size: -1}
				}
				found[i][name] = f
			}
			return nil
		})
		if err != nil {
			return ok, true, err
		}
		level = level[:0:0]
		for i := range found {
			seen += known[i]
			for name, f := range found[i] {
				stale = stale || f.Size < 0
				ok[name] = f
			}
			level = append(level, subs[i]...)
		}
	}
	if seen != len(m) {
		stale = true
	}
	return ok, stale, nil
}

// sums collects a Manifest while files are written.
type sums struct {
	mu sync.Mutex
	m  Manifest
}

func (s *sums) set(name string, f FileSum) {
	s.mu.Lock()
	s.m[name] = f
	s.mu.Unlock()
}

// stamp fills in the modification times of names under dir.
func stamp(m Manifest, dir string, names []string) error {
	for _, name := range names {
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		f := m[name]
		f.ModTime = info.ModTime().UnixNano()
		m[name] = f
	}
	return nil
}

// sourceStat is the size and modification time of a copy's source.
func sourceStat(src string) (size, mod int64, err error) {
	info, err := os.Stat(src)
	if err != nil {
		return 0, 0, err
	}
	if !info.Mode().IsRegular() {
		return 0, 0, errors.New(src + ": not a regular file")
	}
	return info.Size(), info.ModTime().UnixNano(), nil
}
