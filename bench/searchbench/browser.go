package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// An engine is a search page the browser opens with a query.
type engine struct {
	Name string
	// URL is the page of a query q on the server at base.
	URL func(base, q string) string
	// Probe runs in every new document before its scripts, to timestamp
	// the first results.
	Probe string
	// Ready is true once the first results are there.
	Ready string
	// Result is the JSON of {t, n, urls, error}: t the milliseconds from
	// navigation start to the first results, n the number of results,
	// urls the paths of the first page's records in order.
	Result string
}

// gongkai is the site's own search page. Its first results are painted,
// with their excerpts, when search.js sets data-results on the app element
// (data-rendered follows once exact counts and filters are in); the results
// are the links of the result list, their number is in the status line.
var gongkai = engine{
	Name: "gongkai",
	URL:  func(base, q string) string { return base + "/search/?q=" + url.QueryEscape(q) },
	Probe: `new MutationObserver(() => {
  const app = document.getElementById("search-app");
  if (window.__benchPainted === undefined && app && app.hasAttribute("data-results")) window.__benchPainted = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-results"] });`,
	Ready: `window.__benchPainted !== undefined`,
	Result: `(() => {
  const urls = [...document.querySelectorAll("#search-results > li")].map(li => {
    const a = li.querySelector("a[href]");
    return a ? new URL(a.href).pathname : "";
  });
  const m = urls.length ? (document.getElementById("search-status") || {}).textContent.match(/\d+/) : null;
  return JSON.stringify({ t: window.__benchPainted, n: m ? +m[0] : urls.length, urls });
})()`,
}

// pagefind is the bench's Pagefind page (see pagefindHTML): its first
// results are there when the first ten results' data is.
var pagefind = engine{
	Name:   "pagefind",
	URL:    func(base, q string) string { return base + pagefindPage + "?q=" + url.QueryEscape(q) },
	Ready:  `window.__bench !== undefined`,
	Result: `JSON.stringify(window.__bench)`,
}

// A load is one request of a page.
type load struct {
	URL        string
	Type       string
	Start, End float64 // ms since navigation start
	Bytes      int     // body bytes the server sent (gzip)
	Failed     bool
	Page       bool // the page's own (document, stylesheet, font, image, favicon)
	Wave       int  // 1 for the first load of the query, n+1 after a load of wave n ended
}

// A run is one cold query on one engine.
type run struct {
	Time    float64 // ms from navigation start to the first results
	Results int
	URLs    []string
	Error   string
	Loads   []load
	// Unseen is the body bytes the server sent that no load in the page's
	// network log asked for (a worker's loads, say).
	Unseen int
}

// query loads, counted apart from the page's own: those that started
// before the first results were there (later ones are in detail's late).
func (r run) counted() (n, bytes int) {
	for _, l := range r.Loads {
		if !l.Page && l.Start < r.Time {
			n++
			bytes += l.Bytes
		}
	}
	return n, bytes
}

func (r run) page() (n, bytes int) {
	for _, l := range r.Loads {
		if l.Page {
			n++
			bytes += l.Bytes
		}
	}
	return n, bytes
}

// waves is the number of waves of query loads, after the first, that
// started before the first results: for gongkai those after search.js.
func (r run) waves() int {
	w := 0
	for _, l := range r.Loads {
		if !l.Page && l.Start < r.Time {
			w = max(w, l.Wave)
		}
	}
	return max(w-1, 0)
}

// detail is the loads of each wave: "1:1/12.3K 2:4/80.1K … late:2/3.0K",
// late being the loads started after the first results.
func (r run) detail() string {
	type c struct{ n, b int }
	by := map[int]*c{}
	late := &c{}
	top := 0
	for _, l := range r.Loads {
		if l.Page {
			continue
		}
		x := late
		if l.Start < r.Time {
			if by[l.Wave] == nil {
				by[l.Wave] = &c{}
			}
			x = by[l.Wave]
			top = max(top, l.Wave)
		}
		x.n++
		x.b += l.Bytes
	}
	var parts []string
	for w := 1; w <= top; w++ {
		if x := by[w]; x != nil {
			parts = append(parts, fmt.Sprintf("%d:%d/%.1fK", w, x.n, kb(x.b)))
		}
	}
	if late.n > 0 {
		parts = append(parts, fmt.Sprintf("late:%d/%.1fK", late.n, kb(late.b)))
	}
	if r.Unseen != 0 {
		parts = append(parts, fmt.Sprintf("UNSEEN: the server sent %.1fK that the page's log does not show (loads from a worker?)", kb(r.Unseen)))
	}
	return strings.Join(parts, " ")
}

