package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// loadServer serves the built example catalogue and watches the search
// index's requests: it holds back the filter table (search/f.*.js) until a
// term shard (search/t*.js) has been asked for, or until a deadline that
// only a page loading the two one after the other reaches; and it can
// answer the first request for one file (by path prefix) with a 404.
type loadServer struct {
	mu        sync.Mutex
	shardSeen chan struct{}
	seenOnce  sync.Once
	fail      string // answer the next request under this path prefix with 404
	fHeld     []bool
}

// startLoadServer builds the example catalogue and serves it on 127.0.0.1,
// failing the first request under the path prefix fail (none if empty);
// it returns the server and the search page's URL with query q.
func startLoadServer(t *testing.T, fail, q string) (*loadServer, string) {
	t.Helper()
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	s := &loadServer{shardSeen: make(chan struct{}), fail: fail}
	srv := httptest.NewServer(s.handler(buildSite(t, source, false)))
	t.Cleanup(srv.Close)
	return s, srv.URL + "/search/?q=" + q
}

func (s *loadServer) handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		s.mu.Lock()
		fail := s.fail != "" && strings.HasPrefix(p, s.fail)
		if fail {
			s.fail = ""
		}
		s.mu.Unlock()
		if fail {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasPrefix(p, "/search/t") && strings.HasSuffix(p, ".js"):
			s.seenOnce.Do(func() { close(s.shardSeen) })
		case strings.HasPrefix(p, "/search/f.") && strings.HasSuffix(p, ".js"):
			held := false
			select {
			case <-s.shardSeen:
				held = true
			case <-time.After(10 * time.Second):
			}
			s.mu.Lock()
			s.fHeld = append(s.fHeld, held)
			s.mu.Unlock()
		}
		files.ServeHTTP(w, r)
	})
}

// TestSearchLoadsFiltersWithShards checks that a query does not wait for
// the filter table before asking for its term shards: the server answers
// the filter table only once a shard has been asked for. A page that
// loaded them one after the other would get the table only after the
// server's deadline, and fail.
func TestSearchLoadsFiltersWithShards(t *testing.T) {
	ctx := newTab(t)
	s, u := startLoadServer(t, "", "住房")
	navigate(t, ctx, u)
	waitFor(t, ctx, `/\d/.test(document.getElementById('search-status').textContent) || /失败|did not load/.test(document.getElementById('search-status').textContent)`, "the query's status")
	status := eval[string](t, ctx, `document.getElementById('search-status').textContent`)
	s.mu.Lock()
	held := s.fHeld
	s.mu.Unlock()
	if len(held) != 1 || !held[0] {
		t.Fatalf("filter table requests: %v (true: a term shard was asked for first); want one, after a shard; status %q", held, status)
	}
	if !strings.Contains(status, "找到") {
		t.Fatalf("status %q, want results", status)
	}
}

// TestSearchRetriesAfterFailedLoad checks that a query whose filter table
// failed to load says so, and that the next query loads it again rather
// than failing for good; and that an entry the page failed to load beside
// search.js is loaded again by the query itself.
func TestSearchRetriesAfterFailedLoad(t *testing.T) {
	for _, file := range []string{"/search/index.js", "/search/f."} {
		t.Run(strings.Trim(file, "/."), func(t *testing.T) {
			ctx := newTab(t)
			_, u := startLoadServer(t, file, "住房")
			navigate(t, ctx, u)
			if file == "/search/index.js" {
				waitFor(t, ctx, `/找到/.test(document.getElementById('search-status').textContent)`, "results of the query, the entry loaded again")
				return
			}
			waitFor(t, ctx, `/失败|did not load/.test(document.getElementById('search-status').textContent)`, "the failure to be reported")
			eval[bool](t, ctx, `(document.getElementById('search-q').value = '', true)`)
			do(t, ctx, "typing a second query",
				chromedp.Click("#search-q"),
				chromedp.SendKeys("#search-q", "建设"),
				chromedp.KeyEvent(kb.Enter))
			waitFor(t, ctx, `/找到/.test(document.getElementById('search-status').textContent)`, "results of the second query")
		})
	}
}
