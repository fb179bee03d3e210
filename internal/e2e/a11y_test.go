package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// servedCatalogue builds the bundled catalogue (not offline), serves it and
// returns its URL and the pages that stand for each page type.
func servedCatalogue(t *testing.T) (base string, pages []samplePage) {
	t.Helper()
	out := buildSite(t, exampleSite, false)
	pages = samplePages(t, out)
	t.Logf("%d pages stand for the page types of the bundled catalogue", len(pages))
	// A redirect page leaves at once; to check it, open a copy beside it
	// without the refresh.
	for i, p := range pages {
		if p.Type != "alias" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, p.Rel))
		if err != nil {
			t.Fatal(err)
		}
		kept := metaRefresh.ReplaceAll(data, nil)
		if len(kept) == len(data) {
			t.Fatalf("%s: no meta refresh found to remove", p.Rel)
		}
		pages[i].URL = strings.TrimSuffix(p.URL, ".html") + ".no-refresh.html"
		writeFile(t, filepath.Join(out, filepath.FromSlash(pages[i].URL)), string(kept))
	}
	// At the root: the 404 page links from the root, wherever it is asked
	// for. The site has no icon, so a browser asks for /favicon.ico there,
	// which is no link of the site's; answer it rather than count a 404.
	writeFile(t, filepath.Join(out, "favicon.ico"), "")
	return serve(t, out, "/"), pages
}

var metaRefresh = regexp.MustCompile(`(?i)<meta http-equiv="refresh"[^>]*>`)

type axeResult struct {
	Violations   []axeRule `json:"violations"`
	Incomplete   []axeRule `json:"incomplete"`
	Passes       int       `json:"passes"`
	Inapplicable int       `json:"inapplicable"`
}

type axeRule struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAxe runs axe-core's WCAG 2.0/2.1 A and AA rules in Chromium over one
// page of every page type: no violations allowed. Results axe cannot decide
// ("incomplete", such as contrast over an image) are logged.
func TestAxe(t *testing.T) {
	src := axeSource(t)
	ctx := newTab(t)
	base, pages := servedCatalogue(t)

	rules := -1
	for _, p := range pages {
		navigate(t, ctx, base+p.URL)
		r, err := runAxe(ctx, src)
		if err != nil {
			t.Fatalf("%s: running axe: %v", p.Rel, err)
		}
		if rules < 0 {
			rules = eval[int](t, ctx, `axe.getRules(`+axeTags+`).length`)
			t.Logf("axe-core %s: %d rules tagged %s", eval[string](t, ctx, `axe.version`), rules, axeTags)
		}
		for _, v := range r.Violations {
			var where []string
			for i, n := range v.Nodes {
				if i == 5 {
					where = append(where, fmt.Sprintf("… and %d more", len(v.Nodes)-5))
					break
				}
				where = append(where, fmt.Sprintf("%v %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t")))
			}
			t.Errorf("%s (%s): %s [%s, %s]\n\t%s", p.Rel, p.Type, v.Help, v.ID, v.Impact, strings.Join(where, "\n\t"))
		}
		for _, v := range r.Incomplete {
			t.Logf("%s: axe could not decide %s (%d elements): %s", p.Rel, v.ID, len(v.Nodes), v.Help)
		}
		if r.Passes == 0 {
			t.Errorf("%s: axe passed no rule at all; it did not run", p.Rel)
		}
	}
	t.Logf("axe checked %d pages", len(pages))
}

func runAxe(ctx context.Context, src string) (axeResult, error) {
	if _, err := tryEval[bool](ctx, src+"\n;true"); err != nil {
		return axeResult{}, fmt.Errorf("loading axe.min.js: %w", err)
	}
	actx, cancel := context.WithTimeout(ctx, 2*actionTimeout)
	defer cancel()
	return chromedp.Run(actx, chromedp.Evaluate[axeResult](`axe.run(document, {runOnly: {type: 'tag', values: `+axeTags+`}, resultTypes: ['violations', 'incomplete']})
		.then(r => ({violations: r.violations, incomplete: r.incomplete, passes: r.passes.length, inapplicable: r.inapplicable.length}))`,
		chromedp.EvalAwaitPromise))
}

