package siteindex

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gongkai/gongkai/internal/search"
)

type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memSink) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	if _, dup := m.files[name]; dup {
		return fmt.Errorf("%s written twice", name)
	}
	m.files[name] = bytes.Clone(data)
	return nil
}

// sameFiles reports every way the files got, written as how says, differ
// from want, the files written afresh.
func sameFiles(t *testing.T, got, want map[string][]byte, how string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files %s, %d fresh", len(got), how, len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs %s", name, how)
		}
	}
}

func sampleDocs(n int) []search.Doc {
	words := []string{"政府信息公开", "生活垃圾分类", "2024年度", "PM2.5浓度", "示府办发〔2024〕12号", "行政许可", "安全生产", "A股"}
	docs := make([]search.Doc, n)
	for i := range docs {
		var b strings.Builder
		for j := range 40 {
			b.WriteString(words[(i*7+j*3)%len(words)])
			b.WriteString("，")
		}
		docs[i] = search.Doc{Path: fmt.Sprintf("/policy/2024-%05d/", i), Title: fmt.Sprintf("%s第%d号", words[i%len(words)], i),
			Body: b.String(), Kind: "policy", Year: fmt.Sprint(2020 + i%5), Validity: "in_force",
			IndexNo: fmt.Sprintf("X/2024-%05d", i), DocNo: fmt.Sprintf("示府发[2024]%d号", i)}
	}
	return docs
}

// decodeNums reads the numbers putNum wrote.
func decodeNums(s string) []int {
	var out []int
	v, mul := 0, 1
	for i := 0; i < len(s); i++ {
		if d := strings.IndexByte(cont, s[i]); d >= 0 {
			v += d * mul
			mul *= 32
			continue
		}
		out = append(out, v+strings.IndexByte(last, s[i])*mul)
		v, mul = 0, 1
	}
	return out
}

func TestNumbers(t *testing.T) {
	nums := []int{0, 1, 31, 32, 33, 1023, 1024, 99999, 1 << 30}
	var b []byte
	for _, n := range nums {
		b = putNum(b, n)
	}
	if got := decodeNums(string(b)); !slices.Equal(got, nums) {
		t.Errorf("decoded %v, want %v", got, nums)
	}
	for _, c := range []struct {
		vals  []int
		width int
	}{{[]int{0, 63}, 1}, {[]int{64}, 2}, {[]int{4095, 1}, 2}, {[]int{4096}, 3}} {
		s, w := column(c.vals)
		if w != c.width || len(s) != w*len(c.vals) {
			t.Errorf("column(%v) = %q width %d, want width %d", c.vals, s, w, c.width)
		}
	}
}

func TestFNV(t *testing.T) {
	// The FNV-1a test vectors; search.js computes the same.
	for s, want := range map[string]uint32{"": 0x811c9dc5, "a": 0xe40c292c, "foobar": 0xbf9cf968} {
		if got := fnv32a(s); got != want {
			t.Errorf("fnv32a(%q) = %#x, want %#x", s, got, want)
		}
	}
}

