package output

import (
	"context"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/gongkai/gongkai/internal/pool"
)

// Folders is what a build knows of the folders of an output it wrote, by
// slash-separated name ("." for the top): each one's identity and the time
// of its last change, as they were once the build had left the output
// holding exactly the files of its manifest. An entry cannot be added to a
// folder, removed or renamed without changing that time, so while it is the
// same, Manifest.Verify need not read the folder, only check its files.
//
// This trusts the file system's change times as a Manifest trusts its
// files' modification times: an output changed by hand is found, one
// whose times were set back is not.
type Folders map[string]Folder

// Folder is the identity of a folder and the time of its last change.
type Folder struct {
	Change, Inode, Device int64
}

// RecordFolders records the folders of the output out, which holds the
// files of m, just after an Update or a Stage committed it. A folder is
// left out, and read by every Verify, where the system does not give its
// identity; where it holds a folder m does not (its link count says so);
// and where its last change is not strictly older than the last change of
// the folder around out (which the commit changed last, when it removed
// its staging folder): a change made in the same tick of the file system's
// clock would not change the time recorded, as with Git's "racily clean"
// entries.
func RecordFolders(out string, m Manifest) (Folders, error) {
	out = filepath.Clean(out)
	info, err := os.Lstat(filepath.Dir(out))
	if err != nil {
		return nil, err
	}
	settled, _, ok := folderOf(info)
	if !ok {
		return Folders{}, nil
	}
	tree := m.tree()
	names := slices.Collect(maps.Keys(tree))
	stats := make([]Folder, len(names))
	err = pool.Each(context.Background(), 8, len(names), func(_ context.Context, i int) error {
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(names[i])))
		if err != nil {
			return err
		}
		f, links, ok := folderOf(info)
		if ok && info.IsDir() && f.Change < settled.Change && links == uint64(2+len(tree[names[i]].folders)) {
			stats[i] = f
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	fs := make(Folders, len(names))
	for i, d := range names {
		if stats[i] != (Folder{}) {
			fs[d] = stats[i]
		}
	}
	return fs, nil
}

// same reports whether the folder at p is still as f records it.
func (f Folder) same(p string) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.IsDir() {
		return false
	}
	g, _, ok := folderOf(info)
	return ok && g == f
}

// entries are the files and folders a folder of an output holds.
type entries struct {
	files, folders []string // slash-separated names from the output's top
}

// tree lists, for each folder of the output m describes, what it holds.
func (m Manifest) tree() map[string]*entries {
	t := map[string]*entries{".": {}}
	// at is the entries of folder d, and whether they were listed already.
	at := func(d string) (*entries, bool) {
		e, ok := t[d]
		if !ok {
			e = &entries{}
			t[d] = e
		}
		return e, ok
	}
	for name := range m {
		d := path.Dir(name)
		e, ok := at(d)
		e.files = append(e.files, name)
		// The folders above, up to one already listed.
		for !ok {
			var p *entries
			parent := path.Dir(d)
			p, ok = at(parent)
			p.folders = append(p.folders, d)
			d = parent
		}
	}
	return t
}
