// Command editbench measures the editors' loop on a site, for the targets of
// the editors' workflow issue (bench/edit.sh runs it on the generated
// 10,000-record catalogue):
//
//	go run ./bench/editbench -site DIR [-edits 20] [-memory 1000]
//
// It reports:
//   - a clean build (no cache) and a rebuild with nothing changed through the
//     on-disk cache of `gongkai build`, and their ratio;
//   - the live preview (package serve, watching a copy of the site, served on
//     127.0.0.1 with an event stream open as a browser page keeps one): for
//     each of -edits edits of one record's body, the time from the file's
//     write to the "reload" event, after which the record's page is fetched
//     over HTTP and must hold the new text; then the same for edits of a
//     record's title, where the kind's list and catalogue.json must show it
//     too. Each edit waits for the search index to be brought up to date
//     before the next, so every edit is a rebuild of its own;
//   - memory over -memory successive body edits: the live heap after a
//     collection, the resident set and its peak, at edit 10 and at the last.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/serve"
)

func main() {
	site := flag.String("site", "", "the site `folder` (with content/)")
	edits := flag.Int("edits", 20, "edits of each kind for the reload latency")
	memory := flag.Int("memory", 1000, "successive edits for the memory figures (0: skip)")
	flag.Parse()
	if *site == "" {
		fmt.Fprintln(os.Stderr, "usage: editbench -site DIR [-edits N] [-memory N]")
		os.Exit(2)
	}
	if err := run(*site, *edits, *memory); err != nil {
		fmt.Fprintln(os.Stderr, "editbench:", err)
		os.Exit(1)
	}
}

