// Command searchbench measures a site's search side by side with Pagefind,
// for the targets of the search issue; bench/search.sh runs it:
//
//	go run ./bench/searchbench -site DIR -gongkai BIN [-pagefind BIN] [-runs 3] [-per 6] [-queries N] [-known 100]
//
// It builds the site with the gongkai binary BIN, runs times with and
// without search (each a subprocess into a fresh folder: median wall time
// and peak memory), and reports the index on disk (the files the build with
// search has and the other lacks) against the text it indexes. It runs
// Pagefind over the same built pages (the records' pages, their <main>),
// serves both from one HTTP/2 server on 127.0.0.1 that gzips every response
// at level 9, and opens each query of a fixed query set (see querySet) cold
// in headless Chromium with emulated latency and bandwidth: gongkai's
// /search/?q= until its results are painted, and a page that asks Pagefind
// for the query and its first ten results' data. For each it counts the
// bytes and requests of everything the query loads until the network is
// quiet (the page's own document, stylesheets, fonts and images apart), the
// waves of loads before the first results, and the time from navigation
// start to them. Last, the known-item and short-name rates: how often a
// record's title, or its usual short name, puts it first.
//
// Nothing here knows the index's format: it measures what the browser loads.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/internal/pipeline"
)

// options are the bench's settings.
type options struct {
	Site, Gongkai, Pagefind string
	Runs, Per, Queries      int
	Known                   int
	Net                     conditions
	Quiet                   time.Duration
	JSON, QueryFile         string
}