// TestWrite checks the files: deterministic, at most one per ten documents
// at scale, every term in the shard its hash names, exact keys normalised.
func TestWrite(t *testing.T) {
	docs := sampleDocs(600)
	var a, b memSink
	st, err := Write(context.Background(), docs, &a, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), docs, &b, Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(a.files, b.files, bytes.Equal) {
		t.Error("two writes of the same documents differ")
	}
	if st.Files != len(a.files) || st.Passages != len(docs) {
		t.Errorf("%d files (%d counted), %d passages for %d documents", len(a.files), st.Files, st.Passages, len(docs))
	}
	entry := string(a.files["search/index.js"])
	if !strings.HasPrefix(entry, `gongkaiSearch.load("index",`) {
		t.Fatalf("entry %.80q", entry)
	}
	files, tails := 0, 0
	for name := range a.files {
		switch {
		case regexp.MustCompile(`^search/t/\d+\.js$`).MatchString(name):
			files++
		case strings.HasPrefix(name, "search/t/"):
			tails++
		}
	}
	if tails == 0 {
		t.Error("no tails: the sample's common terms were not split")
	}
	if files&(files-1) != 0 || !strings.Contains(entry, fmt.Sprintf(`"t":%d`, files)) {
		t.Errorf("%d term files: not a power of two, or not the entry's count: %s", files, entry)
	}
	// The key of 示府发[2024]7号 is in the file its hash names.
	key := "#" + search.Key("示府发（2024）7号")
	if data := termFile(t, a.files, files, key); !bytes.Contains(data, []byte(`"`+key+`":"`+string(last[7])+`"`)) {
		t.Errorf("no key %q for document 7 in %.200s", key, data)
	}
	// Document 7's passage shows its row and holds its body.
	c7 := string(a.files["search/c/7.js"])
	for _, want := range []string{`gongkaiSearch.load("c7",`, `"policy/2024-00007/"`, `"X/2024-00007"`, docs[7].Body} {
		if !strings.Contains(c7, want) {
			t.Errorf("search/c/7.js lacks %q", want)
		}
	}
}

func termFile(t *testing.T, files map[string][]byte, n int, term string) []byte {
	t.Helper()
	name := fmt.Sprintf("search/t/%d.js", fnv32a(term)%uint32(n))
	data, ok := files[name]
	if !ok {
		t.Fatalf("no term file %s", name)
	}
	return data
}

// TestPostings decodes terms' postings and checks them against the text.
func TestPostings(t *testing.T) {
	docs := []search.Doc{
		{Path: "/a/", Title: "垃圾分类", Body: "生活垃圾分类，垃圾\n第二段：年度报告"},
		{Path: "/b/", Title: "无关", Body: "2024年度报告"},
	}
	inv := newInverter()
	a, err := analyseAll(context.Background(), docs, Options{Workers: 2, PassageBytes: 30}, inv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a[0].passages, []int{len("生活垃圾分类，垃圾\n"), len(docs[0].Body)}) {
		t.Errorf("passages of doc 0 end at %v", a[0].passages)
	}
	post := inv.postings()
	imp := func(tf, n int) int { return impact(tf, n) << 2 }
	for _, c := range []struct {
		term string
		want []int
	}{
		// doc delta, impact<<2 | title<<1 | passage flag, title length, passage
		{"垃圾", []int{0, imp(2, 14) | 2, 4}},
		{"年度", []int{0, imp(1, 14) | 1, 1, 1, imp(1, 6)}},
		{"分类", []int{0, imp(1, 14) | 2, 4}},
		{"2024", []int{1, imp(1, 6)}},
	} {
		p := post[c.term]
		if p == nil {
			t.Errorf("no postings for %q", c.term)
			continue
		}
		if got := decodeNums(string(p.b)); !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.term, got, c.want)
		}
	}
}

// TestInvertInOrder checks that postings joined as the workers finish are
// those of the documents analysed one by one, in document order.
func TestInvertInOrder(t *testing.T) {
	var docs []search.Doc
	for i := range 300 {
		body := strings.Repeat("公开目录", i%7) + fmt.Sprintf("第%d条 政府信息 word%d", i, i%11)
		docs = append(docs, search.Doc{Path: fmt.Sprintf("/r/%d/", i), Title: fmt.Sprintf("文件%d", i%13), Body: body})
	}
	inv := newInverter()
	if _, err := analyseAll(context.Background(), docs, Options{Workers: 3, PassageBytes: 64}, inv, nil); err != nil {
		t.Fatal(err)
	}
	one := newInverter()
	for i := range docs {
		one.add(i, analyse(&docs[i], 64, newAccs(), termBufs{}))
	}
	got, want := inv.postings(), one.postings()
	if len(got) != len(want) {
		t.Fatalf("%d terms, want %d", len(got), len(want))
	}
	for term, p := range want {
		if q := got[term]; q == nil || string(q.b) != string(p.b) {
			t.Errorf("%q: postings differ from the documents analysed in order", term)
		}
	}
}

