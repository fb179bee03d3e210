// Package siteindex owns the search index written with the site, under
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
//   - f.HASH.js and f-K.HASH.js: the filters' values and labels, and per
//     document its values, in parts of Options.FacetDocs documents (all
//     named in the entry); loaded after the first results unless a filter
//     is set.
//
// Document numbers are the order of search.Docs: pages, then records
// oldest first, so that adding a record renumbers nothing. Impacts depend
// only on their own document, so an edit changes only the files holding
// that document's terms and passages.
//
// Every file is a classic script calling gongkaiSearch.load(id, data), so
// the index works from file://, on any host and under any path prefix.
// It writes through a sink and reads only the Docs it is given.
package siteindex

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/pool"
	"github.com/gongkai/gongkai/internal/search"
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
	Local   string                  // the site's region, which short names leave out (see ShortNames)
	Kinds   config.KindTable        // whose names the kind filter accepts; nil: config.BuiltinKinds
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
	// FacetDocs is the number of documents in each part of the filter
	// table; 0: 16,384 (about 25 KB gzip a part).
	FacetDocs int
	// Analyses, when set, keeps each document's analysis for the next Write,
	// so that only documents whose title or body changed are analysed.
	Analyses *Analyses
	// Text, when set, gives the body of document i where docs leave it
	// empty. It is called once per document as the document is indexed,
	// from several goroutines, so that the bodies are not all held at once.
	Text func(i int) string
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
	if o.FacetDocs <= 0 {
		o.FacetDocs = 16 << 10
	}
	if o.Kinds == nil {
		o.Kinds = config.BuiltinKinds()
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Label == nil {
		o.Label = func(k string) string { return k }
	}
	return o
}

// Analyses holds, between Writes of the same site's index, each document's
// analysis, so that only documents whose title or body changed are
// analysed, and what the last Write wrote, so that a Write to a sink that
// can keep files (see Keeper) rewrites only the files whose documents
// changed. An Analyses serves one Write at a time; Commit says the output of
// the last Write was kept.
type Analyses struct {
	m       map[[sha256.Size]byte]*docTerms
	last    *state // what the output holds
	pending *state // what the last Write wrote, until Commit
}

// NewAnalyses returns an empty Analyses.
func NewAnalyses() *Analyses { return &Analyses{m: map[[sha256.Size]byte]*docTerms{}} }

// Commit records that the output of the last Write was committed: the next
// Write may keep its files.
func (c *Analyses) Commit() {
	if c.pending != nil {
		c.last, c.pending = c.pending, nil
	}
}

// Keeper is a sink that can keep a file of the previous output as it is.
type Keeper interface {
	Keep(name string) error
}

