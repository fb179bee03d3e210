// Package load owns reading the source tree: it walks content/, reads record
// files as UTF-8 text (rejecting other encodings with the likely one named)
// and lists every other file so records can refer to them as attachments.
//
// It does not parse YAML or Markdown, and it never writes.
package load

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/diag"
)

// MaxRecordSize is the largest record file read, in bytes.
const MaxRecordSize = 8 << 20

// File is one record file or site.yaml, read and checked.
type File struct {
	Rel  string // slash path relative to content/
	Path string // the path shown in diagnostics
	Data []byte // UTF-8 with LF line endings and no byte-order mark
}

// Asset is a file in content/ that is not a record: a possible attachment.
type Asset struct {
	Abs     string
	Size    int64
	ModTime int64 // ns
	Symlink bool
}

// Tree is what content/ holds.
type Tree struct {
	Dir     string            // content/ on disk
	Site    *File             // site.yaml; nil when there is none
	Records []*File           // sorted by Rel
	Assets  map[string]*Asset // by Rel
}

// IsRecord reports whether a content-relative path names a record file.
func IsRecord(rel string) bool {
	switch strings.ToLower(path.Ext(rel)) {
	case ".md", ".markdown", ".yaml", ".yml":
		return rel != "site.yaml" && rel != "site.yml"
	}
	return false
}

// Content reads the content folder dir. display is how its paths begin in
// diagnostics (normally "content"). Problems with single files go to r; the
// error is for a folder that cannot be read at all.
func Content(ctx context.Context, dir, display string, r *diag.Reporter) (*Tree, error) {
	t := &Tree{Dir: dir, Assets: map[string]*Asset{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel == "." {
				return err
			}
			r.Report(diag.Pos{Path: path.Join(display, rel)}, diag.RuleUnreadable, err.Error())
			return nil
		}
		name := d.Name()
		if rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			if IsRecord(rel) || rel == "site.yaml" || rel == "site.yml" {
				reportLink(dir, p, path.Join(display, rel), r)
			}
			t.Assets[rel] = &Asset{Abs: p, Symlink: true}
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		isSite := rel == "site.yaml" || rel == "site.yml"
		if !isSite && !IsRecord(rel) {
			info, err := d.Info()
			if err != nil {
				return err
			}
			t.Assets[rel] = &Asset{Abs: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
			return nil
		}
		f := readText(p, path.Join(display, rel), r)
		if f == nil {
			return nil
		}
		f.Rel = rel
		if isSite {
			t.Site = f
		} else {
			t.Records = append(t.Records, f)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return t, nil // no content/ yet: an empty site
	}
	slices.SortFunc(t.Records, func(a, b *File) int { return strings.Compare(a.Rel, b.Rel) })
	return t, err
}

// reportLink reports a record file that is a symbolic link leading out of
// content/. It is not read either way, but one leading out would otherwise
// vanish without a word.
func reportLink(dir, p, display string, r *diag.Reporter) {
	target, err := os.Readlink(p)
	if err != nil {
		r.Report(diag.Pos{Path: display}, diag.RuleUnreadable, err.Error())
		return
	}
	resolved, err := filepath.EvalSymlinks(p)
	root, err2 := filepath.EvalSymlinks(dir)
	if err == nil && err2 == nil {
		if rel, err := filepath.Rel(root, resolved); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return
		}
	}
	r.Report(diag.Pos{Path: display}, diag.RuleOutside, target)
}

func readText(abs, display string, r *diag.Reporter) *File {
	pos := diag.Pos{Path: display}
	info, err := os.Stat(abs)
	if err != nil {
		r.Report(pos, diag.RuleUnreadable, err.Error())
		return nil
	}
	if info.Size() > MaxRecordSize {
		r.Report(pos, diag.RuleTooLarge, info.Size(), MaxRecordSize)
		return nil
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		r.Report(pos, diag.RuleUnreadable, err.Error())
		return nil
	}
	text, problem := Text(data)
	switch problem {
	case "":
		return &File{Path: display, Data: text}
	case Binary:
		r.Report(pos, diag.RuleBinary)
	default:
		r.Report(pos, diag.RuleNotUTF8, problem)
	}
	return nil
}