func TestImpact(t *testing.T) {
	if impact(0, 100) != 0 {
		t.Error("a term not in the body has an impact")
	}
	for _, n := range []int{10, 1000, 100000} {
		prev := 0
		for tf := 1; tf < 1000; tf *= 3 {
			v := impact(tf, n)
			if v < 1 || v > 31 || v < prev {
				t.Errorf("impact(%d, %d) = %d after %d", tf, n, v, prev)
			}
			prev = v
		}
	}
	if impact(3, 100) <= impact(3, 100000) {
		t.Error("the same frequency weighs no more in a short body than in a long one")
	}
}

func TestPassages(t *testing.T) {
	long := strings.Repeat("条", 30) + "。" + strings.Repeat("款", 30)
	for _, c := range []struct {
		body string
		size int
		want []string
	}{
		{"", 10, []string{""}},
		{"一\n二\n三\n", 8, []string{"一\n二\n", "三\n"}},
		{long, 100, []string{strings.Repeat("条", 30) + "。", strings.Repeat("款", 30)}},
		{strings.Repeat("字", 10), 7, []string{"字字", "字字", "字字", "字字", "字字"}},
	} {
		var got []string
		start := 0
		for _, end := range Passages(c.body, c.size) {
			got = append(got, c.body[start:end])
			start = end
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Passages(%q, %d) = %q, want %q", c.body, c.size, got, c.want)
		}
	}
}

func TestShortNames(t *testing.T) {
	for title, want := range map[string][]string{
		"中华人民共和国行政诉讼法":       {"中华人民共和国行政诉讼法", "行政诉讼法"},
		"中华人民共和国婚姻法（2001修正）": {"中华人民共和国婚姻法（2001修正）", "中华人民共和国婚姻法", "婚姻法（2001修正）", "婚姻法"},
		"浙江省测绘地理信息条例":        {"浙江省测绘地理信息条例"},
		"":                   nil,
		// The site's own region, local here, is left out too, but not
		// where too little is left.
		"示例市公共租赁住房实施办法（第63批）": {"示例市公共租赁住房实施办法（第63批）", "示例市公共租赁住房实施办法", "公共租赁住房实施办法（第63批）", "公共租赁住房实施办法"},
		"示例市条例":        {"示例市条例"},
		"北山区2026年工作要点": {"北山区2026年工作要点"},
	} {
		if got := ShortNames(title, "示例市"); !slices.Equal(got, want) {
			t.Errorf("ShortNames(%q, 示例市) = %q, want %q", title, got, want)
		}
	}
}

// TestAnalysesEqualFresh: an index written with the analyses of an earlier Write,
// after documents changed, is the index written without one.
func TestAnalysesEqualFresh(t *testing.T) {
	ctx := context.Background()
	docs := sampleDocs(300)
	analyses := NewAnalyses()
	if _, err := Write(ctx, docs, &memSink{}, Options{Analyses: analyses}); err != nil {
		t.Fatal(err)
	}
	docs[7].Body += "新增的一段正文：城市更新。"
	docs[42].Title = "改过的标题"
	docs = append(docs[:100], docs[101:]...) // one removed
	docs = append(docs, search.Doc{Path: "/notice/new/", Title: "新通知", Body: "全新的正文", Kind: "notice", Year: "2026"})
	var reused, fresh memSink
	if _, err := Write(ctx, docs, &reused, Options{Analyses: analyses}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, docs, &fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, reused.files, fresh.files, "with the analyses")
	if len(analyses.m) != len(docs) {
		t.Errorf("Analyses holds %d analyses for %d documents", len(analyses.m), len(docs))
	}
}