// conditions are the emulated network of the timed runs.
type conditions struct {
	Latency float64 // ms
	Down    float64 // bits per second; 0 for no throttling
}

// browser is one headless Chromium.
type browser struct {
	ctx  context.Context
	base string // the server's URL
	srv  *site
	net  conditions
	// quiet is how long the network must be idle after the first results
	// before a query's loads are taken as complete.
	quiet time.Duration
}

// cold opens the engine's page for q in a new browser context (empty
// cache, no connections), with the cache disabled and the network
// emulated, and records every request until the network has been quiet for
// b.quiet after the first results.
func (b *browser) cold(e engine, q string) (run, error) {
	tab, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 90*time.Second)
	defer cancelT()
	b.srv.take()

	var mu sync.Mutex
	byID := map[network.RequestID]*load{}
	var loads []*load
	var docStart, docWall float64
	inflight := 0
	last := time.Now()
	err := chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(ev.Request.URL, "http") {
				return
			}
			last = time.Now()
			if l := byID[ev.RequestID]; l != nil { // a redirect
				l.URL = ev.Request.URL
				return
			}
			if docWall == 0 && ev.Type == network.ResourceTypeDocument {
				docStart, docWall = ev.Timestamp.Float64(), ev.WallTime.Float64()
			}
			l := &load{URL: ev.Request.URL, Type: string(ev.Type), Start: ev.Timestamp.Float64(), End: -1}
			byID[ev.RequestID] = l
			loads = append(loads, l)
			inflight++
		case *network.EventLoadingFinished:
			if l := byID[ev.RequestID]; l != nil && l.End < 0 {
				last = time.Now()
				l.End = ev.Timestamp.Float64()
				inflight--
			}
		case *network.EventLoadingFailed:
			if l := byID[ev.RequestID]; l != nil && l.End < 0 {
				last = time.Now()
				l.End = ev.Timestamp.Float64()
				l.Failed = true
				inflight--
			}
		}
	})
	if err != nil {
		return run{}, err
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return run{}, err
	}
	if b.net.Down > 0 {
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				Latency: b.net.Latency, DownloadThroughput: b.net.Down / 8, UploadThroughput: b.net.Down / 8,
			}},
		}); err != nil {
			return run{}, fmt.Errorf("network emulation: %w", err)
		}
	}
	if e.Probe != "" {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: e.Probe}); err != nil {
			return run{}, err
		}
	}
	if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: e.URL(b.base, q)}); err != nil {
		return run{}, err
	}
	if err := waitTrue(ctx, e.Ready); err != nil {
		return run{}, fmt.Errorf("%s: no results for %q: %w", e.Name, q, err)
	}
	// Then until the network is quiet.
	for {
		mu.Lock()
		idle := inflight == 0 && time.Since(last) >= b.quiet
		mu.Unlock()
		if idle || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var r run
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](e.Result))
	if err == nil {
		var v struct {
			T     float64
			N     int
			URLs  []string
			Error string
		}
		err = json.Unmarshal([]byte(js), &v)
		r = run{Time: v.T, Results: v.N, URLs: v.URLs, Error: v.Error}
	}
	if err != nil {
		return run{}, fmt.Errorf("%s: reading the results of %q: %w", e.Name, q, err)
	}
	origin, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.timeOrigin`))
	if err != nil {
		return run{}, err
	}
	mu.Lock()
	defer mu.Unlock()
	// What the server sent for each request, by request URI.
	sent := map[string][]int{}
	for _, x := range b.srv.take() {
		sent[x.uri] = append(sent[x.uri], x.bytes)
	}
	// Network times are monotonic seconds; the page's are milliseconds from
	// its time origin, navigation start. The document's request, known in
	// both clocks, ties them.
	docAt := docWall*1000 - origin
	for _, l := range loads {
		l.Start = (l.Start-docStart)*1000 + docAt
		if l.End >= 0 {
			l.End = (l.End-docStart)*1000 + docAt
		}
		l.URL = strings.TrimPrefix(l.URL, b.base)
		if n := sent[l.URL]; len(n) > 0 {
			l.Bytes, sent[l.URL] = n[0], n[1:]
		}
		l.Page = strings.HasPrefix(l.URL, "/favicon.ico")
		switch network.ResourceType(l.Type) {
		case network.ResourceTypeDocument, network.ResourceTypeStylesheet, network.ResourceTypeFont,
			network.ResourceTypeImage, network.ResourceTypeMedia, network.ResourceTypeManifest:
			l.Page = true
		}
		r.Loads = append(r.Loads, *l)
	}
	for _, ns := range sent {
		for _, n := range ns {
			r.Unseen += n
		}
	}
	setWaves(r.Loads)
	return r, nil
}

// setWaves numbers the query loads' waves: a load is one wave after the
// latest wave of the loads that had ended when it started.
func setWaves(ls []load) {
	slices.SortStableFunc(ls, func(a, b load) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	for i := range ls {
		if ls[i].Page {
			continue
		}
		w := 1
		for j := range i {
			if !ls[j].Page && ls[j].End >= 0 && ls[j].End <= ls[i].Start {
				w = max(w, ls[j].Wave+1)
			}
		}
		ls[i].Wave = w
	}
}

// waitTrue polls expr in the tab until it is true; errors while the page
// navigates are retried.
func waitTrue(ctx context.Context, expr string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// firstOf returns, for each query, the path of the first result on the
// engine's page in one tab with a warm cache and no throttling: the
// known-item and short-name runs.
func (b *browser) firstOf(e engine, qs []query) ([]string, error) {
	tab, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 30*time.Minute)
	defer cancelT()
	if e.Name == pagefind.Name {
		texts := make([]string, len(qs))
		for i, q := range qs {
			texts[i] = q.Text
		}
		js, _ := json.Marshal(texts)
		if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: b.base + pagefindPage}); err != nil {
			return nil, err
		}
		if err := waitTrue(ctx, `window.__pagefind !== undefined`); err != nil {
			return nil, err
		}
		return chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
  const out = [];
  for (const q of `+string(js)+`) {
    const r = await window.__pagefind.search(q);
    out.push(r.results.length ? (await r.results[0].data()).url : "");
  }
  return out;
})()`, chromedp.EvalAwaitPromise))
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: e.Probe}); err != nil {
		return nil, err
	}
	var out []string
	for _, q := range qs {
		// The flag is the previous page's until the next document replaces it.
		if len(out) > 0 {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`delete window.__benchPainted`)); err != nil {
				return nil, err
			}
		}
		if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: e.URL(b.base, q.Text)}); err != nil {
			return nil, err
		}
		if err := waitTrue(ctx, e.Ready); err != nil {
			return nil, fmt.Errorf("%s: no results for %q: %w", e.Name, q.Text, err)
		}
		js, err := chromedp.Run(ctx, chromedp.Evaluate[string](e.Result))
		if err != nil {
			return nil, err
		}
		var v struct{ URLs []string }
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			return nil, err
		}
		top := ""
		if len(v.URLs) > 0 {
			top = v.URLs[0]
		}
		out = append(out, top)
	}
	return out, nil
}

// samePath compares a result's URL path with a record's site path.
func samePath(got, want string) bool {
	norm := func(p string) string {
		p = strings.TrimSuffix(p, "index.html")
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		return strings.TrimSuffix(p, "/")
	}
	return got != "" && norm(got) == norm(want)
}

func kb(b int) float64 { return float64(b) / 1024 }
