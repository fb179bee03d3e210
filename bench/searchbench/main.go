// Command searchbench measures the search index on a site, for the targets
// of the search issue (bench/search.sh runs it on the generated corpus):
//
//	go run ./bench/searchbench -site DIR [-runs 3] [-titles 200]
//
// It reports the build time with and without the search index (median of
// runs, output into a temporary folder), the bytes of the index against the
// bytes of the text it indexes (raw and gzip -6, as a CDN serves it), the
// number of index files per record, and, in a headless Chromium opening the
// search page over http://127.0.0.1 with an empty cache for each query: the
// requests and gzip bytes a cold query loads (search.js and the first
// page's excerpts included; requests/KB per part) and the known-item rate (a record's full title
// as the query puts that record first).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/search"
)

func main() {
	site := flag.String("site", "", "the site `folder` (with content/)")
	runs := flag.Int("runs", 3, "builds with and without search, each")
	titles := flag.Int("titles", 200, "titles for the known-item test")
	flag.Parse()
	if *site == "" {
		fmt.Fprintln(os.Stderr, "usage: searchbench -site DIR [-runs N] [-titles N]")
		os.Exit(2)
	}
	if err := run(*site, *runs, *titles); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(site string, runs, titles int) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "searchbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// Build times, alternating so both see the same machine. Every output
	// is kept until the end: creating tens of thousands of files just after
	// deleting as many costs seconds of system time in ext4's inode
	// allocator, which would be charged to whichever build came next (see
	// internal/build/bench_test.go).
	var with, without []time.Duration
	var out string
	var records int
	for i := range runs {
		for _, noSearch := range []bool{true, false} {
			o := filepath.Join(tmp, fmt.Sprintf("out-%d-%v", i, noSearch))
			start := time.Now()
			res, err := build.Run(ctx, build.Options{Source: site, Out: o, NoSearch: noSearch})
			if err != nil {
				return err
			}
			d := time.Since(start)
			records = res.Records
			if noSearch {
				without = append(without, d)
			} else {
				with = append(with, d)
				out = o
			}
		}
	}
	mw, mo := median(with), median(without)
	fmt.Printf("records: %d\n", records)
	fmt.Printf("build without search: %v (median of %d)\n", mo.Round(time.Millisecond), runs)
	fmt.Printf("build with search:    %v (median of %d): +%.0f%%\n", mw.Round(time.Millisecond), runs, 100*(float64(mw)/float64(mo)-1))

	// Index size.
	docs, _, err := build.SearchDocs(ctx, build.Options{Source: site})
	if err != nil {
		return err
	}
	text, textGz := 0, 0
	var all bytes.Buffer
	for _, d := range docs {
		text += len(d.Title) + len(d.Body)
		all.WriteString(d.Title)
		all.WriteString(d.Body)
	}
	textGz = gz(all.Bytes())
	files, err := os.ReadDir(filepath.Join(out, "search"))
	if err != nil {
		return err
	}
	n, raw, zipped := 0, 0, 0
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".js") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, "search", f.Name()))
		if err != nil {
			return err
		}
		n++
		raw += len(data)
		zipped += gz(data)
	}
	fmt.Printf("index files: %d for %d records (%.3f per record)\n", n, len(docs), float64(n)/float64(len(docs)))
	fmt.Printf("text indexed: %d bytes (gzip %d)\n", text, textGz)
	fmt.Printf("index: %d bytes = %.2fx the text; gzip %d bytes = %.2fx the text (%.2fx its gzip)\n",
		raw, float64(raw)/float64(text), zipped, float64(zipped)/float64(text), float64(zipped)/float64(textGz))

	return browse(ctx, out, docs, titles)
}

