package importer

import "path/filepath"

// inside returns the file an attachment name means in the folder files,
// and false when that file is outside files: an absolute name, one that
// climbs out with "..", or one that leads out through a symbolic link.
// The file returned has its links resolved; a name that does not exist
// is judged by its text alone.
func inside(files, name string) (string, bool) {
	name = filepath.FromSlash(name)
	if filepath.IsAbs(name) || filepath.VolumeName(name) != "" || !filepath.IsLocal(name) {
		return "", false
	}
	src := filepath.Join(files, name)
	root, err := filepath.EvalSymlinks(files)
	if err != nil {
		return src, true
	}
	real, err := filepath.EvalSymlinks(src)
	if err != nil {
		return src, true // missing: the caller says so
	}
	if rel, err := filepath.Rel(root, real); err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return real, true
}
