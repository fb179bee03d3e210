// Package static owns the search index written with the site, under
// search/ in the output, and its format, which static/js/search.js reads:
//
//   - search/index.js, the entry: small, not hashed (a CDN revalidates it),
//     naming every other file by its content hash;
//   - f.HASH.js: per document, the values readers filter by and the field
//     lengths that ranking needs, with the filters' labels;
//   - tN.HASH.js, term shards: each term (see package analysis) goes to
//     shard fnv32a(term) mod T, with its postings: per document the term
//     frequency in the title and in the body and the positions a phrase
//     needs; and exact index numbers and document numbers, as "#key";
//   - dN.HASH.js, document shards: what a result shows (title, link,
//     numbers, date, brief) for a run of consecutive documents.
//
// Every file is a classic script calling gongkaiSearch.load(id, data), so
// the index works from file://, on any host and under any path prefix.
// It writes through a sink and reads only the Docs it is given.
package static

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/analysis"
)

// Dir is the folder of the index in the output.
const Dir = "search/"

// Sink receives the files (render.Sink satisfies it).
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Options configures the index.
type Options struct {
	Offline bool                    // links name index.html, for file://
	Label   func(key string) string // interface text: "kind.policy", "validity.repealed"
	Workers int                     // 0: one per CPU
	// PerShard is the number of documents per document shard; 0: 24.
	PerShard int
	// Shards is the number of term shards; 0: enough that the whole index
	// has at most one file per ten documents.
	Shards int
	// Cache, when set, keeps each document's analysis for the next Write,
	// so that only documents whose title or body changed are analysed.
	Cache *Cache
}

// Cache holds documents' analyses between Writes of the same site's index.
// A Cache serves one Write at a time.
type Cache struct {
	m map[[sha256.Size]byte]*docTerms
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[[sha256.Size]byte]*docTerms{}} }

// docKey identifies what the analysis of d depends on: its title and body.
func docKey(d *search.Doc) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(d.Title)))
	h.Write(n[:])
	io.WriteString(h, d.Title)
	io.WriteString(h, d.Body)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// Stats says what was written.
type Stats struct {
	Docs      int
	Files     int
	Bytes     int // all files of the index
	TextBytes int // the text indexed: titles and bodies
	Terms     int
}

// Write builds the index of docs and writes it to sink under Dir.
func Write(ctx context.Context, docs []search.Doc, sink Sink, opts Options) (Stats, error) {
	st := Stats{Docs: len(docs)}
	per := opts.PerShard
	if per <= 0 {
		per = 24
	}
	nd := max(1, (len(docs)+per-1)/per)
	nt := opts.Shards
	if nt <= 0 {
		nt = max(1, min(4096, len(docs)/10-nd-2))
	}
	label := opts.Label
	if label == nil {
		label = func(k string) string { return k }
	}

	postings, lengths, text, err := invert(ctx, docs, opts.Workers, opts.Cache)
	if err != nil {
		return st, err
	}
	st.TextBytes = text
	st.Terms = len(postings)
	for i, d := range docs {
		for _, k := range []string{d.IndexNo, d.DocNo} {
			if k = search.Key(k); k != "" {
				key := "#" + k
				p := postings[key]
				if p == nil {
					p = &plist{}
					postings[key] = p
				}
				if p.n == 0 || p.last != i {
					p.b = putNum(p.b, i-p.last)
					p.last = i
					p.n++
				}
			}
		}
	}

	write := func(name string, data []byte) error {
		st.Files++
		st.Bytes += len(data)
		return sink.WriteFile(Dir+name, data)
	}

	// Term shards.
	shards := make([]map[string]string, nt)
	for i := range shards {
		shards[i] = map[string]string{}
	}
	for term, p := range postings {
		shards[fnv32a(term)%uint32(nt)][term] = string(p.b)
	}
	tHashes := make([]string, nt)
	tData := make([][]byte, nt)
	if err := parallel(opts.Workers, nt, func(i int) error {
		data, err := script(fmt.Sprintf("t%d", i), shards[i])
		tData[i] = data
		return err
	}); err != nil {
		return st, err
	}
	for i, data := range tData {
		name, h := hashName(fmt.Sprintf("t%d", i), data)
		tHashes[i] = h
		if err := write(name, data); err != nil {
			return st, err
		}
	}

	// Document shards.
	dHashes := make([]string, nd)
	for s := range nd {
		part := docs[s*per : min(len(docs), (s+1)*per)]
		rows := make([][]string, len(part))
		for i, d := range part {
			rows[i] = []string{d.Title, strings.TrimPrefix(d.Path, "/"), d.IndexNo, d.DocNo, d.Date, d.Brief}
		}
		data, err := script(fmt.Sprintf("d%d", s), rows)
		if err != nil {
			return st, err
		}
		name, h := hashName(fmt.Sprintf("d%d", s), data)
		dHashes[s] = h
		if err := write(name, data); err != nil {
			return st, err
		}
	}

	// Filters and lengths.
	facets := facetTable(docs, label)
	tl := make([]int, len(docs))
	bl := make([]int, len(docs))
	for i, l := range lengths {
		tl[i], bl[i] = l[0], quantize(l[1])
	}
	facets.Title, facets.TitleWidth = column(tl)
	facets.Body, facets.BodyWidth = column(bl)
	data, err := script("f", facets)
	if err != nil {
		return st, err
	}
	fName, fHash := hashName("f", data)
	if err := write(fName, data); err != nil {
		return st, err
	}

	entry := map[string]any{
		"v": 1, "n": len(docs), "per": per, "offline": opts.Offline,
		"t": tHashes, "d": dHashes, "f": fHash,
	}
	data, err = script("index", entry)
	if err != nil {
		return st, err
	}
	return st, write("index.js", data)
}

