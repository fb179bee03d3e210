// Package archive owns the offline archive: one deterministic zip of the
// offline build (links that work from file://), with a top-level index.html
// that opens the portal and a manifest of every file's SHA-256.
//
// It builds into a temporary folder of its own and writes only the zip; it
// never touches the site's public/ folder.
package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// Manifest is the name of the manifest at the top of the zip, in the format
// of sha256sum (so `sha256sum -c MANIFEST.sha256` checks an unzipped copy).
const Manifest = "MANIFEST.sha256"

// Epoch is the modification time of every entry: the earliest a zip can
// hold, so the same input gives the same bytes whenever it is archived.
var Epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Options configures an archive.
type Options struct {
	Source string // the site folder
	Out    string // the zip to write
	Name   string // the top folder in the zip; "" derives it from the site
	Drafts bool
	Strict bool
}

// Result is what Write did.
type Result struct {
	Build *pipeline.Result
	Name  string // the top folder
	Files int    // files in the zip, the manifest and index.html included
	Bytes int64  // size of the zip
}

// Write builds the site offline into a temporary folder and writes the zip.
// The zip is written beside Out and renamed into place, so a failure leaves
// no partial file.
func Write(ctx context.Context, opts Options) (*Result, error) {
	tmp, err := os.MkdirTemp("", "gongkai-archive-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "public")
	bres, err := pipeline.Run(ctx, pipeline.Options{Source: opts.Source, Out: out, Offline: true, Drafts: opts.Drafts, Strict: opts.Strict})
	res := &Result{Build: bres}
	if err != nil {
		return res, err
	}
	name := opts.Name
	if name == "" {
		name = Slug(opts.Source)
	}
	res.Name = name
	var buf bytes.Buffer
	n, err := Zip(&buf, out, name)
	if err != nil {
		return res, err
	}
	res.Files = n
	res.Bytes = int64(buf.Len())
	return res, output.WriteAtomic(opts.Out, buf.Bytes())
}

// Zip writes the folder dir as a zip to w: every file under name/ in sorted
// order, a top-level index.html leading to name/index.html, and the
// manifest. It returns the number of entries.
func Zip(w interface{ Write([]byte) (int, error) }, dir, name string) (int, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == output.Marker {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.Strings(files)

	zw := zip.NewWriter(w)
	var manifest strings.Builder
	add := func(zname string, data []byte) error {
		h := &zip.FileHeader{Name: zname, Method: zip.Deflate, Modified: Epoch}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum[:]), zname)
		return nil
	}
	if err := add("index.html", []byte(Redirect(name))); err != nil {
		return 0, err
	}
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return 0, err
		}
		if err := add(path.Join(name, rel), data); err != nil {
			return 0, err
		}
	}
	h := &zip.FileHeader{Name: Manifest, Method: zip.Deflate, Modified: Epoch}
	h.SetMode(0o644)
	fw, err := zw.CreateHeader(h)
	if err != nil {
		return 0, err
	}
	if _, err := fw.Write([]byte(manifest.String())); err != nil {
		return 0, err
	}
	return len(files) + 2, zw.Close()
}

// Redirect is the top-level index.html: it opens name/index.html at once,
// and without a refresh it is a page with one link to it.
func Redirect(name string) string {
	href := html.EscapeString((&url.URL{Path: name + "/index.html"}).String())
	return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url=` + href + `">
<title>政府信息公开 · Government information disclosure</title>
</head>
<body>
<main>
<h1>政府信息公开 · Government information disclosure</h1>
<p><a href="` + href + `">打开门户 · Open the portal</a></p>
</main>
</body>
</html>
`
}

var unsafeSlug = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Slug names the top folder: the host of the site's base_url, or else the
// site folder's name, or else "site".
func Slug(source string) string {
	var site struct {
		BaseURL string `yaml:"base_url"`
	}
	if data, err := os.ReadFile(filepath.Join(source, "content", "site.yaml")); err == nil {
		if yaml.Unmarshal(data, &site) == nil {
			if u, err := url.Parse(site.BaseURL); err == nil && u.Hostname() != "" {
				if s := clean(u.Hostname()); s != "" {
					return s
				}
			}
		}
	}
	if abs, err := filepath.Abs(source); err == nil {
		if s := clean(filepath.Base(abs)); s != "" {
			return s
		}
	}
	return "site"
}

func clean(s string) string {
	s = strings.Trim(unsafeSlug.ReplaceAllString(s, "-"), "-.")
	if s == "" || s == "." {
		return ""
	}
	return s
}
