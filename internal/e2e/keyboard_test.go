package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement.
type focused struct {
	Tag       string  `json:"tag"`
	ID        string  `json:"id"`
	Class     string  `json:"class"`
	Text      string  `json:"text"`
	InMain    bool    `json:"inMain"`
	Left      float64 `json:"left"`
	Top       float64 `json:"top"`
	Right     float64 `json:"right"`
	Bottom    float64 `json:"bottom"`
	InView    bool    `json:"inView"`    // the whole box is inside the viewport
	OnTop     bool    `json:"onTop"`     // what is drawn at its centre is it
	Hash      string  `json:"hash"`      // location.hash, decoded
	Hidden    bool    `json:"hidden"`    // the skip link's box is outside the viewport
	SkipFound bool    `json:"skipFound"` // there is an a.skip at all
}

const focusedJS = `(() => {
	const e = document.activeElement || document.body;
	const r = e.getBoundingClientRect();
	const w = window.innerWidth, h = window.innerHeight;
	const at = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
	const s = document.querySelector('a.skip');
	const sr = s ? s.getBoundingClientRect() : null;
	return {
		tag: e.tagName.toLowerCase(), id: e.id, class: e.className || '',
		text: (e.textContent || '').trim().slice(0, 60),
		inMain: e.closest('main') !== null,
		left: r.left, top: r.top, right: r.right, bottom: r.bottom,
		inView: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h,
		onTop: at !== null && (at === e || e.contains(at)),
		hash: decodeURIComponent(location.hash),
		hidden: sr !== null && (sr.right <= 0 || sr.bottom <= 0 || sr.left >= w || sr.top >= h),
		skipFound: s !== null,
	};
})()`

func activeElement(t *testing.T, ctx context.Context) focused {
	t.Helper()
	return eval[focused](t, ctx, focusedJS)
}

// TestKeyboardSkipLink checks on a record page that the first Tab stop is
// the skip link, that it shows when focused, and that Enter on it moves the
// focus to the main content.
func TestKeyboardSkipLink(t *testing.T) {
	ctx := newTab(t)
	base, _ := servedFixture(t)
	record := base + "policy/2024-00001/"

	// Key events reach the page only when it has the focus; a headless tab
	// may not, so emulate it.
	do(t, ctx, "emulating focus", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	navigate(t, ctx, record)

	before := activeElement(t, ctx)
	if !before.SkipFound {
		t.Fatal("no a.skip link on the record page")
	}
	if !before.Hidden {
		t.Error("the skip link is inside the viewport before it has the focus; it should be hidden until focused")
	}

	// Tab through the first stops; the first is the skip link.
	var order []focused
	for range 5 {
		do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		order = append(order, activeElement(t, ctx))
	}
	for i, f := range order {
		t.Logf("Tab %d: <%s class=%q id=%q> %q", i+1, f.Tag, f.Class, f.ID, f.Text)
	}
	first := order[0]
	switch {
	case first.Tag != "a" || first.Class != "skip" || first.Text != "跳到正文":
		t.Fatalf("the first Tab focuses <%s class=%q> %q, want the skip link 跳到正文", first.Tag, first.Class, first.Text)
	case !first.InView:
		t.Errorf("the focused skip link is not inside the viewport: box (%v,%v)-(%v,%v)", first.Left, first.Top, first.Right, first.Bottom)
	case !first.OnTop:
		t.Error("the focused skip link is covered by another element")
	}
	if order[1].Class == "skip" {
		t.Error("the second Tab stays on the skip link")
	}

	// Again from a fresh load: Tab, then Enter on the skip link.
	navigate(t, ctx, record)
	do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
	if f := activeElement(t, ctx); f.Class != "skip" {
		t.Fatalf("after a reload the first Tab focuses <%s class=%q> %q, not the skip link", f.Tag, f.Class, f.Text)
	}
	do(t, ctx, "pressing Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, `document.activeElement && document.activeElement.id === 'main'`, "the focus to move to #main")
	if f := activeElement(t, ctx); f.Hash != "#main" {
		t.Errorf("after Enter on the skip link location.hash = %q, want #main", f.Hash)
	}

	// The next Tab continues inside the main content.
	do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
	if f := activeElement(t, ctx); !f.InMain {
		t.Errorf("the Tab after skipping focuses <%s class=%q> %q, outside <main>", f.Tag, f.Class, f.Text)
	}
}

// waitFor polls a JavaScript predicate until it is true.
func waitFor(t *testing.T, ctx context.Context, predicate, what string) {
	t.Helper()
	if err := try(ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingTimeout(actionTimeout/2))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
