package e2e

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFooterLabelsDoNotWrap opens a page of the bundled catalogue, whose
// footer holds every contact and identity item, at widths from 320 px to
// 1920 px: no label of the footer (电子邮箱, 地址, 网站标识码 …) may break
// across lines, as a squeezed flex item's does, one character a line.
func TestFooterLabelsDoNotWrap(t *testing.T) {
	ctx := newTab(t)
	out := buildSite(t, exampleSite, false)
	writeFile(t, filepath.Join(out, "favicon.ico"), "") // asked for by the browser, not linked
	base := serve(t, out, "/")
	for _, w := range []int64{320, 375, 768, 1024, 1280, 1440, 1920} {
		do(t, ctx, "setting the viewport", chromedp.EmulateViewport(w, 900))
		navigate(t, ctx, base+"sitemap/")
		r := eval[struct {
			Labels  int      `json:"labels"`
			Wrapped []string `json:"wrapped"`
		}](t, ctx, `(() => {
			const wrapped = [];
			const labels = document.querySelectorAll('.site-footer dt');
			for (const dt of labels) {
				const range = document.createRange();
				range.selectNodeContents(dt);
				const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
				if (tops.size > 1) wrapped.push(dt.textContent + ' on ' + tops.size + ' lines');
			}
			return {labels: labels.length, wrapped};
		})()`)
		if r.Labels < 8 {
			t.Fatalf("at %d px: %d labels in the footer; want the agency's and the identity items (8 or more)", w, r.Labels)
		}
		if len(r.Wrapped) > 0 {
			t.Errorf("at %d px the footer's labels wrap inside a word: %v", w, r.Wrapped)
		}
	}
}
