package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Overlay is a folder of the site (layouts/ or static/) laid over the
// built-in files of the same role: a file in Dir replaces the built-in file
// of the same name.
type Overlay struct {
	Base fs.FS  // built-in files
	Dir  string // the site's folder; may not exist
}

// ReadFile reads name from the site's folder if it is there, else from Base.
func (o Overlay) ReadFile(name string) ([]byte, error) {
	if o.Dir != "" {
		data, err := os.ReadFile(filepath.Join(o.Dir, filepath.FromSlash(name)))
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return data, err
		}
	}
	return fs.ReadFile(o.Base, name)
}

// Source is where one file of an Overlay comes from.
type Source struct {
	Name string // slash path within the overlay
	Abs  string // on disk, for the site's files; "" for built-in ones
}

// Files lists every regular file of the overlay, sorted by name, skipping
// hidden files and symbolic links.
func (o Overlay) Files() ([]Source, error) {
	byName := map[string]Source{}
	if o.Base != nil {
		err := fs.WalkDir(o.Base, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			byName[p] = Source{Name: p}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if o.Dir != "" {
		err := filepath.WalkDir(o.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == o.Dir {
					return filepath.SkipDir
				}
				return err
			}
			if d.Name()[0] == '.' && p != o.Dir {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			rel, _ := filepath.Rel(o.Dir, p)
			rel = filepath.ToSlash(rel)
			byName[rel] = Source{Name: rel, Abs: p}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]Source, 0, len(byName))
	for _, s := range byName {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Source) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out, nil
}