// docKey identifies what the analysis of d depends on: its title, its body
// (or the source file they are made of, when known) and the passage size.
func docKey(d *search.Doc, passage int) [sha256.Size]byte {
	var buf [256]byte
	b := binary.LittleEndian.AppendUint64(buf[:0], uint64(len(d.Title)))
	b = binary.LittleEndian.AppendUint64(b, uint64(passage))
	b = append(b, d.Title...)
	if d.Source != ([32]byte{}) {
		return sha256.Sum256(append(append(b, 1), d.Source[:]...))
	}
	h := sha256.New()
	h.Write(append(b, 0))
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
	var err error
	table := facetTable(docs, opts.Label, opts.FacetDocs, opts.Kinds)
	facets, err := script("f", table)
	if err != nil {
		return st, err
	}
	parts := make([][]byte, len(table.parts))
	for k, p := range table.parts {
		if parts[k], err = script(fmt.Sprintf("f-%d", k), p); err != nil {
			return st, err
		}
	}
	cur := &state{settings: opts.settings(), paths: make([]string, len(docs)), rows: make([][sha256.Size]byte, len(docs))}
	for i := range docs {
		cur.paths[i] = docs[i].Path
		cur.rows[i] = rowKey(&docs[i])
	}
	var prev *state
	keeper, _ := sink.(Keeper)
	if opts.Analyses != nil {
		prev = opts.Analyses.last
		opts.Analyses.pending = nil
	}
	// Patch the last postings when the output keeps its files and the
	// documents are the same; else invert anew, as the analysis goes.
	patching := keeper != nil && cur.follows(prev)
	var inv *inverter
	if !patching {
		inv = newInverter()
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
	// isChanged reports whether document i, analysed as a, changed since
	// the output was written: its files cannot be kept.
	isChanged := func(i int, a *docTerms) bool {
		return !patching || cur.rows[i] != prev.rows[i] || a != prev.analysed[i]
	}
	// Each document's passages, with what a result shows, are written as
	// soon as it is analysed, so that its text need not be held after.
	passages := func(i int, d *search.Doc, a *docTerms) error {
		dirty := isChanged(i, a)
		for k, end := range a.passages {
			id := passageID(i, k)
			name := "c/" + id[1:] + ".js"
			if !dirty {
				if err := keep(name); err != nil {
					return err
				}
				continue
			}
			if d.Body == "" && opts.Text != nil {
				d.Body = opts.Text(i) // analysed before, and kept
			}
			start := 0
			if k > 0 {
				start = a.passages[k-1]
			}
			data := openScript(make([]byte, 0, end-start+len(d.Title)+len(d.Brief)+256), id)
			data = append(data, '[')
			for _, f := range []string{d.Title, strings.TrimPrefix(d.Path, "/"), d.IndexNo, d.DocNo, d.Date, d.Brief} {
				data = append(appendString(data, f), ',')
			}
			data = strconv.AppendInt(data, int64(len(a.passages)), 10)
			data = append(data, ',')
			data = closeScript(append(appendString(data, d.Body[start:end]), ']'))
			if err := write(name, data); err != nil {
				return err
			}
		}
		return nil
	}
	analysed, err := analyseAll(ctx, docs, opts, inv, passages)
	if err != nil {
		return st, err
	}
	cur.analysed = analysed
	// Documents whose passages change; nil: all.
	var dirtyDocs map[int]bool
	var touched []string // terms whose postings changed
	if patching {
		dirtyDocs = map[int]bool{}
		for i := range docs {
			if isChanged(i, analysed[i]) {
				dirtyDocs[i] = true
			}
		}
		cur.postings = prev.postings
		for i := range dirtyDocs {
			touched = append(touched, patch(cur.postings, i, prev.analysed[i], analysed[i])...)
		}
	} else {
		cur.postings = inv.postings()
	}
	// A document's keys are made again only if it changed.
	cur.keysOf = make([][]string, len(docs))
	for i := range docs {
		if dirtyDocs != nil && !dirtyDocs[i] {
			cur.keysOf[i] = prev.keysOf[i]
		} else {
			cur.keysOf[i] = docKeys(&docs[i], opts.Local)
		}
	}
	if dirtyDocs != nil {
		cur.keys = prev.keys
		for i := range dirtyDocs {
			touched = append(touched, patchKeys(cur.keys, i, prev.keysOf[i], cur.keysOf[i])...)
		}
	} else {
		cur.keys = map[string]*plist{}
		addKeys(cur.keys, cur.keysOf)
	}
	st.Terms = len(cur.postings) + len(cur.keys)
	for _, a := range analysed {
		st.TextBytes += a.text
		st.Passages += len(a.passages)
	}
	if opts.Analyses != nil {
		// The postings are patched in place from now on: the last state is
		// no longer the output's until this one is committed.
		opts.Analyses.last = nil
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
	if err := pool.Each(ctx, opts.Workers, len(split1), func(_ context.Context, i int) error {
		p := cur.postings[split1[i]]
		tiers[i] = split(p.b, opts.BigBytes/2, opts.TailBytes)
		if opts.Analyses == nil {
			// Written from its head and tails from now on (only a kept
			// state patches the whole list again): not held twice.
			p.b = nil
		}
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
	// The terms of each term file, sorted; of a patched file, those it had
	// with the touched ones that came or went.
	terms := make([][]string, cur.nt)
	if dirtyFiles != nil {
		for i := range terms {
			if terms[i] = prev.termsIn[i]; dirtyFiles[uint32(i)] {
				terms[i] = slices.Clone(terms[i])
			}
		}
		for _, term := range touched {
			i := fnv32a(term) % uint32(cur.nt)
			k, found := slices.BinarySearch(terms[i], term)
			switch in := cur.postings[term] != nil || cur.keys[term] != nil; {
			case in && !found:
				terms[i] = slices.Insert(terms[i], k, term)
			case !in && found:
				terms[i] = slices.Delete(terms[i], k, k+1)
			}
		}
	} else {
		for _, m := range []map[string]*plist{cur.postings, cur.keys} {
			for term := range m {
				i := fnv32a(term) % uint32(cur.nt)
				terms[i] = append(terms[i], term)
			}
		}
		for _, ts := range terms {
			slices.Sort(ts)
		}
	}
	if opts.Analyses != nil {
		cur.termsIn = terms
	}
	cur.tailsOf = make([][]string, cur.nt)
	if err := pool.Each(ctx, opts.Workers, cur.nt, func(_ context.Context, i int) error {
		if dirtyFiles != nil && !dirtyFiles[uint32(i)] {
			cur.tailsOf[i] = prev.tailsOf[i]
			for _, name := range append([]string{fmt.Sprintf("t/%d.js", i)}, prev.tailsOf[i]...) {
				if err := keep(name); err != nil {
					return err
				}
			}
			return nil
		}
		data := openScript(nil, fmt.Sprintf("t%d", i))
		data = append(data, '{')
		j := 0
		for n, term := range terms[i] {
			if n > 0 {
				data = append(data, ',')
			}
			data = append(appendString(data, term), ':')
			t := cur.tiers[term]
			if t == nil {
				p := cur.postings[term]
				if p == nil {
					p = cur.keys[term]
				}
				data = appendString(data, string(p.b))
				continue
			}
			name := tailName(i, j)
			j++
			data = fmt.Appendf(data, "[%d,%d,", t.df, len(t.tails))
			data = append(appendString(data, name), ',')
			data = append(appendString(data, string(t.head)), ']')
			for k, tail := range t.tails {
				f := fmt.Sprintf("t/%s-%d.js", name, k)
				cur.tailsOf[i] = append(cur.tailsOf[i], f)
				tf := openScript(nil, fmt.Sprintf("T%s-%d", name, k))
				if err := write(f, closeScript(appendString(tf, string(tail)))); err != nil {
					return err
				}
			}
		}
		data = closeScript(append(data, '}'))
		return write(fmt.Sprintf("t/%d.js", i), data)
	}); err != nil {
		return st, err
	}

	// Filters and the entry.
	fName, fHash := hashName("f", facets)
	if err := write(fName, facets); err != nil {
		return st, err
	}
	partHashes := make([]string, len(parts))
	for k, data := range parts {
		var name string
		name, partHashes[k] = hashName(fmt.Sprintf("f-%d", k), data)
		if err := write(name, data); err != nil {
			return st, err
		}
	}
	entry := map[string]any{"v": 2, "n": len(docs), "offline": opts.Offline, "t": cur.nt, "f": fHash, "fp": partHashes}
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
	if opts.Analyses != nil {
		opts.Analyses.pending = cur
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

// docKeys are the exact keys of d: its index number, the number's serial
// and its document number ("#"), its title and the title's short names
// ("=").
func docKeys(d *search.Doc, local string) []string {
	var keys []string
	for _, k := range search.Keys(d) {
		keys = append(keys, "#"+k)
	}
	for _, t := range ShortNames(d.Title, local) {
		if k := search.Key(t); k != "" {
			keys = append(keys, "="+k)
		}
	}
	return keys
}

// addKeys adds the postings of each document's keys, in document order.
func addKeys(postings map[string]*plist, keysOf [][]string) {
	for i, keys := range keysOf {
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
// and the title without 中华人民共和国 (national laws) or without the name
// of the site's own region, local (示例市: a reader of 示例市's catalogue
// leaves it out), each also without a closing note in brackets such as
// （2019修正）.
func ShortNames(title, local string) []string {
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
	short := strings.TrimPrefix(title, "中华人民共和国")
	if s, ok := strings.CutPrefix(title, local); ok && local != "" && utf8.RuneCountInString(s) >= 3 {
		short = s
	}
	for _, t := range []string{title, short} {
		add(t)
		if i := strings.LastIndex(t, "（"); i > 0 && strings.HasSuffix(t, "）") {
			add(t[:i])
		}
	}
	return out
}