// browse measures cold queries and known items in Chromium.
func browse(ctx context.Context, out string, docs []search.Doc, titles int) error {
	var mu sync.Mutex
	var reqs []string // paths served since the last reset
	sizes := map[string]int{}
	h := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing is cached: every query starts cold.
		w.Header().Set("Cache-Control", "no-store")
		mu.Lock()
		reqs = append(reqs, r.URL.Path)
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	// gzip size of each file, as a CDN would serve it.
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				rel, _ := filepath.Rel(out, p)
				sizes["/"+filepath.ToSlash(rel)] = gz(data)
			}
		}
		return nil
	})
	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.DisableGPU)...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	// Cold queries: a new tab with the cache disabled for each; count the
	// requests after the search page itself.
	queries := []string{"生活垃圾分类", "政府信息公开", "市", "2024年", "招标投标", "监督检查", "示例市人民政府令第1号"}
	for _, q := range queries {
		tab, cancelTab := chromedp.NewContext(bctx)
		mu.Lock()
		reqs = nil
		mu.Unlock()
		u := srv.URL + "/search/?q=" + q
		tctx, c2 := context.WithTimeout(tab, 60*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(u))
		if err == nil {
			_, err = chromedp.Run(tctx, chromedp.Poll[bool](`document.getElementById('search-status') && /\d/.test(document.getElementById('search-status').textContent) || /没有|No results/.test(document.getElementById('search-status').textContent)`,
				chromedp.WithPollingInterval(20*time.Millisecond)))
		}
		status, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`document.getElementById('search-status').textContent`))
		// The first page's records (after the measured loads, so it loads
		// nothing new), to see how far apart they sit in document order.
		first, _ := chromedp.Run(tctx, chromedp.Evaluate[[]int](`gongkaiSearch.search(`+strconv.Quote(q)+`).then(r => r.results.sort(gongkaiSearch.byRelevance).slice(0, 10).map(x => x.doc))`, chromedp.EvalAwaitPromise))
		c2()
		cancelTab()
		if err != nil {
			return fmt.Errorf("query %q: %w", q, err)
		}
		mu.Lock()
		// Every script the query loads counts: search.js (under its hashed
		// name) and the index files. The page and its stylesheet are the
		// page's, not the query's, and are listed apart.
		n, b := 0, 0
		parts := map[string][2]int{}
		var page []string
		for _, p := range reqs {
			part := ""
			switch {
			case strings.HasPrefix(p, "/js/search.") && strings.HasSuffix(p, ".js"):
				part = "script"
			case p == "/search/index.js":
				part = "entry"
			case strings.HasPrefix(p, "/search/f."):
				part = "filters"
			case strings.HasPrefix(p, "/search/t"):
				part = "terms"
			case strings.HasPrefix(p, "/search/d"):
				part = "results"
			case strings.HasPrefix(p, "/search/") && strings.HasSuffix(p, ".js"):
				part = "other"
			default:
				page = append(page, p)
				continue
			}
			n++
			b += sizes[p]
			c := parts[part]
			parts[part] = [2]int{c[0] + 1, c[1] + sizes[p]}
		}
		mu.Unlock()
		var detail []string
		for _, k := range []string{"script", "entry", "filters", "terms", "results", "other"} {
			if c, ok := parts[k]; ok {
				detail = append(detail, fmt.Sprintf("%s %d/%.1f", k, c[0], float64(c[1])/1024))
			}
		}
		fmt.Printf("cold query %q: %d requests, %.1f KB gzip (%s); %s; page: %s\n", q, n, float64(b)/1024,
			strings.Join(detail, ", "), status, strings.Join(page, " "))
		// How many files the first page's records would span were the
		// result files runs of more consecutive records.
		var spans []string
		for _, per := range []int{24, 96, 400, 1000} {
			files := map[int]bool{}
			for _, d := range first {
				files[d/per] = true
			}
			spans = append(spans, fmt.Sprintf("%d of %d", len(files), (len(docs)+per-1)/per))
		}
		fmt.Printf("    first page: records %v; files spanned with 24/96/400/1000 records per file: %s\n", first, strings.Join(spans, ", "))
	}

	// Known items: full titles of records picked at random.
	rng := rand.New(rand.NewPCG(7, 7))
	var picks []int
	for _, i := range rng.Perm(len(docs)) {
		if docs[i].Kind != "page" {
			picks = append(picks, i)
		}
		if len(picks) == titles {
			break
		}
	}
	qs := make([]string, len(picks))
	for i, d := range picks {
		qs[i] = docs[d].Title
	}
	js, _ := json.Marshal(qs)
	tctx, c3 := context.WithTimeout(bctx, 10*time.Minute)
	defer c3()
	var tops []int
	var err error
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/search/")); err != nil {
		return err
	}
	tops, err = chromedp.Run(tctx, chromedp.Evaluate[[]int](`(async () => {
			await gongkaiSearch.open(document.getElementById('search-app').getAttribute('data-index'));
			const out = [];
			for (const q of `+string(js)+`) {
				const r = await gongkaiSearch.search(q);
				r.results.sort(gongkaiSearch.byRelevance);
				out.push(r.results.length ? r.results[0].doc : -1);
			}
			return out;
		})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("known items: %w", err)
	}
	hits, same := 0, 0
	for i, top := range tops {
		if top == picks[i] {
			hits++
		} else if top >= 0 && docs[top].Title == docs[picks[i]].Title {
			same++
		}
	}
	fmt.Printf("known-item: %d of %d titles put the record first (%.1f%%); %d more put first another record with the very same title\n",
		hits, len(tops), 100*float64(hits)/float64(len(tops)), same)
	return nil
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