// TestSplit: a common term's head holds the documents where it weighs
// most, and head and tails together hold every posting once, in order.
func TestSplit(t *testing.T) {
	var ps []posting
	for d := range 1000 {
		imp := 1 + (d*7919)%31
		var frag []byte
		v := imp << 2
		if d%97 == 0 {
			v |= 2
		}
		frag = putNum(frag, v)
		if v&2 != 0 {
			frag = putNum(frag, 12)
		}
		ps = append(ps, posting{doc: d * 3, frag: frag})
	}
	tr := split(encodePostings(ps), 400, 512)
	if tr.df != len(ps) || len(tr.tails) < 2 {
		t.Fatalf("df %d, %d tails", tr.df, len(tr.tails))
	}
	head := decodePostings(tr.head)
	if len(tr.head) > 400 || len(head) < 400/8 {
		t.Fatalf("a head of %d postings in %d bytes", len(head), len(tr.head))
	}
	// The head is the longest prefix that fits of the postings by weight,
	// earlier documents first among equals.
	byWeight := decodePostings(encodePostings(ps))
	slices.SortStableFunc(byWeight, func(x, y posting) int { return y.weight - x.weight })
	var want []posting
	for size, i := 0, 0; i < len(byWeight) && (i == 0 || size+len(byWeight[i].frag)+2 <= 400); i++ {
		size += len(byWeight[i].frag) + 2
		want = append(want, byWeight[i])
	}
	slices.SortFunc(want, func(x, y posting) int { return x.doc - y.doc })
	if !bytes.Equal(tr.head, encodePostings(want)) {
		t.Errorf("head of %d postings, want the %d heaviest", len(head), len(want))
	}
	minHead := 1 << 30
	for _, p := range head {
		minHead = min(minHead, p.weight)
	}
	var all []posting
	all = append(all, head...)
	for _, tail := range tr.tails {
		if len(tail) > 512 {
			t.Errorf("a tail of %d bytes", len(tail))
		}
		for _, p := range decodePostings(tail) {
			if p.weight > minHead {
				t.Errorf("document %d weighs %d but is not in the head (its least %d)", p.doc, p.weight, minHead)
			}
			all = append(all, p)
		}
	}
	slices.SortFunc(all, func(x, y posting) int { return x.doc - y.doc })
	if !bytes.Equal(encodePostings(all), encodePostings(ps)) {
		t.Error("head and tails do not hold the postings")
	}
}

// keepSink is an output being updated: what is not written again is kept
// from the previous output, if it was there.
type keepSink struct {
	memSink
	prev    map[string][]byte
	written int
}

func (k *keepSink) WriteFile(name string, data []byte) error {
	k.mu.Lock()
	k.written++
	k.mu.Unlock()
	return k.memSink.WriteFile(name, data)
}

func (k *keepSink) Keep(name string) error {
	data, ok := k.prev[name]
	if !ok {
		return fmt.Errorf("%s is not in the previous output", name)
	}
	return k.memSink.WriteFile(name, data)
}

// TestPatchEqualsFresh: after records change in place, a Write that keeps
// the previous output's unchanged files gives the index a fresh Write
// gives, and rewrites few files; without Commit it writes everything.
func TestPatchEqualsFresh(t *testing.T) {
	ctx := context.Background()
	docs := sampleDocs(600)
	analyses := NewAnalyses()
	var first memSink
	if _, err := Write(ctx, docs, &first, Options{Analyses: analyses}); err != nil {
		t.Fatal(err)
	}
	analyses.Commit()
	docs[7].Body += "新增的一段正文：城市更新。"
	docs[42].Title = "改过的标题"
	docs[99].Kind = "notice"
	docs[300].IndexNo = "X/2024-99999"
	next := &keepSink{prev: first.files}
	if _, err := Write(ctx, docs, next, Options{Analyses: analyses}); err != nil {
		t.Fatal(err)
	}
	var fresh memSink
	if _, err := Write(ctx, docs, &fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, next.files, fresh.files, "when patched")
	if next.written > len(fresh.files)/4 {
		t.Errorf("patching wrote %d of %d files", next.written, len(fresh.files))
	}
	// Patches after patches: keys and terms that come back, and go again.
	title, indexNo := docs[0].Title, docs[0].IndexNo
	for n, edit := range []func(){
		func() { docs[42].Title = docs[43].Title; docs[0].IndexNo = "X/2024-99999" },
		func() { docs[0].Title, docs[0].IndexNo = docs[42].Title, indexNo },
		func() { docs[0].Title = title; docs[599].Body = "" },
	} {
		edit()
		analyses.Commit()
		prev := next.files
		next = &keepSink{prev: prev}
		if _, err := Write(ctx, docs, next, Options{Analyses: analyses}); err != nil {
			t.Fatal(err)
		}
		var fresh memSink
		if _, err := Write(ctx, docs, &fresh, Options{}); err != nil {
			t.Fatal(err)
		}
		sameFiles(t, next.files, fresh.files, fmt.Sprintf("after patch %d", n+2))
	}
	// Not committed: the next Write cannot trust the output, and writes all.
	docs[8].Body += "又一段。"
	again := &keepSink{prev: next.files}
	if _, err := Write(ctx, docs, again, Options{Analyses: analyses}); err != nil {
		t.Fatal(err)
	}
	if again.written != len(again.files) {
		t.Errorf("after an uncommitted Write, %d of %d files written", again.written, len(again.files))
	}
}

