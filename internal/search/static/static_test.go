package static

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
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
	if st.Files != len(a.files) || st.Files > len(docs)/10 {
		t.Errorf("%d files (%d counted) for %d documents", len(a.files), st.Files, len(docs))
	}
	entry := string(a.files["search/index.js"])
	if !strings.HasPrefix(entry, `gongkaiSearch.load("index",`) {
		t.Fatalf("entry %.80q", entry)
	}
	shards := 0
	for name, data := range a.files {
		if !strings.HasPrefix(name, "search/t") {
			continue
		}
		shards++
		hash := strings.Split(name, ".")[1]
		if !strings.Contains(entry, `"`+hash+`"`) {
			t.Errorf("%s is not named in the entry", name)
		}
		_ = data
	}
	// The key of 示府发[2024]7号 is in the shard its hash names.
	key := "#" + search.Key("示府发（2024）7号")
	i := fnv32a(key) % uint32(shards)
	var shard []byte
	for name, data := range a.files {
		if strings.HasPrefix(name, fmt.Sprintf("search/t%d.", i)) {
			shard = data
		}
	}
	if !bytes.Contains(shard, []byte(`"`+key+`":"`+string(last[7])+`"`)) {
		t.Errorf("shard t%d has no key %q for document 7", i, key)
	}
}

// TestPostings decodes one term's postings and checks them against the text.
func TestPostings(t *testing.T) {
	docs := []search.Doc{
		{Path: "/a/", Title: "垃圾分类", Body: "生活垃圾分类，垃圾"},
		{Path: "/b/", Title: "无关", Body: "2024年度报告"},
	}
	post, lens, _, err := invert(context.Background(), docs, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lens[0] != [2]int{4, 8} {
		t.Errorf("lengths of doc 0: %v", lens[0])
	}
	for _, c := range []struct {
		term string
		want []int
	}{
		// doc delta, h = body tf*2 + title?, title tf, title position, body position deltas (3 and 7)
		{"垃圾", []int{0, 2*2 + 1, 1, 1, 3, 4}},
		// a unigram: frequencies, then the count of positions touching a word
		{"年", []int{1, 2, 1, 2}},
		{"2024", []int{1, 2, 1}},
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

// TestCacheEqualsFresh: an index written with a cache of an earlier Write,
// after documents changed, is the index written without one.
func TestCacheEqualsFresh(t *testing.T) {
	ctx := context.Background()
	docs := sampleDocs(300)
	cache := NewCache()
	if _, err := Write(ctx, docs, &memSink{}, Options{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	docs[7].Body += "新增的一段正文：城市更新。"
	docs[42].Title = "改过的标题"
	docs = append(docs[:100], docs[101:]...) // one removed
	docs = append(docs, search.Doc{Path: "/notice/new/", Title: "新通知", Body: "全新的正文", Kind: "notice", Year: "2026"})
	var cached, fresh memSink
	if _, err := Write(ctx, docs, &cached, Options{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, docs, &fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(cached.files) != len(fresh.files) {
		t.Fatalf("%d files with the cache, %d without", len(cached.files), len(fresh.files))
	}
	for name, data := range fresh.files {
		if !bytes.Equal(cached.files[name], data) {
			t.Errorf("%s differs with the cache", name)
		}
	}
	if len(cache.m) != len(docs) {
		t.Errorf("the cache holds %d analyses for %d documents", len(cache.m), len(docs))
	}
}
