package catalogue

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/record"
)

// Taxonomy is one way of browsing the catalogue: by topic, genre, issuer ...
type Taxonomy struct {
	Key   string // "topics", "catalogue", "genres", "issuers", "years", "validity"
	URL   string // "/topics/"
	Terms []*Term
}

// Term is one value of a taxonomy with the records that have it (including
// those of its descendants in a tree). Only terms with records exist.
type Term struct {
	Name     string // as shown; for validity, the English value
	Path     string // "一级/二级" in trees, else Name
	URL      string
	Entries  []*Entry // newest first
	Children []*Term
}

// All lists the taxonomy's terms depth first.
func (t *Taxonomy) All() []*Term {
	var out []*Term
	var walk func([]*Term)
	walk = func(ts []*Term) {
		for _, x := range ts {
			out = append(out, x)
			walk(x.Children)
		}
	}
	walk(t.Terms)
	return out
}

func (c *Catalogue) buildTaxonomies() {
	c.Topics = treeTaxonomy("topics", c.Site.Topics, c.Records, func(e *Entry) []string {
		if e.Topic == "" {
			return nil
		}
		return []string{e.Topic}
	})
	c.Categories = treeTaxonomy("catalogue", c.Site.Categories, c.placed(), func(e *Entry) []string { return e.Record.Categories })

	c.Genres = flatTaxonomy("genres", c.Site.Genres, c.Records, func(e *Entry) []string {
		if e.Genre == "" {
			return nil
		}
		return []string{e.Genre}
	})
	c.Issuers = flatTaxonomy("issuers", nil, c.Records, func(e *Entry) []string { return e.Issuers })
	years := make([]string, len(c.Years))
	for i, y := range c.Years {
		years[i] = strconv.Itoa(y)
	}
	c.YearTax = flatTaxonomy("years", years, c.Records, func(e *Entry) []string {
		return []string{strconv.Itoa(e.Published.Year())}
	})
	vals := make([]string, len(record.Validities))
	for i, v := range record.Validities {
		vals[i] = string(v)
	}
	c.Validity = flatTaxonomy("validity", vals, c.Records, func(e *Entry) []string { return []string{string(e.State)} })
	for _, t := range c.Validity.Terms {
		t.URL = "/validity/" + strings.ReplaceAll(t.Name, "_", "-") + "/"
	}
}

// placed lists what the category tree holds, newest first: the records,
// and the pages placed in it with catalogue: (a 机构职能 page under its item
// of 法定主动公开内容, say).
func (c *Catalogue) placed() []*Entry {
	es := slices.Clone(c.Records)
	for _, p := range c.Pages {
		if len(p.Record.Categories) > 0 {
			es = append(es, p)
		}
	}
	SortNewest(es)
	return es
}

// flatTaxonomy groups entries by the names of(e) gives. Terms follow order;
// names not in order (or all, when order is nil) follow by name.
func flatTaxonomy(key string, order []string, entries []*Entry, of func(*Entry) []string) *Taxonomy {
	tax := &Taxonomy{Key: key, URL: "/" + key + "/"}
	byName := map[string]*Term{}
	var extra []string
	for _, e := range entries {
		for _, name := range of(e) {
			t := byName[name]
			if t == nil {
				t = &Term{Name: name, Path: name, URL: tax.URL + Segment(name) + "/"}
				byName[name] = t
				extra = append(extra, name)
			}
			t.Entries = append(t.Entries, e)
		}
	}
	for _, name := range order {
		if t := byName[name]; t != nil {
			tax.Terms = append(tax.Terms, t)
			delete(byName, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		if t := byName[name]; t != nil {
			tax.Terms = append(tax.Terms, t)
		}
	}
	return tax
}

// treeTaxonomy groups entries by tree paths; an entry counts for its node and
// every ancestor. Terms keep the tree's order.
func treeTaxonomy(key string, tree []*config.Node, entries []*Entry, of func(*Entry) []string) *Taxonomy {
	tax := &Taxonomy{Key: key, URL: "/" + key + "/"}
	byPath := map[string][]*Entry{}
	for _, e := range entries {
		seen := map[string]bool{}
		for _, p := range of(e) {
			parts := strings.Split(p, "/")
			for i := range parts {
				prefix := strings.Join(parts[:i+1], "/")
				if !seen[prefix] {
					seen[prefix] = true
					byPath[prefix] = append(byPath[prefix], e)
				}
			}
		}
	}
	var build func(nodes []*config.Node, parentPath, parentURL string) []*Term
	build = func(nodes []*config.Node, parentPath, parentURL string) []*Term {
		var out []*Term
		for _, n := range nodes {
			p := n.Name
			if parentPath != "" {
				p = parentPath + "/" + n.Name
			}
			es := byPath[p]
			if len(es) == 0 {
				continue
			}
			t := &Term{Name: n.Name, Path: p, URL: parentURL + Segment(n.Name) + "/", Entries: es}
			t.Children = build(n.Children, p, t.URL)
			out = append(out, t)
		}
		return out
	}
	tax.Terms = build(tree, "", tax.URL)
	return tax
}