func main() {
	var o options
	flag.StringVar(&o.Site, "site", "", "the site `folder` (with content/)")
	flag.StringVar(&o.Gongkai, "gongkai", "", "the gongkai `binary` to build with")
	flag.StringVar(&o.Pagefind, "pagefind", "", "the pagefind `command` (none: gongkai alone)")
	flag.IntVar(&o.Runs, "runs", 3, "builds with and without search, each")
	flag.IntVar(&o.Per, "per", 6, "queries of each kind drawn from the records (titles twice as many)")
	flag.IntVar(&o.Queries, "queries", 0, "run only the first `n` queries (0: all; -1: none, builds and index only)")
	flag.IntVar(&o.Known, "known", 100, "title and short-name queries for the rank-1 rates")
	flag.Float64Var(&o.Net.Latency, "latency", 150, "emulated round trip, ms")
	flag.Float64Var(&o.Net.Down, "down", 1.6e6, "emulated bandwidth, bits/s (0: no throttling)")
	flag.DurationVar(&o.Quiet, "quiet", 500*time.Millisecond, "network idle that ends a query's loads")
	flag.StringVar(&o.JSON, "json", "", "also write every measure to this `file`")
	flag.StringVar(&o.QueryFile, "query-file", "", "also write the query set to this `file` (kind TAB query)")
	flag.Parse()
	if o.Site == "" || o.Gongkai == "" {
		fmt.Fprintln(os.Stderr, "usage: searchbench -site DIR -gongkai BIN [-pagefind BIN] [flags]")
		os.Exit(2)
	}
	if err := bench(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

// report is everything measured, as written to -json.
type report struct {
	Site          string
	Records       int
	Build         struct{ With, Without usage }
	Index         fileStats
	TextBytes     int
	Pagefind      *usage `json:",omitempty"`
	PagefindIndex *fileStats
	PagefindPages int
	Rows          []row
	Known         map[string]rate
}

// row is one query on both engines.
type row struct {
	Query    query
	Gongkai  run
	Pagefind *run `json:",omitempty"`
}

// rate is how many of a set of queries put the wanted record first.
type rate struct{ Hits, Of int }

func bench(ctx context.Context, o options) error {
	tmp, err := os.MkdirTemp("", "searchbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, err := filepath.Abs(o.Site)
	if err != nil {
		return err
	}
	rep := report{Site: site, Known: map[string]rate{}}

	docs, _, err := pipeline.SearchDocs(ctx, pipeline.Options{Source: site})
	if err != nil {
		return err
	}
	rep.Records = len(records(docs))
	for _, d := range docs {
		rep.TextBytes += len(d.Title) + len(d.Body)
	}
	fmt.Printf("site: %s, %d records (%d documents indexed, %.1f MB of text)\n", site, rep.Records, len(docs), mb(rep.TextBytes))
	fmt.Printf("machine: %d CPUs, load %s\n", runtime.NumCPU(), loadavg())

	// Builds.
	b, err := buildSite(o.Gongkai, site, tmp, o.Runs)
	if err != nil {
		return err
	}
	rep.Build.With, rep.Build.Without = medianUsage(b.With), medianUsage(b.Without)
	w, wo := rep.Build.With, rep.Build.Without
	fmt.Printf("\n== build (median of %d clean builds each, %s build --clean)\n", o.Runs, o.Gongkai)
	fmt.Printf("without search: %6.2f s, peak %5.0f MB\n", wo.Wall.Seconds(), mb(int(wo.PeakRSS)))
	fmt.Printf("with search:    %6.2f s, peak %5.0f MB\n", w.Wall.Seconds(), mb(int(w.PeakRSS)))
	fmt.Printf("search adds:    %+5.0f%% wall time, %+5.0f MB peak memory\n",
		100*(w.Wall.Seconds()/wo.Wall.Seconds()-1), mb(int(w.PeakRSS-wo.PeakRSS)))

	rep.Index, err = indexFiles(b.Out, b.OutNoSearch)
	if err != nil {
		return err
	}
	ix := rep.Index
	fmt.Printf("\n== index (the files only the build with search has)\n")
	fmt.Printf("files: %d (%.3f per record); %.2f MB = %.2fx the text; gzip -9 %.2f MB; largest %.1f KB gzip (%s)\n",
		ix.Files, float64(ix.Files)/float64(rep.Records), mb(ix.Bytes), float64(ix.Bytes)/float64(rep.TextBytes),
		mb(ix.Gzip), kb(ix.MaxGzip), ix.MaxGzipFile)

	engines := []engine{gongkai}
	extra := map[string][]byte{}
	if o.Pagefind != "" {
		u, err := runPagefind(o.Pagefind, b.Out, docs)
		if err != nil {
			return err
		}
		rep.Pagefind = &u
		st, err := dirFiles(filepath.Join(b.Out, "pagefind"))
		if err != nil {
			return err
		}
		rep.PagefindIndex = &st
		rep.PagefindPages = pagefindPages(b.Out)
		fmt.Printf("pagefind: %d pages indexed in %.2f s, peak %.0f MB; %d files (%.3f per page); %.2f MB = %.2fx the text; largest %.1f KB gzip (%s)\n",
			rep.PagefindPages, u.Wall.Seconds(), mb(int(u.PeakRSS)), st.Files, float64(st.Files)/float64(max(rep.PagefindPages, 1)),
			mb(st.Bytes), float64(st.Bytes)/float64(rep.TextBytes), kb(st.MaxGzip), st.MaxGzipFile)
		page, err := pagefindHTML(b.Out)
		if err != nil {
			return err
		}
		extra[pagefindPage] = page
		engines = append(engines, pagefind)
	}

	if o.Queries < 0 {
		return writeJSON(o.JSON, rep)
	}

	// Queries.
	qs := querySet(docs, o.Per)
	if o.Queries > 0 && o.Queries < len(qs) {
		qs = qs[:o.Queries]
	}
	if o.QueryFile != "" {
		f, err := os.Create(o.QueryFile)
		if err != nil {
			return err
		}
		for _, q := range qs {
			fmt.Fprintf(f, "%s\t%s\n", q.Kind, q.Text)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}

	srv, files := serve(b.Out, extra)
	defer srv.Close()
	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium()), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("ignore-certificate-errors", true))...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		return err
	}
	br := &browser{ctx: bctx, base: srv.URL, srv: files, net: o.Net, quiet: o.Quiet}

	fmt.Printf("\n== %d cold queries: Chromium, %.0f ms round trip, %.2f Mbit/s down, HTTP/2 + gzip -9; bytes and requests until %v idle, the page's own apart\n",
		len(qs), o.Net.Latency, o.Net.Down/1e6, o.Quiet)
	printHeader(o.Pagefind != "")
	for _, q := range qs {
		r := row{Query: q}
		for _, e := range engines {
			x, err := br.cold(e, q.Text)
			if err != nil {
				x = run{Error: err.Error()}
			}
			if e.Name == gongkai.Name {
				r.Gongkai = x
			} else {
				r.Pagefind = &x
			}
		}
		printRow(r)
		rep.Rows = append(rep.Rows, r)
	}
	printSummary(rep.Rows, o.Pagefind != "")

	// Known items and short names.
	titles, shorts := knownItems(docs, o.Known)
	fmt.Printf("\n== rank 1 (warm cache, no throttling)\n")
	for _, set := range []struct {
		name string
		qs   []query
	}{{"title", titles}, {"short name", shorts}} {
		if len(set.qs) == 0 {
			fmt.Printf("%s: no queries on this site\n", set.name)
			continue
		}
		line := fmt.Sprintf("%s → its record first:", set.name)
		for _, e := range engines {
			tops, err := br.firstOf(e, set.qs)
			if err != nil {
				return err
			}
			var rt rate
			for i, q := range set.qs {
				rt.Of++
				if slices.ContainsFunc(q.Want, func(p string) bool { return samePath(tops[i], p) }) {
					rt.Hits++
				}
			}
			rep.Known[e.Name+" "+set.name] = rt
			line += fmt.Sprintf("  %s %d/%d = %.2f", e.Name, rt.Hits, rt.Of, float64(rt.Hits)/float64(rt.Of))
		}
		fmt.Println(line)
	}

	return writeJSON(o.JSON, rep)
}

// writeJSON writes the report to file, if one is named.
func writeJSON(file string, rep report) error {
	if file == "" {
		return nil
	}
	data, err := json.MarshalIndent(rep, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// pagefindPages is the number of pages Pagefind indexed, from its entry
// file.
func pagefindPages(out string) int {
	data, err := os.ReadFile(filepath.Join(out, "pagefind", "pagefind-entry.json"))
	if err != nil {
		return 0
	}
	var v struct {
		Languages map[string]struct {
			PageCount int `json:"page_count"`
		}
	}
	json.Unmarshal(data, &v)
	n := 0
	for _, l := range v.Languages {
		n += l.PageCount
	}
	return n
}

func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "chromium"
}

func loadavg() string {
	data, _ := os.ReadFile("/proc/loadavg")
	if len(data) > 14 {
		return string(data[:14])
	}
	return "?"
}

func mb(b int) float64 { return float64(b) / (1 << 20) }
