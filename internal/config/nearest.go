package config

import (
	"slices"
	"strings"
)

// NearestKinds lists the kinds whose folder or name, in English or
// Chinese, is nearest to folder, a first folder that is no kind's: what an
// editor who wrote it most likely meant (通知公示 → notice, polices →
// policy). Kinds equally near are all listed, in display order.
func (s *Site) NearestKinds(folder string) []Kind {
	folder = strings.ToLower(strings.TrimSpace(folder))
	var out []Kind
	best := -1
	for _, spec := range s.Kinds {
		k := spec.Kind
		names := append([]string{string(k), s.Folders[k]}, spec.Names...)
		d := -1
		for _, n := range names {
			if n == "" {
				continue
			}
			if e := editDistance(folder, strings.ToLower(n)); d < 0 || e < d {
				d = e
			}
		}
		switch {
		case d < 0:
		case best < 0 || d < best:
			best, out = d, []Kind{k}
		case d == best:
			out = append(out, k)
		}
	}
	return out
}

// FolderNames names kind k's folders for messages: its folder in the site
// and the Chinese one gongkai also accepts, "notices/（通知公告/）".
func (s *Site) FolderNames(k Kind) string {
	spec, _ := s.Kinds.Spec(k)
	return s.Folders[k] + "/（" + spec.Label("zh-CN") + "/）"
}

// editDistance is the Levenshtein distance of a and b, in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range ra {
		cur[0] = i + 1
		for j := range rb {
			cost := 1
			if ra[i] == rb[j] {
				cost = 0
			}
			cur[j+1] = slices.Min([]int{prev[j+1] + 1, cur[j] + 1, prev[j] + cost})
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
