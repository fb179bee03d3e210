package render

import (
	"slices"

	"github.com/gongkai/gongkai/internal/urls"
)

// aliases writes a redirect page at each alias: a file when the alias has an
// extension (/art/2021/3/15/art_1.html), else the folder's index.html (the
// catalogue's keys of aliases without one end in "/").
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
		p.out = &unitOut{r: r, own: true} // claimed in the catalogue
		if err := r.write("alias.html", p, urls.File(alias)); err != nil {
			return err
		}
	}
	return nil
}
