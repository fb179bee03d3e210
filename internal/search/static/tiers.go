package static

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A common term would make every query that has it load all its postings,
// and its term file grow with the catalogue. So a term whose postings are
// longer than Options.BigBytes keeps in its term file only its head: the
// postings of the documents where it weighs most (body impact and title, as
// search.js ranks them), half as many bytes, as [df, tails, name, head]. The other
// postings, in document order, go to its tails t/NAME-K.js, which a query
// loads only after its first results are shown, for exact counts and
// filters; until then search.js presumes that a candidate found by the
// query's other terms has it, and reads the passages it shows to check.
const titleWeight = 16 // as TITLE_WEIGHT in search.js

// posting is one document's entry in a term's postings.
type posting struct {
	doc    int
	weight int    // for the head: body impact, plus titleWeight in the title
	frag   []byte // the encoded entry, without the document number
}

// readNum reads the number putNum wrote at b[i:] and where the next starts.
func readNum(b []byte, i int) (int, int) {
	v, shift := 0, 0
	for ; i < len(b); i++ {
		if d := strings.IndexByte(cont, b[i]); d >= 0 {
			v |= d << shift
			shift += 5
			continue
		}
		return v | strings.IndexByte(last, b[i])<<shift, i + 1
	}
	return v, i
}

// decodePostings splits the postings of an analysed term.
func decodePostings(b []byte) []posting {
	var out []posting
	doc := 0
	for i := 0; i < len(b); {
		var d, v int
		d, i = readNum(b, i)
		doc += d
		start := i
		v, i = readNum(b, i)
		if v&2 != 0 {
			_, i = readNum(b, i)
		}
		if v&1 != 0 {
			_, i = readNum(b, i)
		}
		w := v >> 2
		if v&2 != 0 {
			w += titleWeight
		}
		out = append(out, posting{doc: doc, weight: w, frag: b[start:i]})
	}
	return out
}

func encodePostings(ps []posting) []byte {
	var b []byte
	prev := 0
	for _, p := range ps {
		b = putNum(b, p.doc-prev)
		b = append(b, p.frag...)
		prev = p.doc
	}
	return b
}

// tiered is a common term's postings, split.
type tiered struct {
	df    int
	head  []byte
	tails [][]byte
}

// split keeps a head of about headBytes of postings b and cuts the rest,
// in document order, into tails of at most about tailBytes.
func split(b []byte, headBytes, tailBytes int) tiered {
	ps := decodePostings(b)
	byWeight := slices.Clone(ps)
	slices.SortStableFunc(byWeight, func(x, y posting) int { return cmp.Compare(y.weight, x.weight) })
	inHead := map[int]bool{}
	for size, i := 0, 0; i < len(byWeight) && (i == 0 || size+len(byWeight[i].frag)+2 <= headBytes); i++ {
		size += len(byWeight[i].frag) + 2
		inHead[byWeight[i].doc] = true
	}
	var head, rest []posting
	for _, p := range ps {
		if inHead[p.doc] {
			head = append(head, p)
		} else {
			rest = append(rest, p)
		}
	}
	t := tiered{df: len(ps), head: encodePostings(head)}
	for len(rest) > 0 {
		n, size := 0, 0
		for n < len(rest) && (n == 0 || size+len(rest[n].frag)+2 <= tailBytes) {
			size += len(rest[n].frag) + 2
			n++
		}
		t.tails = append(t.tails, encodePostings(rest[:n]))
		rest = rest[n:]
	}
	return t
}

// tailName names the tails of the j-th common term of term file i.
func tailName(i, j int) string { return fmt.Sprintf("%d-%d", i, j) }
