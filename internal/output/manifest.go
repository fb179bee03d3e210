package output

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
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
// next build does not write is removed by Update.Commit. When nothing
// differs, the result is m itself.
//
// known are the folders of out as RecordFolders found them after a build
// left the files of m there, or nil: a folder still as recorded is not
// read, only its files are checked.
func (m Manifest) Verify(out string, known Folders) (ok Manifest, stale bool, err error) {
	v := verifier{out: out, m: m, known: known, readDir: os.ReadDir}
	return v.run()
}

// verifier is one Verify.
type verifier struct {
	out     string
	m       Manifest
	known   Folders
	tree    map[string]*entries // of m, when some folders are known
	readDir func(string) ([]os.DirEntry, error)
}

// named is a file of a folder Verify checked.
type named struct {
	name string
	f    FileSum
}

// run walks the output once to find whether anything differs, and again
// to list what is as m says only when something does: most builds find
// nothing, and listing costs a map entry per file.
func (v *verifier) run() (ok Manifest, stale bool, err error) {
	if len(v.known) > 0 {
		v.tree = v.m.tree()
	}
	found, seen, err := v.walk(false)
	if err != nil {
		return nil, true, err
	}
	if len(found) == 0 && seen == len(v.m) {
		return v.m, false, nil
	}
	found, _, err = v.walk(true)
	if err != nil {
		return nil, true, err
	}
	ok = make(Manifest, len(found))
	for _, n := range found {
		ok[n.name] = n.f
	}
	return ok, true, nil
}

// walk checks every folder of the output, the folders of one depth at a
// time, several at once: an output has a folder per page, and reading them
// one by one leaves the CPUs idle. found lists the files that are not as m
// says (FileSum.Size -1), and with all set those that are too; seen counts
// the files of m found as m says.
func (v *verifier) walk(all bool) (found []named, seen int, err error) {
	level := []string{"."}
	for len(level) > 0 {
		subs := make([][]string, len(level))
		files := make([][]named, len(level))
		same := make([]int, len(level))
		err := pool.Each(context.Background(), 8, len(level), func(_ context.Context, i int) (err error) {
			files[i], subs[i], same[i], err = v.folder(level[i], all)
			return err
		})
		if err != nil {
			return nil, 0, err
		}
		level = level[:0:0]
		for i := range files {
			seen += same[i]
			found = append(found, files[i]...)
			level = append(level, subs[i]...)
		}
	}
	return found, seen, nil
}

// folder checks the files of the folder d and lists its folders: found
// holds the files that are not as m says, and with all those that are;
// same counts those that are.
func (v *verifier) folder(d string, all bool) (found []named, subs []string, same int, err error) {
	p := filepath.Join(v.out, filepath.FromSlash(d))
	if f, ok := v.known[d]; ok && v.tree[d] != nil && f.same(p) {
		return v.unchanged(v.tree[d], all)
	}
	list, err := v.readDir(p)
	if err != nil {
		return nil, nil, 0, err
	}
	for _, e := range list {
		name := path.Join(d, e.Name())
		if e.IsDir() {
			subs = append(subs, name)
			continue
		}
		if name == Marker {
			continue
		}
		f, ok := v.m[name]
		if !ok {
			// Kept in the manifest as nothing any build wrote, so
			// that Update removes it unless the next build writes it.
			found = append(found, named{name, FileSum{Size: -1}})
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, nil, 0, err
		}
		if f = check(f, info); f.Size >= 0 {
			same++
		}
		if all || f.Size < 0 {
			found = append(found, named{name, f})
		}
	}
	return found, subs, same, nil
}

// unchanged checks the files of a folder that holds the entries e, as
// when its change time was recorded.
func (v *verifier) unchanged(e *entries, all bool) (found []named, subs []string, same int, err error) {
	for _, name := range e.files {
		info, err := os.Lstat(filepath.Join(v.out, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, 0, err
		}
		f := check(v.m[name], info)
		if f.Size >= 0 {
			same++
		}
		if all || f.Size < 0 {
			found = append(found, named{name, f})
		}
	}
	return found, e.folders, same, nil
}

// check is f when the file described by info is as f says, and a FileSum
// of size -1 when it is not.
func check(f FileSum, info os.FileInfo) FileSum {
	if !info.Mode().IsRegular() || info.Size() != f.Size || info.ModTime().UnixNano() != f.ModTime {
		return FileSum{Size: -1}
	}
	return f
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