func run(site string, edits, memory int) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "editbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// On-disk incremental builds, as `gongkai build` makes them.
	start := time.Now()
	res, err := pipeline.Run(ctx, pipeline.Options{Source: site, Out: filepath.Join(tmp, "clean")})
	if err != nil {
		return fmt.Errorf("clean build: %w", err)
	}
	clean := time.Since(start)
	fmt.Printf("clean build: %d records, %d files in %.2f s\n", res.Records, res.Files, clean.Seconds())
	out, cache := filepath.Join(tmp, "cli"), filepath.Join(tmp, "cache")
	if _, err := pipeline.Run(ctx, pipeline.Options{Source: site, Out: out, Cache: cache}); err != nil {
		return err
	}
	var noop []time.Duration
	for range 5 {
		res, err := pipeline.Run(ctx, pipeline.Options{Source: site, Out: out, Cache: cache})
		if err != nil {
			return err
		}
		if res.Changed != 0 {
			return fmt.Errorf("a rebuild with nothing changed changed %d files", res.Changed)
		}
		noop = append(noop, res.Duration)
	}
	m := median(noop)
	fmt.Printf("rebuild, nothing changed (gongkai build with its cache): median of 5 %.0f ms = %.1f%% of the clean build\n",
		ms(m), 100*m.Seconds()/clean.Seconds())
	os.RemoveAll(filepath.Join(tmp, "clean"))
	os.RemoveAll(out)

	// The live preview, on a copy of the site that the edits change.
	src := filepath.Join(tmp, "site")
	if err := os.CopyFS(src, os.DirFS(site)); err != nil {
		return err
	}
	model, err := pipeline.LoadModel(ctx, pipeline.Options{Source: src})
	if err != nil {
		return err
	}
	var records []struct{ rel, url, kind string }
	for _, e := range model.Catalogue.Records {
		if strings.HasSuffix(e.Rel, ".md") {
			records = append(records, struct{ rel, url, kind string }{e.Rel, e.URL, e.URL[:strings.IndexByte(e.URL[1:], '/')+2]})
		}
	}
	slices.SortFunc(records, func(a, b struct{ rel, url, kind string }) int { return strings.Compare(a.rel, b.rel) })
	logs := make(chan string, 1024)
	srv, err := serve.New(serve.Options{Source: src, Lang: "en", Logf: func(f string, args ...any) {
		select {
		case logs <- fmt.Sprintf(f, args...):
		default:
		}
	}})
	if err != nil {
		return err
	}
	defer srv.Close()
	start = time.Now()
	if err := srv.Build(ctx, false); err != nil {
		return err
	}
	fmt.Printf("serve: first build %.2f s\n", time.Since(start).Seconds())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Watch(wctx)
	events, err := stream(wctx, base+serve.Prefix+"events")
	if err != nil {
		return err
	}
	<-events                           // the state at connection
	time.Sleep(300 * time.Millisecond) // the watcher is set up
	drain(logs)

	var builds []time.Duration  // the preview's own figure for each rebuild before the reload
	var indexes []time.Duration // and for bringing the search index up to date after it
	edit := func(i int, title bool) (time.Duration, error) {
		r := records[(i*7919)%len(records)]
		p := filepath.Join(src, "content", filepath.FromSlash(r.rel))
		data, err := os.ReadFile(p)
		if err != nil {
			return 0, err
		}
		mark := fmt.Sprintf("编辑标记%d号", i)
		if title {
			data = titleLine.ReplaceAll(data, []byte("title: ${1}"+mark))
		} else {
			data = append(data, "\n"+mark+"。\n"...)
		}
		t0 := time.Now()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return 0, err
		}
		var ev string
		select {
		case ev = <-events:
		case <-time.After(30 * time.Second):
			return 0, fmt.Errorf("edit %d: no event within 30 s", i)
		}
		lat := time.Since(t0)
		if ev != "reload" {
			return 0, fmt.Errorf("edit %d: event %q, want reload", i, ev)
		}
		check := []string{r.url}
		if title {
			check = append(check, r.kind, "/catalogue.json")
		}
		for _, u := range check {
			body, err := get(base + u)
			if err != nil {
				return 0, err
			}
			if !strings.Contains(body, mark) && !(u == r.kind && !onFirstPage(body, r.url)) {
				return 0, fmt.Errorf("edit %d: %s does not show the edit after the reload", i, u)
			}
		}
		// Wait for the search index to catch up, so the next edit is a
		// rebuild of its own.
		for {
			select {
			case l := <-logs:
				var n, took, changed int
				if _, err := fmt.Sscanf(l, "built %d records in %d ms (%d files changed)", &n, &took, &changed); err == nil {
					builds = append(builds, time.Duration(took)*time.Millisecond)
				}
				if _, err := fmt.Sscanf(l, "updated the search index in %d ms", &took); err == nil {
					indexes = append(indexes, time.Duration(took)*time.Millisecond)
					return lat, nil
				}
			case <-time.After(60 * time.Second):
				return 0, fmt.Errorf("edit %d: the search index was not updated within 60 s", i)
			}
		}
	}
	n := 0
	for _, title := range []bool{false, true} {
		var lats []time.Duration
		builds, indexes = builds[:0], indexes[:0]
		for range edits {
			n++
			lat, err := edit(n, title)
			if err != nil {
				return err
			}
			lats = append(lats, lat)
		}
		what := "body"
		if title {
			what = "title"
		}
		fmt.Printf("serve: %d %s edits, write to reload event: median %.0f ms, p90 %.0f ms, min %.0f, max %.0f (the rebuild itself, as serve logs it: median %.0f ms; the search index after it: median %.0f ms)\n",
			edits, what, ms(median(lats)), ms(pct(lats, 90)), ms(slices.Min(lats)), ms(slices.Max(lats)), ms(median(builds)), ms(median(indexes)))
	}
	if memory > 0 {
		for i := 1; i <= memory; i++ {
			n++
			if _, err := edit(n, false); err != nil {
				return err
			}
			if i == 10 || i == memory {
				runtime.GC()
				var st runtime.MemStats
				runtime.ReadMemStats(&st)
				rss, hwm := procStatus("VmRSS"), procStatus("VmHWM")
				fmt.Printf("memory after edit %d: live heap %.0f MiB, heap in use %.0f MiB, RSS %s, peak RSS so far %s\n",
					i, float64(st.HeapAlloc)/(1<<20), float64(st.HeapInuse)/(1<<20), rss, hwm)
			}
		}
	}
	return nil
}

var titleLine = regexp.MustCompile(`(?m)^title: (.*)$`)

// onFirstPage reports whether a list page links the record at url; a list
// shows only its newest records, so an older record's title is not there.
func onFirstPage(body, url string) bool {
	return strings.Contains(body, strings.TrimPrefix(url, "/"))
}

// stream reads server-sent events and sends each event's name.
func stream(ctx context.Context, url string) (<-chan string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				out <- name
			}
		}
	}()
	return out, nil
}

func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(b), err
}

func drain(c chan string) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

func procStatus(key string) string {
	data, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func median(ds []time.Duration) time.Duration { return pct(ds, 50) }

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
