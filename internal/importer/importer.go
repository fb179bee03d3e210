// Package importer owns moving an existing catalogue into content/: it reads
// the CSV or XLSX export of another system, maps its columns to record
// fields (the headings of typical exports are known; a mapping file says the
// rest), normalises dates and HTML bodies, and writes each good row as a
// record file (a bundle folder with its attachments copied in), reporting
// every row it cannot import with its row number and reason.
//
// It writes only new files under content/ and, when asked, replaces the
// records it would write; it never deletes anything and never touches
// anything outside content/.
package importer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/record"
)

// Options configures one import.
type Options struct {
	Source    string   // the site folder (with content/)
	Table     *Table   // the rows to import
	Mapping   *Mapping // nil: the default headings only
	Files     string   // the folder attachment names are relative to
	Overwrite bool     // replace existing records the rows would write
	Check     bool     // report, write nothing
}

// Reason says why a row was not imported.
type Reason string

const (
	NoTitle         Reason = "missing_title"
	NoIndexNo       Reason = "missing_index_no"
	BadIndexNo      Reason = "bad_index_no"
	NoPublished     Reason = "missing_published"
	BadDate         Reason = "bad_date"
	BadKind         Reason = "bad_kind"
	DuplicateInFile Reason = "duplicate_in_file"
	Exists          Reason = "exists"
	NoAttachment    Reason = "missing_attachment"
	OutsideFiles    Reason = "attachment_outside_files"
	Invalid         Reason = "invalid"
)

// Rejected is a row that was not imported.
type Rejected struct {
	Row    int // as the spreadsheet numbers it: the heading is row 1
	Reason Reason
	Detail string
}

func (r Rejected) String() string { return fmt.Sprintf("row %d: %s: %s", r.Row, r.Reason, r.Detail) }

// Result lists what an import did, each list in row order.
type Result struct {
	Written   []string // content-relative record files written
	Replaced  []string // of which existed before (--overwrite)
	Unchanged []string // already there, byte for byte
	Rejected  []Rejected
}

// Run imports the rows of opts.Table into opts.Source/content.
func Run(ctx context.Context, opts Options) (*Result, error) {
	content := filepath.Join(opts.Source, "content")
	rep := diag.NewReporter(false)
	tree, err := load.Content(ctx, content, "content", rep)
	if err != nil {
		return nil, err
	}
	site := config.Default()
	if tree.Site != nil {
		site = config.Parse(tree.Site.Path, tree.Site.Data, rep)
	}
	existing := map[string]string{} // index_no → record file, content-relative
	for _, f := range tree.Records {
		if r := record.Decode(f, site, tree.Assets, diag.NewReporter(false)); r != nil && r.IndexNo != "" {
			existing[r.IndexNo] = f.Rel
		}
	}
	cols := map[string]int{}
	for i, h := range opts.Table.Header {
		if f := opts.Mapping.fieldOf(h); f != "" {
			if _, dup := cols[f]; !dup {
				cols[f] = i
			}
		}
	}
	if _, ok := cols["title"]; !ok {
		return nil, &MappingError{Field: "title", Headings: opts.Table.Header}
	}
	defKind := ""
	if opts.Mapping != nil {
		defKind = opts.Mapping.Kind
	}
	if _, ok := cols["kind"]; !ok && defKind == "" {
		return nil, &MappingError{Field: "kind", Headings: opts.Table.Header}
	}
	res := &Result{}
	seen := map[string]int{} // index_no → row
	for i, row := range opts.Table.Rows {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		line := opts.Table.Lines[i]
		get := func(f string) string {
			if c, ok := cols[f]; ok && c < len(row) {
				return strings.TrimSpace(unCSVSafe(row[c]))
			}
			return ""
		}
		reject := func(r Reason, format string, args ...any) {
			res.Rejected = append(res.Rejected, Rejected{line, r, fmt.Sprintf(format, args...)})
		}
		rec, reason, detail := makeRecord(get, site, defKind)
		if reason != "" {
			reject(reason, "%s", detail)
			continue
		}
		if first, dup := seen[rec.indexNo]; dup {
			reject(DuplicateInFile, "索引号 %s is also on row %d", rec.indexNo, first)
			continue
		}
		seen[rec.indexNo] = line
		// Attachments.
		var atts []attachment
		bad, why := "", Reason("")
		for _, name := range splitList(get("attachments")) {
			src, ok := inside(opts.Files, name)
			if !ok {
				bad, why = name, OutsideFiles
				break
			}
			st, err := os.Stat(src)
			if err != nil || !st.Mode().IsRegular() {
				bad, why = name, NoAttachment
				break
			}
			atts = append(atts, attachment{src: src, name: safeName(path.Base(filepath.ToSlash(name)))})
		}
		switch why {
		case OutsideFiles:
			reject(why, "附件 %s 不在附件文件夹 %s 之内，不予导入", bad, opts.Files)
			continue
		case NoAttachment:
			reject(why, "%s not found in %s", bad, opts.Files)
			continue
		}
		rel := recordPath(site, rec, len(atts) > 0)
		data := rec.text(atts)
		// What the file will say must pass the record rules.
		vrep := diag.NewReporter(false)
		assets := map[string]*load.Asset{}
		for _, a := range atts {
			st, _ := os.Stat(a.src)
			assets[path.Join(path.Dir(rel), a.name)] = &load.Asset{Abs: a.src, Size: st.Size()}
		}
		record.Decode(&load.File{Rel: rel, Path: "content/" + rel, Data: data}, site, assets, vrep)
		if vrep.Errors() > 0 {
			var msgs []string
			for _, d := range vrep.Diagnostics() {
				if d.Severity == diag.Error {
					msgs = append(msgs, d.Message("zh-CN"))
				}
			}
			reject(Invalid, "%s", strings.Join(msgs, "; "))
			continue
		}
		old, exists := existing[rec.indexNo]
		if exists && old != rel {
			reject(Exists, "索引号 %s is already content/%s", rec.indexNo, old)
			continue
		}
		target := filepath.Join(content, filepath.FromSlash(rel))
		same, present := sameFile(target, data)
		for _, a := range atts {
			ok, _ := sameFileAs(filepath.Join(filepath.Dir(target), a.name), a.src)
			same = same && ok
		}
		switch {
		case present && same:
			res.Unchanged = append(res.Unchanged, rel)
			continue
		case (present || exists) && !opts.Overwrite:
			reject(Exists, "content/%s exists and differs (--overwrite replaces it)", rel)
			continue
		}
		if !opts.Check {
			if err := writeRecord(target, data, atts); err != nil {
				return res, err
			}
		}
		res.Written = append(res.Written, rel)
		if present || exists {
			res.Replaced = append(res.Replaced, rel)
		}
		existing[rec.indexNo] = rel
	}
	return res, nil
}