// TestAppendString checks the hand-written JSON strings against
// encoding/json's, on every control character, quotes, invalid UTF-8 and
// the line separators.
func TestAppendString(t *testing.T) {
	cases := []string{"", "政府信息公开", `a"b\c`, "行\u2028段\u2029落", "\xff\xfe半\xe6", "</script>&<>"}
	for c := range 0x20 {
		cases = append(cases, "x"+string(rune(c))+"y")
	}
	for _, s := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); string(got) != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want.String())
		}
	}
}

// TestCJKKey checks that CJK terms survive their packing into a number.
func TestCJKKey(t *testing.T) {
	for _, term := range []string{"公", "公开", "〇", "𠀀", "𠀀𠀁", "か", "カナ"} {
		if got := cjkTerm(cjkKey(term)); got != term {
			t.Errorf("cjkTerm(cjkKey(%q)) = %q", term, got)
		}
	}
}

// TestWriteText: documents whose bodies come from Options.Text give the
// index of the same documents with their bodies, each body asked for once.
func TestWriteText(t *testing.T) {
	ctx := context.Background()
	docs := sampleDocs(200)
	bare := slices.Clone(docs)
	for i := range bare {
		bare[i].Body = ""
	}
	var mu sync.Mutex
	asked := map[int]int{}
	text := func(i int) string {
		mu.Lock()
		asked[i]++
		mu.Unlock()
		return docs[i].Body
	}
	var lazy, whole memSink
	if _, err := Write(ctx, bare, &lazy, Options{Text: text, Workers: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, docs, &whole, Options{}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, lazy.files, whole.files, "when the bodies come from Text")
	for i := range docs {
		if asked[i] != 1 {
			t.Errorf("the body of document %d was asked for %d times", i, asked[i])
		}
	}
}

type failSink struct{ after int32 }

func (f *failSink) WriteFile(name string, data []byte) error {
	if atomic.AddInt32(&f.after, -1) < 0 {
		return fmt.Errorf("disk full at %s", name)
	}
	return nil
}

// TestWriteFails: a file that cannot be written stops the Write with its
// error, wherever it happens.
func TestWriteFails(t *testing.T) {
	docs := sampleDocs(500)
	for _, after := range []int32{0, 1, 50, 400} {
		_, err := Write(context.Background(), docs, &failSink{after: after}, Options{Workers: 2})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("failing after %d files: %v", after, err)
		}
	}
}