// TestAxeCatchesViolations proves axe runs and its report is read: a page
// with an image without alt and an unlabelled field has violations.
func TestAxeCatchesViolations(t *testing.T) {
	src := axeSource(t)
	ctx := newTab(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.html"), `<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="a.png"><input type="text"></main></body></html>`)
	navigate(t, ctx, fileURL(filepath.Join(dir, "index.html")))
	r, err := runAxe(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, v := range r.Violations {
		ids[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !ids[want] {
			t.Errorf("axe did not report %s; it reported %v", want, ids)
		}
	}
}

// focusStop is what one Tab press focused.
type focusStop struct {
	N       int    `json:"n"`       // index in the list of focusable elements; -1: not in it
	Desc    string `json:"desc"`    // tag, class and text, for messages
	Body    bool   `json:"body"`    // the focus left the page's elements
	Visible bool   `json:"visible"` // its box has a size
}

// focusJS lists the page's focusable elements once and then, on each call,
// says which the focus is on and keeps its computed style.
const focusJS = `(() => {
	if (!window.__gkFocus) {
		const sel = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable=true]';
		const all = Array.from(document.querySelectorAll(sel)).filter(e => {
			const s = getComputedStyle(e);
			// Not what is folded away in a closed <details> (but its summary).
			const d = e.closest('details');
			if (d && !d.open && !e.closest('summary')) return false;
			return e.getClientRects().length > 0 && s.visibility !== 'hidden' && !e.closest('[inert], [hidden]') &&
				(!e.checkVisibility || e.checkVisibility({visibilityProperty: true}));
		});
		window.__gkFocus = {all: all, focused: new Map()};
	}
	const g = window.__gkFocus;
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return {n: -1, desc: 'body', body: true};
	const s = getComputedStyle(e);
	g.focused.set(e, [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.textDecorationThickness, s.borderTopColor, s.borderBottomColor, s.borderBottomWidth].join('|'));
	const r = e.getBoundingClientRect();
	return {
		n: g.all.indexOf(e),
		desc: '<' + e.tagName.toLowerCase() + (e.className ? ' class="' + e.className + '"' : '') + '> ' + (e.textContent || e.value || '').trim().slice(0, 40),
		body: false,
		visible: r.width > 0 && r.height > 0,
	};
})()`

// unfocusedJS blurs the focus and returns, for each element that had it,
// whether its style without the focus is the same as with it.
const unfocusedJS = `(() => {
	const g = window.__gkFocus;
	document.activeElement && document.activeElement.blur();
	const same = [];
	for (const [e, style] of g.focused) {
		const s = getComputedStyle(e);
		const now = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.textDecorationThickness, s.borderTopColor, s.borderBottomColor, s.borderBottomWidth].join('|');
		if (now === style) same.push('<' + e.tagName.toLowerCase() + (e.className ? ' class="' + e.className + '"' : '') + '> ' + (e.textContent || '').trim().slice(0, 40) + ' [' + style + ']');
	}
	const missed = g.all.filter(e => !g.focused.has(e)).map(e => '<' + e.tagName.toLowerCase() + '> ' + (e.textContent || '').trim().slice(0, 40) + ' ' + (e.getAttribute('href') || ''));
	return {same: same, missed: missed, total: g.all.length};
})()`

// TestKeyboardFocusVisible tabs through one page of every page type with
// the keyboard alone: every link and control is reached, and each looks
// different while it has the focus (outline, background, …).
func TestKeyboardFocusVisible(t *testing.T) {
	ctx := newTab(t)
	base, pages := servedCatalogue(t)
	do(t, ctx, "emulating focus", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	stops := 0
	for _, p := range pages {
		navigate(t, ctx, base+p.URL)
		eval[focusStop](t, ctx, focusJS) // lists the focusable elements
		total := eval[int](t, ctx, `window.__gkFocus.all.length`)
		seen := map[int]bool{}
		for i := 0; i <= total+2; i++ {
			actx, cancel := context.WithTimeout(ctx, actionTimeout)
			_, err := chromedp.Run(actx, chromedp.KeyEvent(kb.Tab))
			var s focusStop
			if err == nil {
				s, err = chromedp.Run(actx, chromedp.Evaluate[focusStop](focusJS))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s: Tab %d: %v", p.Rel, i+1, err)
			}
			if s.Body || (s.N >= 0 && seen[s.N]) {
				break // the focus left the page or came round again
			}
			stops++
			if s.N < 0 {
				t.Errorf("%s: Tab %d focuses %s, which is not a link or control", p.Rel, i+1, s.Desc)
			}
			if !s.Visible {
				t.Errorf("%s: Tab %d focuses %s, which has no size on screen", p.Rel, i+1, s.Desc)
			}
			seen[s.N] = true
		}
		var r struct {
			Same   []string `json:"same"`
			Missed []string `json:"missed"`
			Total  int      `json:"total"`
		}
		r = eval[struct {
			Same   []string `json:"same"`
			Missed []string `json:"missed"`
			Total  int      `json:"total"`
		}](t, ctx, unfocusedJS)
		for _, m := range r.Missed {
			t.Errorf("%s (%s): Tab never reaches %s", p.Rel, p.Type, m)
		}
		for _, s := range r.Same {
			t.Errorf("%s (%s): no visible focus: %s looks the same with and without the focus", p.Rel, p.Type, s)
		}
		if r.Total == 0 {
			t.Errorf("%s: no focusable element at all", p.Rel)
		}
	}
	t.Logf("%d Tab stops on %d pages", stops, len(pages))
}

// TestReflow opens one page of every page type at 200%% zoom (a 1280×900
// window at device scale 2 is a 640 px wide layout viewport) and on a 360
// px wide phone: the page must not scroll sideways (only regions made to
// scroll, like a wide table, may). Screenshots go to the artifacts folder.
func TestReflow(t *testing.T) {
	ctx := newTab(t)
	base, pages := servedCatalogue(t)
	dir := artifactsDir(t, "reflow")
	t.Logf("screenshots in %s", dir)
	unsafe := regexp.MustCompile(`[^\p{L}\p{N}._-]+`)
	for _, v := range []struct {
		name          string
		width, height int64
		scale         float64
	}{
		{"zoom200", 640, 450, 2},
		{"w360", 360, 740, 1},
	} {
		do(t, ctx, "setting the viewport", chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)))
		for _, p := range pages {
			navigate(t, ctx, base+p.URL)
			var r struct {
				ScrollWidth int      `json:"scrollWidth"`
				InnerWidth  int      `json:"innerWidth"`
				Culprits    []string `json:"culprits"`
			}
			r = eval[struct {
				ScrollWidth int      `json:"scrollWidth"`
				InnerWidth  int      `json:"innerWidth"`
				Culprits    []string `json:"culprits"`
			}](t, ctx, `(() => {
				const w = window.innerWidth;
				const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
				const culprits = [];
				for (const e of document.body.querySelectorAll('*')) {
					const b = e.getBoundingClientRect();
					if (b.width > 0 && b.right > w + 0.5 && !scrolls(e)) culprits.push('<' + e.tagName.toLowerCase() + (e.className ? ' class="' + e.className + '"' : '') + '> right edge ' + Math.round(b.right) + ': ' + (e.textContent || '').trim().slice(0, 40));
				}
				return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w, culprits: culprits.slice(0, 8)};
			})()`)
			if r.ScrollWidth > r.InnerWidth {
				t.Errorf("%s (%s) at %s: the page scrolls sideways: scrollWidth %d > innerWidth %d; overflowing: %s",
					p.Rel, p.Type, v.name, r.ScrollWidth, r.InnerWidth, strings.Join(r.Culprits, "; "))
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(75))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", p.Rel, err)
			}
			name := v.name + "-" + strings.Trim(unsafe.ReplaceAllString(strings.TrimSuffix(p.Rel, ".html"), "_"), "_") + ".jpg"
			if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