// plist is the postings of one term being built.
type plist struct {
	b    []byte
	last int // the last document added
	n    int // documents
}

// A CJK term (one or two characters) is keyed by its characters, which is
// much faster to hash than its string: 1<<63 | first<<21 | second.
func cjkKey(term string) uint64 {
	r1, n := utf8.DecodeRuneInString(term)
	r2, _ := utf8.DecodeRuneInString(term[n:])
	if n == len(term) {
		r2 = 0
	}
	return 1<<63 | uint64(r1)<<21 | uint64(r2)
}

func cjkTerm(k uint64) string {
	r1, r2 := rune(k>>21&0x1FFFFF), rune(k&0x1FFFFF)
	if r2 == 0 {
		return string(r1)
	}
	return string([]rune{r1, r2})
}

// docTerms is one document's postings, encoded but for the document number:
// the fragment of term i is buf[ends[i-1]:ends[i]].
type docTerms struct {
	cjk   []uint64
	words []string
	buf   []byte
	ends  []int
	lens  [2]int
	text  int
}

// invert analyses docs on workers and joins their postings in document
// order, so the output does not depend on scheduling.
func invert(ctx context.Context, docs []search.Doc, workers int, cache *Cache) (map[string]*plist, [][2]int, int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	results := make([]*docTerms, len(docs))
	var keys [][sha256.Size]byte
	if cache != nil {
		keys = make([][sha256.Size]byte, len(docs))
	}
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := newAccs()
			for i := range next {
				if cache != nil {
					keys[i] = docKey(&docs[i])
					if r, ok := cache.m[keys[i]]; ok {
						results[i] = r
						continue
					}
				}
				results[i] = analyse(&docs[i], a)
			}
		}()
	}
	for i := range docs {
		if i%256 == 0 && ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, 0, err
	}
	if cache != nil {
		cache.m = make(map[[sha256.Size]byte]*docTerms, len(docs))
		for i, r := range results {
			cache.m[keys[i]] = r
		}
	}
	lengths := make([][2]int, len(docs))
	text := 0
	for i, r := range results {
		lengths[i] = r.lens
		text += r.text
	}
	// Join the postings on workers, each owning a part of the terms and
	// reading the documents in order.
	type part struct {
		cjk   map[uint64]*plist
		words map[string]*plist
	}
	parts := make([]part, workers)
	add := func(p *plist, i int, frag []byte) {
		p.b = putNum(p.b, i-p.last)
		p.b = append(p.b, frag...)
		p.last = i
		p.n++
	}
	parallel(workers, workers, func(w int) error {
		cjk := map[uint64]*plist{}
		words := map[string]*plist{}
		for i, r := range results {
			start := 0
			for j, k := range r.cjk {
				end := r.ends[j]
				if int(k%uint64(workers)) == w {
					p := cjk[k]
					if p == nil {
						p = &plist{}
						cjk[k] = p
					}
					add(p, i, r.buf[start:end])
				}
				start = end
			}
			for j, t := range r.words {
				end := r.ends[len(r.cjk)+j]
				if int(fnv32a(t)%uint32(workers)) == w {
					p := words[t]
					if p == nil {
						p = &plist{}
						words[t] = p
					}
					add(p, i, r.buf[start:end])
				}
				start = end
			}
		}
		parts[w] = part{cjk, words}
		return nil
	})
	n := 0
	for _, p := range parts {
		n += len(p.cjk) + len(p.words)
	}
	postings := make(map[string]*plist, n)
	for _, p := range parts {
		for k, l := range p.cjk {
			postings[cjkTerm(k)] = l
		}
		for w, l := range p.words {
			postings[w] = l
		}
	}
	return postings, lengths, text, nil
}