// TestPatchAsksOnlyChanged: with Analyses, the bodies of documents whose
// source file is as before are not asked for again, unless what their
// passages show changed; the index is still the fresh one.
func TestPatchAsksOnlyChanged(t *testing.T) {
	ctx := context.Background()
	docs := sampleDocs(300)
	source := func(d *search.Doc) [32]byte { return sha256.Sum256([]byte(d.Title + "\x00" + d.Body)) }
	bare := func() []search.Doc {
		out := slices.Clone(docs)
		for i := range out {
			out[i].Source = source(&docs[i])
			out[i].Body = ""
		}
		return out
	}
	var mu sync.Mutex
	var asked []int
	opts := Options{Analyses: NewAnalyses(), Text: func(i int) string {
		mu.Lock()
		asked = append(asked, i)
		mu.Unlock()
		return docs[i].Body
	}}
	var first memSink
	if _, err := Write(ctx, bare(), &first, opts); err != nil {
		t.Fatal(err)
	}
	opts.Analyses.Commit()
	docs[7].Body += "新增的一段正文：城市更新。"
	docs[200].IndexNo = "X/2024-99999"
	asked = nil
	next := &keepSink{prev: first.files}
	if _, err := Write(ctx, bare(), next, opts); err != nil {
		t.Fatal(err)
	}
	slices.Sort(asked)
	if !slices.Equal(asked, []int{7, 200}) {
		t.Errorf("bodies asked for: %v, want those of 7 (changed) and 200 (its passages show a new index number)", asked)
	}
	var fresh memSink
	if _, err := Write(ctx, docs, &fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, next.files, fresh.files, "when patched")
}

// TestSplice holds the byte-level splice to decoding the postings, replacing
// the document's entry and encoding them again: for entries added, replaced
// and removed at the start, middle and end of lists, empty ones included.
func TestSplice(t *testing.T) {
	entry := func(w int) []byte { return putNum(nil, w<<2) }
	lists := [][]int{nil, {0}, {5}, {0, 1, 2}, {3, 40, 41, 1000, 1033}, {2, 4, 6, 8, 10, 12, 14, 16, 18, 20}}
	for _, docs := range lists {
		var ps []posting
		for k, d := range docs {
			ps = append(ps, posting{doc: d, frag: entry(1 + k%5)})
		}
		enc := encodePostings(ps)
		last := -1
		if len(ps) > 0 {
			last = ps[len(ps)-1].doc
		}
		for _, i := range []int{0, 1, 2, 3, 4, 5, 20, 39, 40, 41, 999, 1000, 1033, 1034, 5000} {
			for _, frag := range [][]byte{nil, entry(7)} {
				var want []posting
				for _, p := range ps {
					if p.doc < i {
						want = append(want, p)
					}
				}
				if frag != nil {
					want = append(want, posting{doc: i, frag: frag})
				}
				for _, p := range ps {
					if p.doc > i {
						want = append(want, p)
					}
				}
				got := splice(&plist{b: enc, last: last, n: len(ps)}, i, frag, postingEnd)
				if !bytes.Equal(got.b, encodePostings(want)) || got.n != len(want) ||
					(len(want) > 0 && got.last != want[len(want)-1].doc) {
					t.Errorf("%v, document %d set to %v: got %q (n %d, last %d), want %q (n %d)",
						docs, i, frag, got.b, got.n, got.last, encodePostings(want), len(want))
				}
				// The same for exact keys, whose postings have no entries.
				var keysOf [][]string
				for _, p := range want {
					keysOf = append(keysOf, make([][]string, p.doc+1-len(keysOf))...)
					keysOf[p.doc] = []string{"k"}
				}
				wantKeys := map[string]*plist{}
				addKeys(wantKeys, keysOf)
				keysOf = nil
				for _, p := range ps {
					keysOf = append(keysOf, make([][]string, p.doc+1-len(keysOf))...)
					keysOf[p.doc] = []string{"k"}
				}
				keys := map[string]*plist{}
				addKeys(keys, keysOf)
				var was, now []string
				if slices.ContainsFunc(ps, func(p posting) bool { return p.doc == i }) {
					was = []string{"k"}
				}
				if frag != nil {
					now = []string{"k"}
				}
				patchKeys(keys, i, was, now)
				if w, g := wantKeys["k"], keys["k"]; (w == nil) != (g == nil) || w != nil && (!bytes.Equal(g.b, w.b) || g.n != w.n || g.last != w.last) {
					t.Errorf("keys of %v, document %d set to %v: got %+v, want %+v", docs, i, frag, g, w)
				}
			}
		}
	}
}
