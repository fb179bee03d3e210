package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const hostileRecord = `---
index_no: ABC/2024-00001
title: <script>window.__pwned=1</script>标题
published: 2024-05-10
summary: <img src=x onerror="window.__pwned=2">
---
正文 <script>window.__pwned=3</script>

[click](javascript:window.__pwned=4)

<div onmouseover="window.__pwned=5">x</div>
`

// TestHostileContentIsInert builds a record whose title, summary and body
// try to run script, opens it, hovers and clicks, and checks that nothing
// ran and that the markup shows as text.
func TestHostileContentIsInert(t *testing.T) {
	ctx := newTab(t)

	source := t.TempDir()
	writeFile(t, filepath.Join(source, "content", "site.yaml"), "title: 测试站点\n")
	writeFile(t, filepath.Join(source, "content", "notices", "2024", "x.md"), hostileRecord)
	base := serve(t, buildSite(t, source, false), prefix)

	// Find the record from the home page, as a reader would.
	navigate(t, ctx, base)
	href := eval[string](t, ctx, `(() => {
		const a = document.querySelector('.latest a[href]');
		return a ? a.href : '';
	})()`)
	if href == "" {
		t.Fatal("the home page lists no record")
	}
	navigate(t, ctx, href)
	t.Logf("record page: %s", eval[string](t, ctx, `decodeURIComponent(location.pathname)`))
	expectPwnedUndefined(t, ctx, "after loading")

	type report struct {
		Title      string   `json:"title"`
		H1         string   `json:"h1"`
		Text       string   `json:"text"`
		Scripts    []string `json:"scripts"`    // scripts that mention __pwned
		Handlers   []string `json:"handlers"`   // elements with on* attributes
		JSLinks    []string `json:"jsLinks"`    // links with a javascript: URL
		Images     int      `json:"images"`     // img elements
		ClickHref  *string  `json:"clickHref"`  // href of the "click" link, if it is one
		HoverBoxes []box    `json:"hoverBoxes"` // the body's elements, to hover
	}
	r := eval[report](t, ctx, `(() => {
		const on = [];
		for (const e of document.querySelectorAll('*')) {
			for (const a of e.attributes) {
				if (a.name.toLowerCase().startsWith('on')) on.push('<' + e.tagName.toLowerCase() + ' ' + a.name + '="' + a.value + '">');
			}
		}
		const click = Array.from(document.querySelectorAll('main a')).find(a => a.textContent.trim() === 'click');
		const boxes = [];
		for (const e of document.querySelectorAll('main .body, main .body *, main h1, main table td')) {
			e.scrollIntoView({block: 'center'});
			const b = e.getBoundingClientRect();
			if (b.width > 0 && b.height > 0) boxes.push({x: b.left + b.width / 2, y: b.top + b.height / 2, scrollY: window.scrollY});
		}
		window.scrollTo(0, 0);
		return {
			title: document.title,
			h1: (document.querySelector('h1') || {textContent: ''}).textContent,
			text: document.body.innerText,
			scripts: Array.from(document.scripts).filter(s => { if (s.type !== 'application/ld+json') return true; try { JSON.parse(s.text); return false } catch (e) { return true } }).map(s => s.outerHTML).filter(s => s.includes('__pwned')),
			handlers: on,
			jsLinks: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')).filter(h => /^\s*javascript:/i.test(h)),
			images: document.images.length,
			clickHref: click ? click.getAttribute('href') : null,
			hoverBoxes: boxes,
		};
	})()`)

	const titleText = "<script>window.__pwned=1</script>标题"
	if !strings.Contains(r.Text, "<script>") {
		t.Errorf("the literal text <script> is not in the page text")
	}
	if r.H1 != titleText {
		t.Errorf("h1 = %q, want the title as text %q", r.H1, titleText)
	}
	if !strings.HasPrefix(r.Title, titleText) {
		t.Errorf("document.title = %q, want it to start with %q", r.Title, titleText)
	}
	if !strings.Contains(r.Text, `<img src=x onerror="window.__pwned=2">`) {
		t.Errorf("the summary is not shown as text")
	}
	if !strings.Contains(r.Text, "<script>window.__pwned=3</script>") {
		t.Errorf("the <script> in the body is not shown as text")
	}
	for _, s := range r.Scripts {
		t.Errorf("the page has a script element from the content: %s", s)
	}
	for _, h := range r.Handlers {
		t.Errorf("the page has an event handler attribute: %s", h)
	}
	for _, h := range r.JSLinks {
		t.Errorf("the page has a javascript: link: %q", h)
	}
	if r.Images != 0 {
		t.Errorf("the page has %d img element(s); the summary's <img> should be text", r.Images)
	}

	// Hover everything in the body (the <div onmouseover> among it, if it
	// were an element).
	for _, b := range r.HoverBoxes {
		do(t, ctx, "hovering",
			chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, "+ftoa(b.ScrollY)+")"),
			chromedp.MouseEvent(chromedp.MouseMoved, b.X, b.Y))
	}
	expectPwnedUndefined(t, ctx, "after hovering")

	// Click the link, if it is one. A click that navigates away would hide
	// what ran before the unload, so note __pwned when the page goes.
	if r.ClickHref == nil {
		t.Log(`the body's [click](javascript:…) is not a link`)
	} else {
		t.Logf(`the body's [click](javascript:…) is a link with href %q`, *r.ClickHref)
		do(t, ctx, "watching the unload", chromedp.Evaluate[chromedp.Void](`(() => {
			sessionStorage.removeItem('pwnedAtUnload');
			addEventListener('pagehide', () => sessionStorage.setItem('pwnedAtUnload', String(window.__pwned)));
		})()`))
		lctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := chromedp.Run(lctx, chromedp.WaitEvent(page.LoadEventFired, nil,
			chromedp.Click(chromedp.Search(`//main//a[normalize-space()="click"]`))))
		cancel()
		switch {
		case err == nil:
			t.Logf("clicking it loaded %s", eval[string](t, ctx, `decodeURIComponent(location.href)`))
		case errors.Is(err, context.DeadlineExceeded):
			t.Log("clicking it loaded no page")
		default:
			t.Fatalf("clicking the link: %v", err)
		}
		waitFor(t, ctx, `document.readyState === 'complete'`, "the page to settle")
		if v := eval[string](t, ctx, `String(sessionStorage.getItem('pwnedAtUnload'))`); v != "null" && v != "undefined" {
			t.Errorf("window.__pwned was %s when the page unloaded after the click", v)
		}
	}
	expectPwnedUndefined(t, ctx, "after clicking")
}

type box struct {
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	ScrollY float64 `json:"scrollY"`
}

func expectPwnedUndefined(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	if v := eval[string](t, ctx, `typeof window.__pwned === 'undefined' ? 'undefined' : String(window.__pwned)`); v != "undefined" {
		t.Errorf("%s: window.__pwned = %s; content ran as script", when, v)
	}
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
