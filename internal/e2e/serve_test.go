package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	preview "github.com/gongkai/gongkai/internal/serve"
)

// waitAcrossReloads evaluates cond until it holds, through the page's own
// reloads (which interrupt any single evaluation).
func waitAcrossReloads(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for time.Now().Before(deadline) {
		if ok, err := tryEval[bool](ctx, cond); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: not within %s", what, actionTimeout)
}

// TestServeReloadsOpenPage: a page open in Chromium reloads when its record
// is edited, shows the errors of a broken build over the last good page,
// and clears them when the record is fixed.
func TestServeReloadsOpenPage(t *testing.T) {
	ctx := newTab(t)
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(fixtureSite)); err != nil {
		t.Fatal(err)
	}
	s, err := preview.New(preview.Options{Source: src, Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Build(wctx, false); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	defer s.Close() // first: ends the page's event stream, so hs.Close need not wait
	defer cancel()
	go s.Watch(wctx)

	navigate(t, ctx, hs.URL+"/notice/2024-00003/")
	// The page is connected once the live script has its first state.
	waitFor(t, ctx, `window.gongkaiLive === "connected"`, "the live connection")
	time.Sleep(300 * time.Millisecond)
	eval[bool](t, ctx, `window.__gongkaiMark = true`)

	notice := filepath.Join(src, "content/notices/2024/tongzhi.md")
	edit := func(body string) {
		if err := os.WriteFile(notice, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 浏览器里改过的通知\npublished: 2024-05-10\n---\n正文\n")
	waitAcrossReloads(t, ctx, `document.querySelector('h1') && document.querySelector('h1').textContent === '浏览器里改过的通知' && window.__gongkaiMark === undefined`, "the page to reload with the new title")

	edit("---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 坏\npublished: 2024-02-30\n---\n")
	waitAcrossReloads(t, ctx, `(document.getElementById('gongkai-errors') || {}).textContent?.includes('content/notices/2024/tongzhi.md:4:12')`, "the error overlay")
	if h1 := eval[string](t, ctx, `document.querySelector('main h1').textContent`); h1 != "浏览器里改过的通知" {
		t.Errorf("under the overlay the page shows %q, want the last good one", h1)
	}

	edit("---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 修好了的通知\npublished: 2024-05-10\n---\n正文\n")
	waitAcrossReloads(t, ctx, `!document.getElementById('gongkai-errors') && document.querySelector('h1').textContent === '修好了的通知'`, "the fixed page without overlay")
}
