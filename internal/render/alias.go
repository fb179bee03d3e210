package render

import (
	"path"
	"slices"
	"strings"
)

// aliases writes a redirect page at each alias: a file when the alias has an
// extension (/art/2021/3/15/art_1.html), else the folder's index.html.
func (r *Renderer) aliases() error {
	keys := make([]string, 0, len(r.cat.Aliases))
	for k := range r.cat.Aliases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, alias := range keys {
		e := r.cat.Aliases[alias]
		p := r.newPage(alias, "alias", e.Title)
		p.Entry = e
		name := strings.TrimPrefix(alias, "/")
		if strings.HasSuffix(alias, "/") {
			name += "index.html"
		} else if path.Ext(alias) == "" {
			name += "/index.html"
		}
		if err := r.write("alias.html", p, name); err != nil {
			return err
		}
	}
	return nil
}