// unCSVSafe takes off the apostrophe that catalogue.csv (and other careful
// exporters) put before a value a spreadsheet would read as a formula.
func unCSVSafe(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// recordPath is where a record goes: its kind's folder, the year it was
// published, and the serial part of its index number.
func recordPath(site *config.Site, r *row, bundle bool) string {
	name := r.indexNo
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = safeName(name)
	dir := path.Join(site.Folders[r.kind], r.published[:4])
	if bundle {
		return path.Join(dir, name, "index.md")
	}
	return path.Join(dir, name+".md")
}

// safeName makes s usable as one file name on every system.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, s)
	if s == "" || s == "." || s == ".." {
		return "_"
	}
	return s
}

// splitList splits a multi-valued cell: ; ； 、 , ， | or new lines.
func splitList(s string) []string { return splitOn(s, ";；、,，|\n\r") }

// splitPaths splits a list of category paths, whose item names hold 、
// (法规、规章和规范性文件).
func splitPaths(s string) []string { return splitOn(s, ";；,，|\n\r") }

func splitOn(s, seps string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	var out []string
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

type attachment struct {
	src  string
	name string
}

// sameFile reports whether name holds exactly data, and whether it exists.
func sameFile(name string, data []byte) (same, exists bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return false, false
	}
	return bytes.Equal(b, data), true
}

func sameFileAs(name, src string) (bool, error) {
	b, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	same, _ := sameFile(name, b)
	return same, nil
}

// writeRecord writes the record and copies its attachments beside it,
// each through a temporary file so that no file is ever half written.
func writeRecord(target string, data []byte, atts []attachment) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	for _, a := range atts {
		b, err := os.ReadFile(a.src)
		if err != nil {
			return err
		}
		if err := output.WriteAtomic(filepath.Join(filepath.Dir(target), a.name), b); err != nil {
			return err
		}
	}
	return output.WriteAtomic(target, data)
}

// MappingError is a table whose title or kind no column gives: a mapping
// file must say which.
type MappingError struct {
	Field    string // "title" or "kind"
	Headings []string
}

func (e *MappingError) Error() string {
	if e.Field == "kind" {
		return "no column gives the kind; say kind: policy (or notice, report, interpretation) in a mapping file"
	}
	return fmt.Sprintf("no column is the title (headings: %s); say which in a mapping file", strings.Join(e.Headings, ", "))
}
