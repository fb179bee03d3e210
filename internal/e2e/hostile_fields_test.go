package e2e

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// payload is what a hostile editor writes into a field: a script element,
// an image with an event handler and a marker naming the field, so the
// test can tell that the field did reach a page (as text).
func payload(field string) string {
	return `<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>[` + field + `]`
}

// ysq quotes s as a single-quoted YAML scalar.
func ysq(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// hostileSite writes a site whose every free-text field that reaches a page,
// in site.yaml and in front matter, holds the payload, and whose bodies
// try every way Markdown has to make a script or javascript: link.
func hostileSite(t *testing.T) (source string, fields []string) {
	t.Helper()
	source = t.TempDir()
	c := filepath.Join(source, "content")
	// agency.email becomes a mailto: link, so it must be an address: markup
	// there is rejected (see the config tests).
	agency := []string{"name", "address", "postcode", "phone", "office_hours"}
	var b strings.Builder
	b.WriteString("title: " + ysq(payload("site.title")) + "\nbase_url: https://gk.example.gov.cn/\nagency:\n  code: ABC\n  email: gk@example.gov.cn\n")
	for _, k := range agency {
		fmt.Fprintf(&b, "  %s: %s\n", k, ysq(payload("agency."+k)))
		fields = append(fields, "agency."+k)
	}
	fields = append(fields, "site.title")
	writeFile(t, filepath.Join(c, "site.yaml"), b.String())

	front := []string{"title", "doc_no", "issuer", "publisher", "summary", "keywords", "attachments.title"}
	fields = append(fields, front...)
	writeFile(t, filepath.Join(c, "notices", "2024", "x", "附件.txt"), "attachment\n")
	writeFile(t, filepath.Join(c, "notices", "2024", "x", "index.md"), `---
index_no: ABC/2024-00001
title: `+ysq(payload("title"))+`
doc_no: `+ysq(payload("doc_no")+"〔2024〕1号")+`
issuer: [`+ysq(payload("issuer"))+`, `+ysq(payload("issuer2"))+`]
publisher: `+ysq(payload("publisher"))+`
published: 2024-05-10
summary: `+ysq(payload("summary"))+`
keywords: [`+ysq(payload("keywords"))+`, '" onmouseover="window.__pwned=3']
repeals: [ABC/2024-00002]
aliases: [/art/2024/evil.html]
attachments:
  - file: 附件.txt
    title: `+ysq(payload("attachments.title"))+`
---
正文 <script>window.__pwned=4</script> [body]

<img src=x onerror="window.__pwned=5">

[inline](javascript:window.__pwned=6) [mixed case](JaVaScRiPt:window.__pwned=7)
[spaces]( javascript:window.__pwned=8 ) [entity](&#106;avascript:window.__pwned=9)
[tab](java	script:window.__pwned=10) [vbscript](vbscript:msgbox) [data](data:text/html,<script>window.__pwned=11</script>)
[reference][r] ![image](javascript:window.__pwned=12) <javascript:window.__pwned=13>

[r]: javascript:window.__pwned=14

<a href="javascript:window.__pwned=15">raw a</a> <iframe src="javascript:window.__pwned=16"></iframe>
<svg onload="window.__pwned=17"></svg> <style>body{display:none}</style>

## <script>window.__pwned=18</script>标题

| 表 | <script>window.__pwned=19</script> |
|---|---|
| 1 | 2 |
`)
	writeFile(t, filepath.Join(c, "policies", "2024", "old.md"), `---
index_no: ABC/2024-00002
title: 被废止的办法
published: 2024-01-10
---
正文
`)
	writeFile(t, filepath.Join(c, "interpretations", "2024", "jd.md"), `---
index_no: ABC/2024-00003
title: `+ysq(payload("interpretation.title"))+`
interprets: [ABC/2024-00002]
published: 2024-01-11
---
见[通知](record:ABC/2024-00001)。
`)
	writeFile(t, filepath.Join(c, "pages", "about.md"), "---\ntitle: "+ysq(payload("page.title"))+"\npublished: 2024-01-01\n---\n关于 <script>window.__pwned=20</script>\n")
	fields = append(fields, "interpretation.title", "page.title", "issuer2")
	return source, fields
}

// TestHostileFieldsAreInert builds the hostile site and opens every page
// it has in Chromium: no script from the content runs or is in the DOM, no
// element has an event handler, no link or frame has a javascript:,
// vbscript: or data: URL, and each field's text is shown as text.
func TestHostileFieldsAreInert(t *testing.T) {
	ctx := newTab(t)
	source, fields := hostileSite(t)
	out, res, err := tryBuild(t, source, false)
	if err != nil {
		logDiagnostics(t, res, 30)
		t.Fatalf("building the hostile site: %v", err)
	}
	for _, d := range res.Diagnostics {
		t.Logf("diagnostic: %s", d)
	}
	var pages []string
	record := ""
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// A redirect page moves on at once; check a copy without the
		// refresh instead (its target is among the pages anyway).
		if kept := metaRefresh.ReplaceAll(data, nil); len(kept) != len(data) {
			rel = strings.TrimSuffix(rel, ".html") + ".no-refresh.html"
			writeFile(t, filepath.Join(out, filepath.FromSlash(rel)), string(kept))
		}
		if strings.HasPrefix(rel, "notice/") && strings.Count(rel, "/") == 2 && !strings.Contains(rel, "/page/") {
			record = rel
		}
		pages = append(pages, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if record == "" {
		t.Fatalf("no notice page among %v", pages)
	}
	base := serve(t, out, "/")
	writeFile(t, filepath.Join(out, "favicon.ico"), "")

	type report struct {
		Text     string   `json:"text"`
		Title    string   `json:"title"`
		Scripts  []string `json:"scripts"`
		Handlers []string `json:"handlers"`
		BadURLs  []string `json:"badURLs"`
		Images   int      `json:"images"`
		Pwned    string   `json:"pwned"`
	}
	shown := map[string]bool{}
	for _, p := range pages {
		navigate(t, ctx, base+pageURL(p))
		r := eval[report](t, ctx, `(() => {
			const on = [], bad = [];
			for (const e of document.querySelectorAll('*')) {
				for (const a of e.attributes) {
					if (a.name.toLowerCase().startsWith('on')) on.push('<' + e.tagName.toLowerCase() + ' ' + a.name + '="' + a.value + '">');
					if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name.toLowerCase()) && /^\s*(javascript|vbscript|data):/i.test(a.value.replace(/[\s\u0000-\u001f]/g, ''))) bad.push('<' + e.tagName.toLowerCase() + ' ' + a.name + '="' + a.value + '">');
				}
			}
			return {
				text: document.body ? document.body.innerText : '',
				title: document.title,
				scripts: Array.from(document.scripts).filter(s => { if (s.type !== 'application/ld+json') return true; try { JSON.parse(s.text); return false } catch (e) { return true } }).map(s => s.outerHTML).filter(s => s.includes('__pwned')),
				handlers: on,
				badURLs: bad,
				images: document.querySelectorAll('img[src="x"], img[onerror]').length,
				pwned: typeof window.__pwned === 'undefined' ? '' : String(window.__pwned),
			};
		})()`)
		for _, s := range r.Scripts {
			t.Errorf("%s: a script element from the content: %s", p, s)
		}
		for _, h := range r.Handlers {
			t.Errorf("%s: an event handler attribute: %s", p, h)
		}
		for _, u := range r.BadURLs {
			t.Errorf("%s: a script URL: %s", p, u)
		}
		if r.Images != 0 {
			t.Errorf("%s: %d img elements from the payloads; every <img> in the content should be text", p, r.Images)
		}
		if r.Pwned != "" {
			t.Errorf("%s: window.__pwned = %s: content ran as script", p, r.Pwned)
		}
		for _, f := range fields {
			if strings.Contains(r.Text+r.Title, payload(f)) {
				shown[f] = true
			}
		}
	}
	for _, f := range fields {
		if !shown[f] {
			t.Errorf("field %s is shown as text on no page: the test did not see it reach a page", f)
		}
	}
	t.Logf("%d pages checked, %d fields shown as text on them", len(pages), len(shown))
	if len(pages) < 10 {
		t.Errorf("only %d pages built: %v", len(pages), pages)
	}

	// The record page once more: hover and click everything in the body.
	navigate(t, ctx, base+pageURL(record))
	links := eval[int](t, ctx, `document.querySelectorAll('main .body a').length`)
	for i := range links {
		lctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		err := try(lctx, chromedp.Click(chromedp.Search(fmt.Sprintf(`(//main//div[contains(@class,'body')]//a)[%d]`, i+1))))
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("clicking link %d: %v", i, err)
		}
		settle(ctx)
		expectPwnedUndefined(t, ctx, fmt.Sprintf("after clicking body link %d", i))
		navigate(t, ctx, base+pageURL(record))
	}
	expectPwnedUndefined(t, ctx, "at the end")

	// The feeds carry the same fields; they must stay well-formed Atom.
	for _, name := range []string{"feed.xml", "notice/feed.xml"} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			continue
		}
		_, problems := checkAtom(name, data, out, "https://gk.example.gov.cn/")
		for _, p := range problems {
			t.Error(p)
		}
	}
}

