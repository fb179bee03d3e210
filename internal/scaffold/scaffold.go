// Package scaffold owns writing new records: the right folder, the next
// free index number of the year, today's date, every required field and
// the site's defaults for the kind (category, genre, topic), so
// an editor starts from a record that only lacks its words.
//
// It writes one new file and never overwrites; it does not build.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/config"
)

// Options describes the record to write.
type Options struct {
	Content  string // the content/ folder
	Site     *config.Site
	Kind     config.Kind
	Title    string
	Today    time.Time
	Existing []string // index numbers already used (drafts included)
	// Report writes the whole of a new annual report given its index
	// number, in the format due for its year (package annualreport's
	// draft); an annual report is written as YAML from it.
	Report func(indexNo string) ([]byte, error)
}

// ErrExists means the file to write is already there.
var ErrExists = errors.New("a file of that name already exists")

// New writes a new record and returns its path relative to Content.
func New(opts Options) (string, error) {
	title := strings.TrimSpace(opts.Title)
	if title == "" || strings.ContainsAny(title, "\r\n") {
		return "", fmt.Errorf("the title must be one non-empty line")
	}
	spec, _ := opts.Site.Kinds.Spec(opts.Kind)
	folder := opts.Site.Folders[opts.Kind]
	if folder == "" {
		return "", fmt.Errorf("no folder for kind %q", opts.Kind)
	}
	day := opts.Today.Format(time.DateOnly)
	var b strings.Builder
	b.WriteString("---\n")
	var rel string
	if !spec.Listed {
		slug := fmt.Sprintf("page-%s", opts.Today.Format("20060102-150405"))
		rel = path.Join(folder, slug+".md")
		fmt.Fprintf(&b, "title: %s\nslug: %s\npublished: %s\n", quote(title), slug, day)
	} else {
		index, err := opts.Site.NextIndexNo(opts.Existing, opts.Today.Year())
		if err != nil {
			return "", err
		}
		name := index
		if code := opts.Site.Agency.Code; code != "" {
			name = strings.TrimPrefix(name, code+"/")
		}
		name = strings.NewReplacer("/", "-", "\\", "-", ":", "-").Replace(name)
		rel = path.Join(folder, opts.Today.Format("2006"), name+".md")
		if opts.Kind == config.AnnualReport {
			if opts.Report == nil {
				return "", fmt.Errorf("no draft for an annual report")
			}
			data, err := opts.Report(index)
			if err != nil {
				return "", err
			}
			return write(opts.Content, strings.TrimSuffix(rel, ".md")+".yaml", data)
		}
		fmt.Fprintf(&b, "index_no: %s\ntitle: %s\n", quote(index), quote(title))
		if opts.Agency() != "" {
			fmt.Fprintf(&b, "issuer: %s\n", quote(opts.Agency()))
		}
		fmt.Fprintf(&b, "written: %s\npublished: %s\n", day, day)
		d := opts.Site.Defaults[opts.Kind]
		for _, f := range [][2]string{{"catalogue", d.Category}, {"genre", d.Genre}, {"topic", d.Topic}} {
			if f[1] != "" {
				fmt.Fprintf(&b, "%s: %s\n", f[0], quote(f[1]))
			}
		}
		for _, f := range spec.Required {
			switch f {
			case "index_no", "summary": // written already, or below
			case "interprets":
				b.WriteString("interprets: []  # 必填：被解读政策的索引号 / required: index numbers of the policies explained\n")
			default:
				fmt.Fprintf(&b, "%s: \"\"  # 必填 / required\n", f)
			}
		}
		b.WriteString("summary: \"\"  # 内容概述 / summary\n")
	}
	b.WriteString("---\n\n")
	return write(opts.Content, rel, []byte(b.String()))
}

// write creates the file rel of content with data, never over another,
// and returns rel.
func write(content, rel string, data []byte) (string, error) {
	target := filepath.Join(content, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s: %w", rel, ErrExists)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", err
	}
	return rel, f.Close()
}

// Agency is the issuer a new record starts with.
func (o Options) Agency() string { return o.Site.Agency.Name }

// quote writes s as a YAML double-quoted scalar.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
