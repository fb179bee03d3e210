package static

import (
	"fmt"
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

// maxWeight is the most a posting weighs: the highest impact, in the title.
const maxWeight = 31 + titleWeight

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
// in document order, into tails of at most about tailBytes. The head is
// the heaviest postings, earlier documents first among equals, as many as
// fit (at least one): weights are small, so it is found by counting the
// bytes of each weight rather than by sorting.
func split(b []byte, headBytes, tailBytes int) tiered {
	ps := decodePostings(b)
	var bytesOf [maxWeight + 1]int
	for _, p := range ps {
		bytesOf[p.weight] += len(p.frag) + 2
	}
	// Every weight above cut is in the head; of weight cut, the documents
	// in order while they fit.
	size, cut := 0, -1
	for w := maxWeight; w >= 0; w-- {
		if size+bytesOf[w] > headBytes {
			cut = w
			break
		}
		size += bytesOf[w]
	}
	inHead := make([]bool, len(ps))
	full := false
	for i, p := range ps {
		switch {
		case p.weight > cut:
			inHead[i] = true
		case p.weight == cut && !full:
			if n := len(p.frag) + 2; size == 0 || size+n <= headBytes {
				inHead[i] = true
				size += n
			} else {
				full = true
			}
		}
	}
	var head, rest []posting
	for i, p := range ps {
		if inHead[i] {
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
