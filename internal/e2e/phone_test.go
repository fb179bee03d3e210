package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPhone opens the bundled catalogue on a 375 px phone: the first
// search result shows without scrolling past the filters; and at 320 px
// no identifier (索引号, 文号, date) of a list or record breaks across
// lines.
func TestPhone(t *testing.T) {
	ctx := newTab(t)
	base, pages := servedCatalogue(t)
	do(t, ctx, "setting the viewport", chromedp.EmulateViewport(375, 667))

	navigate(t, ctx, base+"search/?q="+"物业")
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	_, err := chromedp.Run(actx, chromedp.Poll[bool](`document.querySelector('#search-results li') !== null`,
		chromedp.WithPollingInterval(50*time.Millisecond)))
	cancel()
	if err != nil {
		t.Fatalf("no search result appeared: %v", err)
	}
	if top := eval[float64](t, ctx, `document.querySelector('#search-results li').getBoundingClientRect().top`); top >= 667 {
		t.Errorf("at 375 px the first search result starts %.0f px down, below the 667 px screen", top)
	}

	do(t, ctx, "setting the viewport", chromedp.EmulateViewport(320, 640))
	urls := []string{"policy/", "notice/", "years/2024/"}
	for _, p := range pages {
		if strings.HasPrefix(p.Type, "record") {
			urls = append(urls, p.URL)
		}
	}
	for _, u := range urls {
		navigate(t, ctx, base+u)
		broken := eval[[]string](t, ctx, `(() => {
			const out = [];
			for (const e of document.querySelectorAll('main .index-no, main .doc-no, main time, main .brief dd')) {
				const r = document.createRange();
				r.selectNodeContents(e);
				const tops = new Set(Array.from(r.getClientRects(), x => Math.round(x.top)));
				if (tops.size > 1) out.push(e.textContent.trim());
			}
			return out;
		})()`)
		if len(broken) > 0 {
			t.Errorf("%s at 320 px: identifiers break across lines: %q", u, broken)
		}
	}
}

// TestPhoneScreenshots keeps a screenshot of one page of each page type
// at 375 px and 1280 px in the artifacts folder (phone/).
func TestPhoneScreenshots(t *testing.T) {
	ctx := newTab(t)
	base, pages := servedCatalogue(t)
	dir := artifactsDir(t, "phone")
	unsafe := regexp.MustCompile(`[^\p{L}\p{N}._-]+`)
	for _, w := range []int64{375, 1280} {
		do(t, ctx, "setting the viewport", chromedp.EmulateViewport(w, 900))
		for _, p := range pages {
			if strings.HasPrefix(p.Type, "+ ") {
				continue // one page of each type is enough
			}
			navigate(t, ctx, base+p.URL)
			shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("%s: screenshot: %v", p.Rel, err)
			}
			name := "w" + strconv.FormatInt(w, 10) + "-" + strings.Trim(unsafe.ReplaceAllString(strings.TrimSuffix(p.Rel, ".html"), "_"), "_") + ".png"
			if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
