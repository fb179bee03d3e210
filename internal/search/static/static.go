// Package static owns the search index written with the site, under
// search/ in the output, and its format, which static/js/search.js reads:
//
//   - search/index.js, the entry: small, not hashed (a CDN revalidates it),
//     giving the number of term files and naming the filter table by its
//     content hash. The search page loads it beside search.js, so a query's
//     first wave is its term files.
//   - t/N.js, term files, not hashed: each term (see package analysis) goes
//     to file fnv32a(term) mod T, where T grows with the postings' bytes so
//     that a file stays small (a power of two, so that T rarely changes). A term's postings say, per document, how much the
//     term weighs there (its impact, from the body frequency against the
//     document's length), whether the title has it (with the title's
//     length) and which passage of the body first holds it. There are no
//     positions: a phrase is found by its bigrams, and whether they stand
//     together is read from the passages of the results shown. Exact keys
//     live there too: "#" for index and document numbers, "=" for titles
//     and their short names (中华人民共和国行政诉讼法 → 行政诉讼法).
//   - c/N.js and c/N-K.js, passages: what a result shows of document N
//     (title, link, numbers, date, brief, its number of passages) and the
//     text of its K-th passage, for excerpts. Named by document number,
//     not hashed: a document's files change only when it does.
//   - f.HASH.js: per document, the values readers filter by, with their
//     labels; loaded after the first results unless a filter is set.
//
// Document numbers are the order of search.Docs: pages, then records
// oldest first, so that adding a record renumbers nothing. Impacts depend
// only on their own document, so an edit changes only the files holding
// that document's terms and passages.
//
// Every file is a classic script calling gongkaiSearch.load(id, data), so
// the index works from file://, on any host and under any path prefix.
// It writes through a sink and reads only the Docs it is given.
package static

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"slices"
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
	// TermBytes is the size a term file aims at; 0: 4 KiB.
	TermBytes int
	// BigBytes is the size of postings above which a term is split into a
	// head and tails (see split); 0: 2 KiB. TailBytes is the most a tail
	// holds; 0: 16 KiB.
	BigBytes, TailBytes int
	// PassageBytes is the most text one passage holds, unless a single
	// line is longer; 0: 6 KiB.
	PassageBytes int
	// Cache, when set, keeps each document's analysis for the next Write,
	// so that only documents whose title or body changed are analysed.
	Cache *Cache
}

// withDefaults fills in the sizes and labels left zero.
func (o Options) withDefaults() Options {
	if o.TermBytes <= 0 {
		o.TermBytes = 4 << 10
	}
	if o.PassageBytes <= 0 {
		o.PassageBytes = 6 << 10
	}
	if o.BigBytes <= 0 {
		o.BigBytes = 2 << 10
	}
	if o.TailBytes <= 0 {
		o.TailBytes = 16 << 10
	}
	if o.Label == nil {
		o.Label = func(k string) string { return k }
	}
	return o
}

// Cache holds, between Writes of the same site's index, each document's
// analysis, so that only documents whose title or body changed are
// analysed, and what the last Write wrote, so that a Write to a sink that
// can keep files (see Keeper) rewrites only the files whose documents
// changed. A Cache serves one Write at a time; Commit says the output of
// the last Write was kept.
type Cache struct {
	m       map[[sha256.Size]byte]*docTerms
	last    *state // what the output holds
	pending *state // what the last Write wrote, until Commit
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[[sha256.Size]byte]*docTerms{}} }

// Commit records that the output of the last Write was committed: the next
// Write may keep its files.
func (c *Cache) Commit() {
	if c.pending != nil {
		c.last, c.pending = c.pending, nil
	}
}

// Keeper is a sink that can keep a file of the previous output as it is.
type Keeper interface {
	Keep(name string) error
}

// docKey identifies what the analysis of d depends on: its title, its body
// and the passage size.
func docKey(d *search.Doc, passage int) [sha256.Size]byte {
	h := sha256.New()
	var n [16]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(d.Title)))
	binary.LittleEndian.PutUint64(n[8:], uint64(passage))
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
	Passages  int
}

