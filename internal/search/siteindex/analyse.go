package siteindex

import (
	"context"
	"crypto/sha256"
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/analysis"
)

type plist struct {
	b    []byte
	last int // the last document added
	n    int // documents
}

// A CJK term (one or two characters, up to eight bytes of UTF-8, none of
// them zero) is keyed by its bytes packed into a number, which is much
// faster to hash than its string.
func cjkKey(term string) uint64 {
	var k uint64
	for i := 0; i < len(term); i++ {
		k = k<<8 | uint64(term[i])
	}
	return k
}

func cjkTerm(k uint64) string {
	var b [8]byte
	i := len(b)
	for ; k != 0; k >>= 8 {
		i--
		b[i] = byte(k)
	}
	return string(b[i:])
}

// docTerms is one document's analysis: its postings, encoded but for the
// document number (the fragment of term i is buf[ends[i-1]:ends[i]]), and
// where its passages end in the body.
type docTerms struct {
	cjk      []uint64
	words    []string
	buf      []byte
	ends     []int
	passages []int
	text     int
}

// analyseAll analyses docs on workers, taking unchanged documents from
// opts.Analyses and leaving it holding exactly these documents, and calls done with
// each document and its analysis on the worker. A document's body is asked
// of opts.Text, where empty, only to be analysed: with Analyses, a document
// whose Source is known and whose analysis is kept there is handed to done
// as it is. With inv, it hands each document's analysis to
// inv in document order as soon as it and the ones before it are done,
// and, without Analyses, drops its terms then (their slices go to the
// documents analysed next), so that the terms and text of only a few
// documents are held at a time.
func analyseAll(ctx context.Context, docs []search.Doc, opts Options, inv *inverter, done func(i int, d *search.Doc, a *docTerms) error) ([]*docTerms, error) {
	workers, passage, analyses := opts.Workers, opts.PassageBytes, opts.Analyses
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	results := make([]*docTerms, len(docs))
	var keys [][sha256.Size]byte
	if analyses != nil {
		keys = make([][sha256.Size]byte, len(docs))
	}
	// Documents go to the workers in chunks; the chunks come back in order
	// through done, at most a few per worker ahead of the inverter.
	const chunk = 16
	type part struct {
		lo, hi int
		done   chan struct{}
	}
	work := make(chan *part)
	order := make(chan *part, 4*workers)
	// The slices of documents inverted, for the workers to reuse: most of
	// the garbage of an index otherwise.
	spare := make(chan termBufs, 2*chunk*workers)
	go func() {
		defer close(order)
		defer close(work)
		for lo := 0; lo < len(docs) && ctx.Err() == nil; lo += chunk {
			p := &part{lo: lo, hi: min(lo+chunk, len(docs)), done: make(chan struct{})}
			order <- p
			work <- p
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAccs()
			for p := range work {
				for i := p.lo; i < p.hi && ctx.Err() == nil; i++ {
					d := docs[i]
					if d.Body == "" && opts.Text != nil && (analyses == nil || d.Source == ([32]byte{})) {
						d.Body = opts.Text(i)
					}
					if analyses != nil {
						keys[i] = docKey(&d, passage)
						results[i] = analyses.m[keys[i]]
					}
					if results[i] == nil {
						if d.Body == "" && opts.Text != nil {
							d.Body = opts.Text(i)
						}
						var b termBufs
						select {
						case b = <-spare:
						default:
						}
						results[i] = analyse(&d, passage, a, b)
					}
					if done != nil {
						if err := done(i, &d, results[i]); err != nil {
							cancel(err)
						}
					}
				}
				close(p.done)
			}
		}()
	}
	for p := range order {
		<-p.done
		if inv == nil || ctx.Err() != nil {
			continue
		}
		for i := p.lo; i < p.hi; i++ {
			inv.add(i, results[i])
			if analyses == nil {
				select {
				case spare <- results[i].take():
				default:
				}
			}
		}
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if analyses != nil {
		analyses.m = make(map[[sha256.Size]byte]*docTerms, len(docs))
		for i, r := range results {
			analyses.m[keys[i]] = r
		}
	}
	return results, nil
}

// termBufs are the slices of one document's terms, to be reused.
type termBufs struct {
	cjk   []uint64
	words []string
	buf   []byte
	ends  []int
}

// take forgets the document's terms, keeping its passages and size, and
// returns their slices for another document.
func (d *docTerms) take() termBufs {
	clear(d.words)
	b := termBufs{d.cjk, d.words, d.buf, d.ends}
	d.cjk, d.words, d.buf, d.ends = nil, nil, nil, nil
	return b
}

// inverter joins documents' postings, given in document order.
type inverter struct {
	cjk   map[uint64]int32 // term → its postings in lists
	words map[string]int32
	lists []plist
}

func newInverter() *inverter {
	return &inverter{cjk: map[uint64]int32{}, words: map[string]int32{}}
}

// add appends the postings of document i, which follows every document
// added before.
func (v *inverter) add(i int, r *docTerms) {
	put := func(id int32, frag []byte) {
		p := &v.lists[id]
		p.b = putNum(p.b, i-p.last)
		p.b = append(p.b, frag...)
		p.last = i
		p.n++
	}
	fresh := func() int32 {
		v.lists = append(v.lists, plist{})
		return int32(len(v.lists) - 1)
	}
	start := 0
	for j, k := range r.cjk {
		id, ok := v.cjk[k]
		if !ok {
			id = fresh()
			v.cjk[k] = id
		}
		put(id, r.buf[start:r.ends[j]])
		start = r.ends[j]
	}
	for j, w := range r.words {
		id, ok := v.words[w]
		if !ok {
			id = fresh()
			v.words[w] = id
		}
		end := r.ends[len(r.cjk)+j]
		put(id, r.buf[start:end])
		start = end
	}
}

// postings are the postings of every term added, by term.
func (v *inverter) postings() map[string]*plist {
	out := make(map[string]*plist, len(v.lists))
	for k, id := range v.cjk {
		out[cjkTerm(k)] = &v.lists[id]
	}
	for w, id := range v.words {
		out[w] = &v.lists[id]
	}
	return out
}

// termAcc gathers one term's occurrences in one document.
type termAcc struct {
	tf      [2]int // title, body
	passage int    // of its first occurrence in the body
}

// accs is a worker's reusable accumulators.
type accs struct {
	cjk   map[uint64]*termAcc
	words map[string]*termAcc
	free  []*termAcc
}

func newAccs() *accs {
	return &accs{cjk: map[uint64]*termAcc{}, words: map[string]*termAcc{}}
}

func (a *accs) get() *termAcc {
	if n := len(a.free); n > 0 {
		t := a.free[n-1]
		a.free = a.free[:n-1]
		return t
	}
	return &termAcc{}
}

// Ranking constants: BM25's k1 and b, against a fixed reference length
// rather than the collection's average, so that a document's impacts do
// not change when another document does.
const (
	k1        = 1.2
	b         = 0.75
	refLength = 1000 // positions
)

// impact is the weight of a term with body frequency tf in a body of n
// positions, in 1..31 (0: not in the body).
func impact(tf, n int) int {
	if tf == 0 {
		return 0
	}
	x := float64(tf) / (1 - b + b*float64(n)/refLength)
	return 1 + int(math.Round(30*x/(x+k1)))
}

// Passages splits body into passages of at most size bytes, at line ends
// where it can, and returns where each ends. An empty body has one empty
// passage.
func Passages(body string, size int) []int {
	var ends []int
	start := 0
	for start < len(body) {
		end := len(body)
		if end-start > size {
			// The last line end within size, else the last 。 within it,
			// else a character boundary.
			cut := start + size
			if i := strings.LastIndexByte(body[start:cut], '\n'); i > 0 {
				end = start + i + 1
			} else if i := strings.LastIndex(body[start:cut], "。"); i > 0 {
				end = start + i + len("。")
			} else {
				end = cut
				for end > start && !utf8.RuneStart(body[end]) {
					end--
				}
				if end == start {
					end = cut
				}
			}
		}
		ends = append(ends, end)
		start = end
	}
	if len(ends) == 0 {
		ends = []int{0}
	}
	return ends
}

// analyse analyses d into the slices of spare, which it may reuse.
func analyse(d *search.Doc, passage int, a *accs, spare termBufs) *docTerms {
	out := &docTerms{text: len(d.Title) + len(d.Body), passages: Passages(d.Body, passage)}
	cjkOrder, wordOrder := spare.cjk[:0], spare.words[:0]
	var lens [2]int
	for f, text := range []string{d.Title, d.Body} {
		n, p := 0, 0
		analysis.Analyze(text, func(t analysis.Token) {
			n = t.Pos
			var acc *termAcc
			if t.Kind == analysis.Word {
				acc = a.words[t.Term]
				if acc == nil {
					acc = a.get()
					// A copy: the term may be a part of the body, which
					// the postings must not keep.
					w := strings.Clone(t.Term)
					a.words[w] = acc
					wordOrder = append(wordOrder, w)
				}
			} else {
				k := cjkKey(t.Term)
				acc = a.cjk[k]
				if acc == nil {
					acc = a.get()
					a.cjk[k] = acc
					cjkOrder = append(cjkOrder, k)
				}
			}
			if f == 1 {
				for p < len(out.passages)-1 && t.Start >= out.passages[p] {
					p++
				}
				if acc.tf[1] == 0 {
					acc.passage = p
				}
			}
			acc.tf[f]++
		})
		lens[f] = n
	}
	out.cjk, out.words = cjkOrder, wordOrder
	out.ends = spare.ends[:0]
	buf := spare.buf[:0]
	emit := func(acc *termAcc) {
		// impact<<2 | in title<<1 | first passage not the first; then the
		// title's length, and the passage, when flagged.
		v := impact(acc.tf[1], lens[1]) << 2
		if acc.tf[0] > 0 {
			v |= 2
		}
		if acc.passage > 0 {
			v |= 1
		}
		buf = putNum(buf, v)
		if acc.tf[0] > 0 {
			buf = putNum(buf, lens[0])
		}
		if acc.passage > 0 {
			buf = putNum(buf, acc.passage)
		}
		out.ends = append(out.ends, len(buf))
		*acc = termAcc{}
		a.free = append(a.free, acc)
	}
	for _, k := range cjkOrder {
		emit(a.cjk[k])
	}
	for _, w := range wordOrder {
		emit(a.words[w])
	}
	clear(a.cjk)
	clear(a.words)
	out.buf = buf
	return out
}