// TestHostileValidatedFields: fields whose values must come from a list
// or have a form are rejected, not rendered, when they hold markup or a
// script URL.
func TestHostileValidatedFields(t *testing.T) {
	for _, tc := range []struct {
		line string
		rule diag.Rule
	}{
		{"topic: " + ysq(payload("topic")), diag.RuleTopic},
		{"genre: " + ysq(payload("genre")), diag.RuleGenre},
		{"catalogue: " + ysq(payload("catalogue")), diag.RuleCategory},
		{"slug: " + ysq(payload("slug")), diag.RuleSlug},
		{"aliases: ['javascript:window.__pwned=1']", diag.RuleAlias},
		{"aliases: ['/a/<script>x</script>?#']", diag.RuleAlias},
		{"attachments: [{file: 'javascript:window.__pwned=1', title: x}]", diag.RuleAttachmentPath},
		{"interprets: [" + ysq(payload("interprets")) + "]", diag.RuleReference},
		{"validity: " + ysq(payload("validity")), diag.RuleEnum},
	} {
		t.Run(string(tc.rule), func(t *testing.T) {
			source := t.TempDir()
			writeFile(t, filepath.Join(source, "content", "site.yaml"), "title: 站点\nagency:\n  code: ABC\n")
			writeFile(t, filepath.Join(source, "content", "interpretations", "2024", "x.md"),
				"---\nindex_no: ABC/2024-00001\ntitle: 标题\npublished: 2024-05-10\n"+tc.line+"\n"+
					map[bool]string{true: "", false: "interprets: [ABC/2024-00002]\n"}[strings.HasPrefix(tc.line, "interprets:")]+"---\n正文\n")
			writeFile(t, filepath.Join(source, "content", "policies", "2024", "p.md"), "---\nindex_no: ABC/2024-00002\ntitle: 办法\npublished: 2024-05-01\n---\n正文\n")
			_, res, err := tryBuild(t, source, false)
			if !errors.Is(err, pipeline.ErrInvalid) {
				t.Fatalf("err = %v, want the build to reject %s", err, tc.line)
			}
			found := false
			for _, d := range res.Diagnostics {
				found = found || d.Rule == tc.rule
			}
			if !found {
				t.Errorf("no %s diagnostic; got %v", tc.rule, res.Diagnostics)
			}
		})
	}
}

// settle waits up to 5 s for whatever a click started to finish loading.
func settle(ctx context.Context) {
	for range 50 {
		if ok, err := tryEval[bool](ctx, `document.readyState === 'complete'`); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestHostileSiteIsValidHTML: whatever the fields and bodies hold, the
// pages stay valid HTML (escaping must not break the markup).
func TestHostileSiteIsValidHTML(t *testing.T) {
	vnuJar(t)
	source, _ := hostileSite(t)
	out, res, err := tryBuild(t, source, false)
	if err != nil {
		logDiagnostics(t, res, 30)
		t.Fatal(err)
	}
	if n := reportVnu(t, out, runVnu(t, "--skip-non-html", out)); n > 0 {
		t.Logf("%d errors", n)
	}
}
