package siteindex

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/gongkai/gongkai/internal/search"
)

// state is what one Write wrote, kept in the Analyses so that the next Write
// of the same site can rewrite only the files whose documents changed.
type state struct {
	settings [sha256.Size]byte   // the options that shape the files
	paths    []string            // document number → its path
	rows     [][sha256.Size]byte // document number → what else its files and the filters show
	analysed []*docTerms
	postings map[string]*plist  // the analysed terms'
	keys     map[string]*plist  // the exact keys'
	keysOf   [][]string         // document number → its exact keys
	tiers    map[string]*tiered // the common terms'
	nt       int                // term files
	termsIn  [][]string         // term file → its terms, sorted
	tailsOf  [][]string         // term file → the tails of its common terms
	sizes    map[string]int     // every file written or kept, by name
}

// follows reports whether s can be written by patching prev: the same
// settings and the same documents in the same order, their contents aside.
func (s *state) follows(prev *state) bool {
	if prev == nil || prev.settings != s.settings || len(prev.paths) != len(s.paths) {
		return false
	}
	for i, p := range s.paths {
		if prev.paths[i] != p {
			return false
		}
	}
	return true
}

// tier is the split of a common term, if s has it.
func (s *state) tier(term string) *tiered {
	if s == nil {
		return nil
	}
	return s.tiers[term]
}

// settings identifies the options that shape the files, the labels of the
// filters included (through the filter table, which is written every time).
func (o Options) settings() [sha256.Size]byte {
	return sha256.Sum256(fmt.Appendf(nil, "%v %d %d %d %d %d %q", o.Offline, o.TermBytes, o.PassageBytes, o.BigBytes, o.TailBytes, o.FacetDocs, o.Local))
}

// rowKey identifies what a document's files show besides its title and
// body, which its analysis (keyed by docKey) stands for.
func rowKey(d *search.Doc) [sha256.Size]byte {
	var buf [512]byte
	b := buf[:0]
	for _, s := range []string{d.Path, d.IndexNo, d.DocNo, d.Date, d.Brief} {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return sha256.Sum256(b)
}

// patch replaces document i's postings, old, with new in post, and returns
// the terms whose postings changed.
func patch(post map[string]*plist, i int, old, new *docTerms) []string {
	frags, was := map[string][]byte{}, map[string][]byte{}
	new.each(func(term string, frag []byte) { frags[term] = frag })
	old.each(func(term string, frag []byte) { was[term] = frag })
	var touched []string
	replace := func(term string, frag []byte) {
		touched = append(touched, term)
		p := post[term]
		if p == nil {
			p = &plist{}
		}
		if p = splice(p, i, frag, postingEnd); p.n == 0 {
			delete(post, term)
			return
		}
		post[term] = p
	}
	old.each(func(term string, frag []byte) {
		if _, ok := frags[term]; !ok {
			replace(term, nil)
		}
	})
	new.each(func(term string, frag []byte) {
		if w, ok := was[term]; !ok || string(w) != string(frag) {
			replace(term, frag)
		}
	})
	return touched
}

// each calls fn with each term of the document and its encoded entry.
func (d *docTerms) each(fn func(term string, frag []byte)) {
	start := 0
	for j, k := range d.cjk {
		fn(cjkTerm(k), d.buf[start:d.ends[j]])
		start = d.ends[j]
	}
	for j, w := range d.words {
		end := d.ends[len(d.cjk)+j]
		fn(w, d.buf[start:end])
		start = end
	}
}

// splice returns p with document i's entry replaced by frag (removed if
// frag is nil, added if p has none). It works on the encoded bytes: besides
// i's own entry only the delta of the posting after it changes, so nothing
// is decoded. skip gives where an entry that starts at j ends:
// postingEnd for the analysed terms, keyEnd for the exact keys.
func splice(p *plist, i int, frag []byte, skip func(b []byte, j int) int) *plist {
	b := p.b
	at, prev := 0, 0 // where i's posting is or goes, and the document before it
	for at < len(b) {
		d, j := readNum(b, at)
		if prev+d >= i {
			break
		}
		at = skip(b, j)
		prev += d
	}
	n, last := p.n, p.last
	rest, next := len(b), -1 // the bytes after the next posting's delta, and its document
	if at < len(b) {
		d, j := readNum(b, at)
		if prev+d == i {
			n--
			if e := skip(b, j); e < len(b) {
				dn, r := readNum(b, e)
				next, rest = i+dn, r
			}
		} else {
			next, rest = prev+d, j
		}
	}
	out := make([]byte, 0, len(b)+len(frag)+8)
	out = append(out, b[:at]...)
	from := prev
	if frag != nil {
		out = putNum(out, i-prev)
		out = append(out, frag...)
		from = i
		n++
	}
	switch {
	case next >= 0:
		out = putNum(out, next-from)
		out = append(out, b[rest:]...)
	case frag != nil:
		last = i
	default:
		last = prev
	}
	return &plist{b: out, last: last, n: n}
}

// keyEnd is where the entry of an exact key's posting ends: it has none.
func keyEnd(_ []byte, j int) int { return j }

// patchKeys replaces document i's exact keys, old, with new in post, and
// returns the keys whose postings changed.
func patchKeys(post map[string]*plist, i int, old, new []string) []string {
	var touched []string
	set := func(key string, on bool) {
		p := post[key]
		if p == nil {
			p = &plist{}
		}
		var frag []byte
		if on {
			frag = []byte{}
		}
		if p = splice(p, i, frag, keyEnd); p.n == 0 {
			delete(post, key)
		} else {
			post[key] = p
		}
		touched = append(touched, key)
	}
	for _, k := range old {
		if !slices.Contains(new, k) && !slices.Contains(touched, k) {
			set(k, false)
		}
	}
	for _, k := range new {
		if !slices.Contains(old, k) && !slices.Contains(touched, k) {
			set(k, true)
		}
	}
	return touched
}
