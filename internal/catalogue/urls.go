package catalogue

import (
	"path"
	"strings"

	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/urls"
)

// ownSegments are the top-level URL segments the portal itself uses besides
// the kinds'; a page cannot take them.
var ownSegments = []string{"topics", "genres", "issuers", "years", "validity", "catalogue", "repealed", "search",
	"css", "js", "img", "static", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html"}

// assignURLs gives every entry its permanent URL: kind and slug, where the
// slug defaults to the index number (less the agency code), never to the
// file's name or folder, so moving a file does not move its page. Pages,
// which have no index number, default to their file's stem. The files of
// the entries' pages, attachments and aliases are claimed in c.Claims, in
// that order, each where it is written.
func (c *Catalogue) assignURLs(entries []*Entry, rep *diag.Reporter) {
	reserved := map[string]bool{}
	for _, k := range c.Site.Kinds {
		reserved[k.URL()] = true
	}
	for _, r := range ownSegments {
		reserved["/"+r+"/"] = true
	}
	c.Claims = claims.New()
	claim := func(url, folder string, at diag.Pos) bool {
		if reserved[folder] {
			rep.Report(at, diag.RuleURLCollision, url, diag.Text{Zh: "gongkai 保留的 " + folder, En: "gongkai's own " + folder})
			return false
		}
		ok, _ := c.Claims.Take(urls.File(folder), claims.Claimant{At: at, URL: url}, rep)
		return ok
	}
	for _, e := range entries {
		slug := e.Slug
		if slug == "" {
			slug = c.defaultSlug(e)
		}
		if spec, ok := c.Site.Kinds.Spec(e.Kind); !ok || spec.Listed {
			e.URL = "/" + spec.Segment + "/" + slug + "/"
		} else {
			e.URL = "/" + slug + "/"
		}
		at := e.At("slug")
		if !e.Pos.Has("slug") {
			at = e.At("index_no")
		}
		claim(e.URL, e.URL, at)
	}
	for _, e := range entries {
		for _, a := range e.Attachments {
			if a.Abs != "" {
				url := e.URL + path.Base(a.Rel)
				claim(url, url, e.At("attachment:"+a.File))
			}
		}
	}
	for _, e := range entries {
		for _, a := range e.Aliases {
			key := a
			if !strings.HasSuffix(key, "/") && path.Ext(key) == "" {
				key += "/"
			}
			at, ok := e.Where("alias:" + a)
			if !ok {
				at = e.At("aliases")
			}
			if claim(a, key, at) {
				c.Aliases[key] = e
			}
		}
	}
}

func (c *Catalogue) defaultSlug(e *Entry) string {
	if c.Site.Kinds.Unlisted(e.Kind) || e.IndexNo == "" {
		if e.Bundle {
			return path.Base(e.Dir)
		}
		return strings.TrimSuffix(path.Base(e.Rel), path.Ext(e.Rel))
	}
	id := e.IndexNo
	if code := c.Site.Agency.Code; code != "" {
		id = strings.TrimPrefix(id, code+"/")
	}
	return Segment(id)
}

// Segment makes a name safe as one URL path segment: it keeps letters,
// digits, Chinese and "-_.", and turns everything else into "-".
func Segment(name string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(name) {
		switch {
		case r == '-' || r == '_' || r == '.', r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z',
			r >= 0x3400 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF, r == '、' || r == '（' || r == '）':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		return "-"
	}
	return s
}