// termAcc gathers one term's occurrences in one document.
type termAcc struct {
	uni bool
	tf  [2]int
	pos [2][]int // title, body; for unigrams only those touching a word
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

func analyse(d *search.Doc, a *accs) *docTerms {
	out := &docTerms{text: len(d.Title) + len(d.Body)}
	var cjkOrder []uint64
	var wordOrder []string
	for f, text := range []string{d.Title, d.Body} {
		n := 0
		analysis.Analyze(text, func(t analysis.Token) {
			n = t.Pos
			var acc *termAcc
			if t.Kind == analysis.Word {
				acc = a.words[t.Term]
				if acc == nil {
					acc = a.get()
					a.words[t.Term] = acc
					wordOrder = append(wordOrder, t.Term)
				}
			} else {
				k := cjkKey(t.Term)
				acc = a.cjk[k]
				if acc == nil {
					acc = a.get()
					acc.uni = t.Kind == analysis.Unigram
					a.cjk[k] = acc
					cjkOrder = append(cjkOrder, k)
				}
			}
			acc.tf[f]++
			if t.Kind != analysis.Unigram || t.Edge {
				acc.pos[f] = append(acc.pos[f], t.Pos)
			}
		})
		out.lens[f] = n
	}
	out.cjk, out.words = cjkOrder, wordOrder
	out.ends = make([]int, 0, len(cjkOrder)+len(wordOrder))
	buf := make([]byte, 0, 4*(len(cjkOrder)+len(wordOrder)))
	emit := func(acc *termAcc) {
		// h: body frequency, doubled, plus one when the title has it.
		h := acc.tf[1] * 2
		if acc.tf[0] > 0 {
			h++
		}
		buf = putNum(buf, h)
		if acc.tf[0] > 0 {
			buf = putNum(buf, acc.tf[0])
		}
		for f := range 2 {
			if acc.tf[f] == 0 {
				continue
			}
			if acc.uni {
				buf = putNum(buf, len(acc.pos[f]))
			}
			prev := 0
			for _, p := range acc.pos[f] {
				buf = putNum(buf, p-prev)
				prev = p
			}
		}
		out.ends = append(out.ends, len(buf))
		*acc = termAcc{pos: [2][]int{acc.pos[0][:0], acc.pos[1][:0]}}
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

// quantize stores a body length in one digit, to within 15%: ranking needs
// no more, and exact lengths would be a third of the filter file.
// search.js reads it back as 2^(q/5) - 1.
func quantize(n int) int {
	return min(63, int(math.Round(5*math.Log2(float64(n)+1))))
}

// parallel runs fn(0) … fn(n-1) on workers goroutines (0: one per CPU) and
// returns the first error.
func parallel(workers, n int, fn func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if errs[w] == nil {
					errs[w] = fn(i)
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
