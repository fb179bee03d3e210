package static

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gongkai/gongkai/internal/search"
)

// state is what one Write wrote, kept in the Cache so that the next Write
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
	return sha256.Sum256(fmt.Appendf(nil, "%v %d %d %d %d %d", o.Offline, o.TermBytes, o.PassageBytes, o.BigBytes, o.TailBytes, o.FacetDocs))
}

// rowKey identifies what a document's files show besides its title and
// body, which its analysis (keyed by docKey) stands for.
func rowKey(d *search.Doc) [sha256.Size]byte {
	h := sha256.New()
	for _, s := range []string{d.Path, d.IndexNo, d.DocNo, d.Date, d.Brief} {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		io.WriteString(h, s)
	}
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
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
		var ps []posting
		if p := post[term]; p != nil {
			ps = decodePostings(p.b)
		}
		at := len(ps)
		for k, q := range ps {
			if q.doc >= i {
				at = k
				break
			}
		}
		end := at
		if end < len(ps) && ps[end].doc == i {
			end++
		}
		var mid []posting
		if frag != nil {
			mid = []posting{{doc: i, frag: frag}}
		}
		ps = append(ps[:at:at], append(mid, ps[end:]...)...)
		if len(ps) == 0 {
			delete(post, term)
			return
		}
		post[term] = &plist{b: encodePostings(ps), last: ps[len(ps)-1].doc, n: len(ps)}
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
