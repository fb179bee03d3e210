package siteindex

import (
	"fmt"
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
		d := digitOf[b[i]]
		if d&isCont == 0 {
			return v | int(d)<<shift, i + 1
		}
		v |= int(d&31) << shift
		shift += 5
	}
	return v, i
}

// decodePostings splits the postings of an analysed term.
func decodePostings(b []byte) []posting {
	var out []posting
	for i, doc := 0, 0; i < len(b); {
		var p posting
		p, i = nextPosting(b, i, doc)
		doc = p.doc
		out = append(out, p)
	}
	return out
}

// nextPosting reads the posting at b[i:], whose document number is prev
// plus its delta, and where the next starts.
func nextPosting(b []byte, i, prev int) (posting, int) {
	d, start := readNum(b, i)
	v, _ := readNum(b, start)
	i = postingEnd(b, start)
	w := v >> 2
	if v&2 != 0 {
		w += titleWeight
	}
	return posting{doc: prev + d, weight: w, frag: b[start:i]}, i
}

// postingEnd is where the entry of an analysed term's posting that starts
// at b[j:] ends.
func postingEnd(b []byte, j int) int {
	v, j := readNum(b, j)
	if v&2 != 0 {
		_, j = readNum(b, j)
	}
	if v&1 != 0 {
		_, j = readNum(b, j)
	}
	return j
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
// bytes of each weight rather than by sorting, in two passes over b that
// allocate only what they return.
func split(b []byte, headBytes, tailBytes int) tiered {
	var bytesOf [maxWeight + 1]int
	df := 0
	for i := 0; i < len(b); {
		var p posting
		p, i = nextPosting(b, i, 0)
		bytesOf[p.weight] += len(p.frag) + 2
		df++
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
	t := tiered{df: df, head: make([]byte, 0, headBytes+headBytes/4)}
	full := false
	headDoc, tailDoc, tailSize := 0, 0, 0
	var tail []byte
	for i, doc := 0, 0; i < len(b); {
		var p posting
		p, i = nextPosting(b, i, doc)
		doc = p.doc
		n := len(p.frag) + 2
		inHead := p.weight > cut
		if !inHead && p.weight == cut && !full {
			if size == 0 || size+n <= headBytes {
				inHead = true
				size += n
			} else {
				full = true
			}
		}
		if inHead {
			t.head = putNum(t.head, doc-headDoc)
			t.head = append(t.head, p.frag...)
			headDoc = doc
			continue
		}
		if tail != nil && tailSize+n > tailBytes {
			t.tails = append(t.tails, tail)
			tail, tailDoc, tailSize = nil, 0, 0
		}
		if tail == nil {
			tail = make([]byte, 0, tailBytes+tailBytes/8)
		}
		tail = putNum(tail, doc-tailDoc)
		tail = append(tail, p.frag...)
		tailDoc = doc
		tailSize += n
	}
	if tail != nil {
		t.tails = append(t.tails, tail)
	}
	return t
}

// tailName names the tails of the j-th common term of term file i.
func tailName(i, j int) string { return fmt.Sprintf("%d-%d", i, j) }
