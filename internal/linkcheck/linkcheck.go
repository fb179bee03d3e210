// Package linkcheck owns checking a built site: every internal link, asset
// reference and #fragment in its HTML must resolve to a file (and an id) in
// the output, and in offline builds no link may name a bare folder, which
// file:// would show as a directory listing.
//
// It reads the output folder only; it never changes it.
package linkcheck

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/internal/pool"
)

// Options configures a check.
type Options struct {
	Offline bool // folder links must name index.html
	// Rooted lists pages whose links are rooted at BasePath on purpose (a
	// 404 page, which a server shows at any depth). Elsewhere a link that
	// starts with "/" is a problem.
	Rooted   []string
	BasePath string // the site's path on its host, "/" by default
}

// Problem is one broken reference.
type Problem struct {
	Page   string // the page holding the reference, relative to the root
	Ref    string // the reference as written
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Page, p.Ref, p.Reason) }

// Report is the outcome of a check.
type Report struct {
	Pages    int // HTML pages read
	Links    int // internal references checked
	Problems []Problem
}

type page struct {
	refs []string
	ids  map[string]bool
}

// Check checks every .html file under root.
func Check(root string, opts Options) (*Report, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*page, len(files))
	var mu sync.Mutex
	err = pool.Each(context.Background(), 4, len(files), func(_ context.Context, i int) error {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(files[i])))
		if err != nil {
			return err
		}
		pg := &page{}
		pg.refs, pg.ids = scan(data)
		mu.Lock()
		pages[files[i]] = pg
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := &Report{Pages: len(files)}
	for _, f := range files {
		for _, ref := range pages[f].refs {
			reason, internal := check(root, f, ref, pages, opts)
			if internal {
				rep.Links++
			}
			if reason != "" {
				rep.Problems = append(rep.Problems, Problem{Page: f, Ref: ref, Reason: reason})
			}
		}
	}
	slices.SortFunc(rep.Problems, func(a, b Problem) int {
		return strings.Compare(a.Page+"\x00"+a.Ref, b.Page+"\x00"+b.Ref)
	})
	return rep, nil
}

// scan collects the references and ids of an HTML page.
func scan(data []byte) (refs []string, ids map[string]bool) {
	ids = map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return refs, ids
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch key := string(k); {
				case key == "id":
					ids[string(v)] = true
				case key == "name" && tag == "a":
					ids[string(v)] = true
				case key == "href" && (tag == "a" || tag == "link" || tag == "area"),
					key == "src" && (tag == "img" || tag == "script" || tag == "iframe" || tag == "source"):
					refs = append(refs, string(v))
				case key == "content" && tag == "meta":
					if _, u, ok := strings.Cut(string(v), "url="); ok {
						refs = append(refs, u)
					}
				}
			}
		}
	}
}

// check resolves ref from the page at from; internal is false for links off
// the site (other schemes, absolute URLs).
func check(root, from, ref string, pages map[string]*page, opts Options) (reason string, internal bool) {
	u, err := url.Parse(ref)
	switch {
	case err != nil:
		return "unparsable URL: " + err.Error(), true
	case u.Scheme != "" || u.Host != "":
		return "", false
	case strings.HasPrefix(u.Path, "/"):
		base := cmp.Or(opts.BasePath, "/")
		if !slices.Contains(opts.Rooted, from) {
			return "root-relative link: breaks under a path prefix and from file://", true
		}
		if !strings.HasPrefix(u.Path, base) {
			return "rooted link outside the base path " + base, true
		}
		u.Path = strings.Repeat("../", strings.Count(from, "/")) + "./" + strings.TrimPrefix(u.Path, base)
	}
	target := from
	if u.Path != "" {
		target = path.Join(path.Dir(from), u.Path)
		if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
			target += "/"
		}
		if target == ".." || strings.HasPrefix(target, "../") {
			return "points above the site root", true
		}
	}
	if strings.HasSuffix(target, "/") || target == "." {
		if opts.Offline {
			return "folder link: from file:// it shows a directory listing, not the page", true
		}
		target = strings.TrimSuffix(target, ".") + "index.html"
		target = strings.TrimPrefix(target, "/")
	}
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(target)))
	switch {
	case err != nil:
		return "missing: " + target, true
	case info.IsDir():
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(target), "index.html")); err != nil {
			return "folder without index.html: " + target, true
		}
		if opts.Offline {
			return "folder link: from file:// it shows a directory listing, not the page", true
		}
		target = path.Join(target, "index.html")
	}
	if u.Fragment != "" {
		pg, ok := pages[target]
		if ok && !pg.ids[u.Fragment] {
			return "no element with id " + u.Fragment + " in " + target, true
		}
	}
	return "", true
}
