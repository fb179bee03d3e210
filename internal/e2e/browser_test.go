// Package e2e holds browser tests: it builds sites with the build package and
// opens them in a headless Chromium driven by chromedp, from file:// and from
// a local HTTP server on 127.0.0.1.
//
// The tests need the Debian package chromium. Without it they skip; .ci/run
// installs it, so in CI they run.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/pipeline"
)

const (
	actionTimeout = 30 * time.Second // one browser action
	testTimeout   = 3 * time.Minute  // one whole test
	startTimeout  = 60 * time.Second // starting Chromium
)

// The one browser of this test binary, started by TestMain. browser is nil
// when skipReason or startErr says why.
var (
	browser    context.Context
	skipReason string
	startErr   error
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	exe := chromiumPath()
	if exe == "" {
		skipReason = "chromium is missing (not at /usr/bin/chromium nor on PATH); " +
			"install the Debian package chromium — .ci/run installs it"
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "gongkai-e2e-profile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir) // runs last: after Chromium has exited

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc() // waits for the Chromium process to exit
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	// The first Run starts the browser and binds it to ctx, so it has no
	// timeout of its own; a watchdog cancels a start that hangs instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		cancel()
		err = fmt.Errorf("no answer after %v", startTimeout)
	}
	if err != nil {
		startErr = fmt.Errorf("starting %s: %w", exe, err)
	} else {
		browser = ctx
	}
	return m.Run()
}

// chromiumPath is /usr/bin/chromium, or chromium on PATH, or "".
func chromiumPath() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// newTab opens a tab of the shared browser for the test, closed when the
// test ends. The test as a whole gets testTimeout. It skips the test when
// Chromium is not installed.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if skipReason != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s; in CI that is a failure of .ci/run, not a reason to skip", skipReason)
		}
		t.Skip(skipReason)
	}
	if startErr != nil {
		t.Fatal(startErr)
	}
	testCtx, cancelTest := context.WithTimeout(browser, testTimeout)
	tab, cancelTab := chromedp.NewContext(testCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelTest()
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// try runs the actions with actionTimeout.
func try(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	return chromedp.Do(actx, steps...)
}

// do runs the actions with actionTimeout and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := try(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := tryEval[T](ctx, expr)
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func tryEval[T any](ctx context.Context, expr string) (T, error) {
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	return chromedp.Run(actx, chromedp.Evaluate[T](expr))
}

// navigate opens the URL and waits for the load event.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, "opening "+url, chromedp.Navigate(url))
}

// clickAndWait clicks the first element that the XPath finds and waits for
// the page it leads to to load.
func clickAndWait(t *testing.T, ctx context.Context, xpath string) {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	_, err := chromedp.Run(actx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.Search(xpath))))
	if err != nil {
		t.Fatalf("clicking %s: %v", xpath, err)
	}
}

// js quotes s as a JavaScript string literal.
func js(s string) string { return strconv.Quote(s) }

// pageState is what the tests read from a loaded page.
type pageState struct {
	URL      string   `json:"url"`
	Path     string   `json:"path"` // location.pathname, percent-decoded
	Title    string   `json:"title"`
	H1       string   `json:"h1"`
	HasMain  bool     `json:"hasMain"`
	Sheets   []string `json:"sheets"`   // href of each document.styleSheets entry
	HeaderBG string   `json:"headerBg"` // computed background-color of .site-header ("" without one)
	IDs      []string `json:"ids"`
	Links    []link   `json:"links"`
}

type link struct {
	Raw string `json:"raw"` // the href attribute as written
	Abs string `json:"abs"` // as the browser resolved it
}

const pageStateJS = `(() => {
	const h = document.querySelector('.site-header');
	const h1 = document.querySelector('h1');
	return {
		url: location.href,
		path: decodeURIComponent(location.pathname),
		title: document.title,
		h1: h1 ? h1.textContent.trim() : '',
		hasMain: document.querySelector('main') !== null,
		sheets: Array.from(document.styleSheets, s => s.href || ''),
		headerBg: h ? getComputedStyle(h).backgroundColor : '',
		ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
		links: Array.from(document.querySelectorAll('a[href]'), a => ({raw: a.getAttribute('href'), abs: a.href})),
	};
})()`

func state(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	return eval[pageState](t, ctx, pageStateJS)
}

// fixtureSite is the small site of the build package's tests.
const fixtureSite = "../pipeline/testdata/site"

// buildSite builds source into a new temporary folder and returns it.
func buildSite(t *testing.T, source string, offline bool) string {
	t.Helper()
	out, res, err := tryBuild(t, source, offline)
	if err != nil {
		logDiagnostics(t, res, 20)
		t.Fatalf("building %s: %v", source, err)
	}
	return out
}

func tryBuild(t *testing.T, source string, offline bool) (string, *pipeline.Result, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := pipeline.Run(ctx, pipeline.Options{Source: source, Out: out, Offline: offline})
	return out, res, err
}

func logDiagnostics(t *testing.T, res *pipeline.Result, max int) {
	t.Helper()
	if res == nil {
		return
	}
	for i, d := range res.Diagnostics {
		if i == max {
			t.Logf("… and %d more", len(res.Diagnostics)-max)
			break
		}
		t.Log(d)
	}
}

// siteTitle reads the title from source/content/site.yaml.
func siteTitle(t *testing.T, source string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(source, "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var site struct {
		Title string `yaml:"title"`
	}
	if err := yaml.Unmarshal(data, &site); err != nil {
		t.Fatalf("site.yaml: %v", err)
	}
	if site.Title == "" {
		t.Fatal("site.yaml has no title")
	}
	return site.Title
}

// serve serves the folder under prefix (like "/gk/sub/") on a random
// 127.0.0.1 port and returns the URL of the prefix. When the test ends it
// fails the test for each request under the prefix that got a 4xx or 5xx.
func serve(t *testing.T, dir, prefix string) string {
	t.Helper()
	var (
		mu  sync.Mutex
		bad []string
	)
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		files.ServeHTTP(rec, r)
		if rec.status >= 400 {
			mu.Lock()
			bad = append(bad, fmt.Sprintf("%d %s (referer %s)", rec.status, r.URL.Path, r.Referer()))
			mu.Unlock()
		}
	}))
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(func() {
		srv.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, b := range bad {
			t.Errorf("the server answered %s", b)
		}
	})
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server is not on 127.0.0.1: %s", srv.URL)
	}
	return srv.URL + prefix
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// waitPath waits until the decoded location.pathname of the page is want.
func waitPath(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	_, err := chromedp.Run(actx, chromedp.Poll[bool](
		`document.readyState === 'complete' && decodeURIComponent(location.pathname) === `+js(want),
		chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(actionTimeout-5*time.Second)))
	if err != nil {
		got, _ := tryEval[string](ctx, `decodeURIComponent(location.pathname)`)
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, chromedp.ErrPollingTimeout) {
			t.Fatalf("the page is at %q, want %q", got, want)
		}
		t.Fatalf("waiting for %q (at %q): %v", want, got, err)
	}
}
