// Package cdn owns what a CDN or web server must know about each output
// file: its Content-Type, its Cache-Control (long and immutable for files
// whose names carry a hash of their bytes, revalidation for everything
// else), content-hashed names for assets, and the _headers file that
// Netlify and Cloudflare Pages read.
//
// It computes names and text only; it reads and writes no files.
package cdn

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Cache-Control values.
const (
	Immutable   = "public, max-age=31536000, immutable"
	Revalidate  = "no-cache"
	HeadersFile = "_headers"
)

// hashed matches a base name with a content hash before its extension, as
// Fingerprint writes them and the search index names its shards.
var hashed = regexp.MustCompile(`\.[0-9a-f]{8}\.[A-Za-z0-9]+$`)

// IsHashed reports whether the file name (slash-separated, relative to the
// output root) carries a content hash, so its bytes never change.
func IsHashed(name string) bool { return hashed.MatchString(path.Base(name)) }

// Fingerprint is name with the first 8 hex digits of the SHA-256 of data
// before its extension: css/site.css → css/site.3f2a9c1d.css.
func Fingerprint(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

// Fingerprinted reports whether a static file gets a fingerprinted copy:
// the stylesheets and scripts that pages link.
func Fingerprinted(name string) bool {
	ext := path.Ext(name)
	return (ext == ".css" || ext == ".js") && !IsHashed(name)
}

// types are the Content-Types of the files a build writes, by extension;
// others come from the mime package.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json; charset=utf-8",
	".xml":   "application/xml; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/markdown; charset=utf-8",
	".svg":   "image/svg+xml",
	".pdf":   "application/pdf",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".zip":   "application/zip",
	".doc":   "application/msword",
	".docx":  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":   "application/vnd.ms-excel",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ofd":   "application/ofd",
	".woff2": "font/woff2",
}

// ContentType is the Content-Type of the output file name.
func ContentType(name string) string {
	base := path.Base(name)
	switch {
	case base == "feed.xml" || strings.HasSuffix(base, ".atom"):
		return "application/atom+xml; charset=utf-8"
	case base == "opensearch.xml":
		return "application/opensearchdescription+xml; charset=utf-8"
	case base == HeadersFile:
		return "text/plain; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if strings.HasPrefix(t, "text/") && !strings.Contains(t, "charset") {
			t += "; charset=utf-8"
		}
		return t
	}
	return "application/octet-stream"
}

// CacheControl is the Cache-Control of the output file name: immutable for
// content-hashed names, revalidation for everything else (pages, feeds,
// sitemaps, the search entry file search/index.js, exports, unhashed
// copies of assets, attachments).
func CacheControl(name string) string {
	if IsHashed(name) {
		return Immutable
	}
	return Revalidate
}

// Headers is the whole set of response headers of one file.
type Headers struct {
	ContentType     string
	CacheControl    string
	ContentEncoding string // "" for none; the build writes no precompressed files
}

// For is the headers of the output file name.
func For(name string) Headers {
	return Headers{ContentType: ContentType(name), CacheControl: CacheControl(name)}
}

// HeadersText is the _headers file for an output holding files (slash-
// separated names relative to the root). To stay within the rule limits of
// the hosts and never give one path two Cache-Control values (both hosts
// merge the headers of every rule a path matches), a top-level folder
// without a content-hashed file gets one splat rule; the files of folders
// with one, and the top-level files, get one rule each.
func HeadersText(files []string) string {
	files = append([]string(nil), files...)
	sort.Strings(files)
	mixed := map[string]bool{} // top-level folders holding a hashed file
	for _, f := range files {
		if dir, _, ok := strings.Cut(f, "/"); ok && IsHashed(f) {
			mixed[dir] = true
		}
	}
	var b strings.Builder
	b.WriteString("# Written by gongkai build: the response headers of each file.\n")
	b.WriteString("# Files whose names carry a content hash never change; all else revalidates.\n")
	rule := func(pattern string, h Headers) {
		b.WriteString(pattern + "\n")
		if h.ContentType != "" {
			b.WriteString("  Content-Type: " + h.ContentType + "\n")
		}
		b.WriteString("  Cache-Control: " + h.CacheControl + "\n")
		b.WriteString("  X-Content-Type-Options: nosniff\n")
	}
	splat := map[string]bool{}
	for _, f := range files {
		if f == HeadersFile {
			continue
		}
		dir, _, nested := strings.Cut(f, "/")
		switch {
		case nested && !mixed[dir]:
			if !splat[dir] {
				splat[dir] = true
				rule("/"+dir+"/*", Headers{CacheControl: Revalidate})
			}
		case f == "index.html":
			rule("/", For(f))
			rule("/index.html", For(f))
		case path.Base(f) == "index.html":
			rule("/"+path.Dir(f)+"/", For(f))
			rule("/"+f, For(f))
		default:
			rule("/"+f, For(f))
		}
	}
	return b.String()
}
