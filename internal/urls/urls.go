// Package urls owns the site's link arithmetic: turning one site path into a
// relative link from another, so the output works under any path prefix, and,
// for offline builds, naming index.html explicitly so links work from file://.
//
// Site paths start with "/"; a path ending in "/" is a folder whose page is
// its index.html.
package urls

import "strings"

// Rel returns the link from the page at site path from to site path to
// (which may carry a #fragment). With offline, folder links end in index.html.
func Rel(from, to string, offline bool) string {
	to, frag, hasFrag := strings.Cut(to, "#")
	if hasFrag {
		frag = "#" + frag
	}
	fromDir := from[:strings.LastIndexByte(from, '/')+1]
	if to == from && hasFrag {
		return frag
	}
	// Common folder prefix, by whole segments.
	i := 0
	for j := 0; j < len(fromDir) && j < len(to); j++ {
		if fromDir[j] != to[j] {
			break
		}
		if to[j] == '/' {
			i = j + 1
		}
	}
	up := strings.Count(fromDir[i:], "/")
	rest := to[i:]
	var b strings.Builder
	for range up {
		b.WriteString("../")
	}
	b.WriteString(rest)
	if offline && strings.HasSuffix(to, "/") {
		b.WriteString("index.html")
	}
	if b.Len() == 0 {
		b.WriteString("./")
	}
	return b.String() + frag
}

// File is the output file of a site path: folders get index.html.
func File(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// Absolute joins a site path to the base URL (which ends in "/").
func Absolute(base, sitePath string) string {
	return strings.TrimSuffix(base, "/") + sitePath
}