// Write builds the index of docs and writes it to sink under Dir.
func Write(ctx context.Context, docs []search.Doc, sink Sink, opts Options) (Stats, error) {
	opts = opts.withDefaults()
	st := Stats{Docs: len(docs)}
	analysed, err := analyseAll(ctx, docs, opts.Workers, opts.PassageBytes, opts.Cache)
	if err != nil {
		return st, err
	}
	var facets []byte
	if facets, err = script("f", facetTable(docs, opts.Label)); err != nil {
		return st, err
	}
	cur := &state{settings: opts.settings(), paths: make([]string, len(docs)), rows: make([][sha256.Size]byte, len(docs)), analysed: analysed}
	for i := range docs {
		cur.paths[i] = docs[i].Path
		cur.rows[i] = rowKey(&docs[i])
	}
	var prev *state
	keeper, _ := sink.(Keeper)
	if opts.Cache != nil {
		prev = opts.Cache.last
		opts.Cache.pending = nil
	}
	// Documents whose passages change; nil: all.
	var dirtyDocs map[int]bool
	var touched []string // terms whose postings changed
	if keeper != nil && cur.follows(prev) {
		dirtyDocs = map[int]bool{}
		for i := range docs {
			if cur.rows[i] != prev.rows[i] || analysed[i] != prev.analysed[i] {
				dirtyDocs[i] = true
			}
		}
		cur.postings = prev.postings
		for i := range dirtyDocs {
			touched = append(touched, patch(cur.postings, i, prev.analysed[i], analysed[i])...)
		}
	} else {
		cur.postings, _ = invert(analysed, opts.Workers)
	}
	cur.keys = map[string]*plist{}
	addKeys(cur.keys, docs)
	if dirtyDocs != nil {
		for k, p := range cur.keys {
			if q := prev.keys[k]; q == nil || string(q.b) != string(p.b) {
				touched = append(touched, k)
			}
		}
		for k := range prev.keys {
			if cur.keys[k] == nil {
				touched = append(touched, k)
			}
		}
	}
	st.Terms = len(cur.postings) + len(cur.keys)
	for _, a := range analysed {
		st.TextBytes += a.text
		st.Passages += len(a.passages)
	}
	if opts.Cache != nil {
		// The postings are patched in place from now on: the last state is
		// no longer the output's until this one is committed.
		opts.Cache.last = nil
	}

	var mu sync.Mutex
	cur.sizes = map[string]int{}
	write := func(name string, data []byte) error {
		mu.Lock()
		cur.sizes[name] = len(data)
		mu.Unlock()
		return sink.WriteFile(Dir+name, data)
	}
	keep := func(name string) error {
		mu.Lock()
		cur.sizes[name] = prev.sizes[name]
		mu.Unlock()
		return keeper.Keep(Dir + name)
	}

	// Term files, with the tails of common terms.
	cur.tiers = map[string]*tiered{}
	changed := make(map[string]bool, len(touched))
	for _, term := range touched {
		changed[term] = true
	}
	var split1 []string
	for term, p := range cur.postings {
		if len(p.b) <= opts.BigBytes {
			continue
		}
		if t := prev.tier(term); dirtyDocs != nil && t != nil && !changed[term] {
			cur.tiers[term] = t
		} else {
			split1 = append(split1, term)
		}
	}
	slices.Sort(split1)
	tiers := make([]tiered, len(split1))
	if err := parallel(opts.Workers, len(split1), func(i int) error {
		tiers[i] = split(cur.postings[split1[i]].b, opts.BigBytes/2, opts.TailBytes)
		return nil
	}); err != nil {
		return st, err
	}
	for i, term := range split1 {
		cur.tiers[term] = &tiers[i]
	}
	resident := 0
	for term, p := range cur.postings {
		if t := cur.tiers[term]; t != nil {
			resident += len(t.head)
		} else {
			resident += len(p.b)
		}
	}
	for _, p := range cur.keys {
		resident += len(p.b)
	}
	cur.nt = termFiles(resident, opts.TermBytes)
	var dirtyFiles map[uint32]bool // nil: all
	if dirtyDocs != nil && cur.nt == prev.nt {
		dirtyFiles = map[uint32]bool{}
		for _, term := range touched {
			dirtyFiles[fnv32a(term)%uint32(cur.nt)] = true
		}
	}
	terms := make([][]string, cur.nt)
	for _, m := range []map[string]*plist{cur.postings, cur.keys} {
		for term := range m {
			if i := fnv32a(term) % uint32(cur.nt); dirtyFiles == nil || dirtyFiles[i] {
				terms[i] = append(terms[i], term)
			}
		}
	}
	cur.tailsOf = make([][]string, cur.nt)
	if err := parallel(opts.Workers, cur.nt, func(i int) error {
		if dirtyFiles != nil && !dirtyFiles[uint32(i)] {
			cur.tailsOf[i] = prev.tailsOf[i]
			for _, name := range append([]string{fmt.Sprintf("t/%d.js", i)}, prev.tailsOf[i]...) {
				if err := keep(name); err != nil {
					return err
				}
			}
			return nil
		}
		slices.Sort(terms[i])
		file := make(map[string]any, len(terms[i]))
		j := 0
		for _, term := range terms[i] {
			t := cur.tiers[term]
			if t == nil {
				p := cur.postings[term]
				if p == nil {
					p = cur.keys[term]
				}
				file[term] = string(p.b)
				continue
			}
			name := tailName(i, j)
			j++
			file[term] = []any{t.df, len(t.tails), name, string(t.head)}
			for k, tail := range t.tails {
				data, err := script(fmt.Sprintf("T%s-%d", name, k), string(tail))
				if err != nil {
					return err
				}
				f := fmt.Sprintf("t/%s-%d.js", name, k)
				cur.tailsOf[i] = append(cur.tailsOf[i], f)
				if err := write(f, data); err != nil {
					return err
				}
			}
		}
		data, err := script(fmt.Sprintf("t%d", i), file)
		if err != nil {
			return err
		}
		return write(fmt.Sprintf("t/%d.js", i), data)
	}); err != nil {
		return st, err
	}

	// Passages, with what a result shows.
	if err := parallel(opts.Workers, len(docs), func(i int) error {
		d, a := &docs[i], analysed[i]
		for k, end := range a.passages {
			id := passageID(i, k)
			name := "c/" + id[1:] + ".js"
			if dirtyDocs != nil && !dirtyDocs[i] {
				if err := keep(name); err != nil {
					return err
				}
				continue
			}
			start := 0
			if k > 0 {
				start = a.passages[k-1]
			}
			data, err := script(id, []any{d.Title, strings.TrimPrefix(d.Path, "/"), d.IndexNo, d.DocNo, d.Date, d.Brief,
				len(a.passages), d.Body[start:end]})
			if err != nil {
				return err
			}
			if err := write(name, data); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return st, err
	}

	// Filters and the entry.
	fName, fHash := hashName("f", facets)
	if err := write(fName, facets); err != nil {
		return st, err
	}
	entry := map[string]any{"v": 2, "n": len(docs), "offline": opts.Offline, "t": cur.nt, "f": fHash}
	data, err := script("index", entry)
	if err != nil {
		return st, err
	}
	if err := write("index.js", data); err != nil {
		return st, err
	}
	st.Files = len(cur.sizes)
	for _, n := range cur.sizes {
		st.Bytes += n
	}
	if opts.Cache != nil {
		opts.Cache.pending = cur
	}
	return st, nil
}

// passageID is the load id of passage k of document i: "c12", "c12-3".
func passageID(i, k int) string {
	if k == 0 {
		return fmt.Sprintf("c%d", i)
	}
	return fmt.Sprintf("c%d-%d", i, k)
}

// termFiles is the number of term files for postings of size bytes: a
// power of two, so that it changes only when the index doubles or halves.
func termFiles(size, target int) int {
	n := max(1, (size+target-1)/target)
	return 1 << bits.Len(uint(n-1))
}

// addKeys adds the exact keys of docs: index numbers, their serials and
// document numbers ("#"), titles and their short names ("=").
func addKeys(postings map[string]*plist, docs []search.Doc) {
	for i := range docs {
		d := &docs[i]
		var keys []string
		for _, k := range search.Keys(d) {
			keys = append(keys, "#"+k)
		}
		for _, t := range ShortNames(d.Title) {
			if k := search.Key(t); k != "" {
				keys = append(keys, "="+k)
			}
		}
		for _, key := range keys {
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

// ShortNames are the names a reader types for a title: the title itself
// and, for national laws, the title without 中华人民共和国, each also
// without a closing note in brackets such as （2019修正）.
func ShortNames(title string) []string {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil
	}
	out := []string{title}
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, t := range []string{title, strings.TrimPrefix(title, "中华人民共和国")} {
		add(t)
		if i := strings.LastIndex(t, "（"); i > 0 && strings.HasSuffix(t, "）") {
			add(t[:i])
		}
	}
	return out
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

// analyseAll analyses docs on workers, taking unchanged documents from the
// cache and leaving it holding exactly these documents.
func analyseAll(ctx context.Context, docs []search.Doc, workers, passage int, cache *Cache) ([]*docTerms, error) {
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
					keys[i] = docKey(&docs[i], passage)
					if r, ok := cache.m[keys[i]]; ok {
						results[i] = r
						continue
					}
				}
				results[i] = analyse(&docs[i], passage, a)
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
		return nil, err
	}
	if cache != nil {
		cache.m = make(map[[sha256.Size]byte]*docTerms, len(docs))
		for i, r := range results {
			cache.m[keys[i]] = r
		}
	}
	return results, nil
}

// invert joins the documents' postings in document order, on workers that
// each own a part of the terms, so the output does not depend on
// scheduling. It returns the postings and their size in bytes.
func invert(results []*docTerms, workers int) (map[string]*plist, int) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type part struct {
		cjk   map[uint64]*plist
		words map[string]*plist
		size  int
	}
	parts := make([]part, workers)
	parallel(workers, workers, func(w int) error {
		cjk := map[uint64]*plist{}
		words := map[string]*plist{}
		size := 0
		add := func(p *plist, i int, frag []byte) {
			n := len(p.b)
			p.b = putNum(p.b, i-p.last)
			p.b = append(p.b, frag...)
			size += len(p.b) - n
			p.last = i
			p.n++
		}
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
		parts[w] = part{cjk, words, size}
		return nil
	})
	n, size := 0, 0
	for _, p := range parts {
		n += len(p.cjk) + len(p.words)
		size += p.size
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
	return postings, size
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

func analyse(d *search.Doc, passage int, a *accs) *docTerms {
	out := &docTerms{text: len(d.Title) + len(d.Body), passages: Passages(d.Body, passage)}
	var cjkOrder []uint64
	var wordOrder []string
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
					a.words[t.Term] = acc
					wordOrder = append(wordOrder, t.Term)
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
	out.ends = make([]int, 0, len(cjkOrder)+len(wordOrder))
	buf := make([]byte, 0, 2*(len(cjkOrder)+len(wordOrder)))
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
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
