package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// resolve knows two records.
func resolve(index string) (string, bool) {
	switch index {
	case "X1/2024-00001":
		return "/policy/2024-00001/", true
	case "X1/2024-00002":
		return "/interpretation/2024-00002/", true
	}
	return "", false
}

func render(t *testing.T, opts Options, src string) (string, []BadLink, []Heading) {
	t.Helper()
	res, bad, err := New(opts).Render([]byte(src), resolve)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return string(res.HTML), bad, res.TOC
}

// TestRender checks the HTML of each feature: each case lists fragments the
// output must contain and fragments it must not.
func TestRender(t *testing.T) {
	for _, c := range []struct {
		name   string
		opts   Options
		src    string
		has    []string
		hasNot []string
	}{
		{name: "record link", src: "见[《办法》](record:X1/2024-00001)。",
			has: []string{`<p>见<a href="/policy/2024-00001/">《办法》</a>。</p>`}},
		{name: "record link with fragment", src: "见[第二章](record:X1/2024-00001#第二章-管理)。",
			has: []string{`<a href="/policy/2024-00001/#%E7%AC%AC%E4%BA%8C%E7%AB%A0-%E7%AE%A1%E7%90%86">第二章</a>`}},
		{name: "record reference link", src: "见[解读][j]。\n\n[j]: record:X1/2024-00002 \"政策解读\"\n",
			has: []string{`<a href="/interpretation/2024-00002/" title="政策解读">解读</a>`}},
		{name: "unknown record link", src: "见[办法](record:X1/2024-09999)。",
			has: []string{`<a href="">办法</a>`}, hasNot: []string{"record:"}},
		{name: "other links untouched", src: "[国务院](https://www.gov.cn/) [信箱](mailto:gk@example.gov.cn) [附件](附件1.pdf)",
			has: []string{`<a href="https://www.gov.cn/">国务院</a>`, `<a href="mailto:gk@example.gov.cn">信箱</a>`, `<a href="%E9%99%84%E4%BB%B61.pdf">附件</a>`}},

		// Raw HTML is shown, never run.
		{name: "inline script", src: "说明 <script>alert(1)</script> 完",
			has: []string{"<p>说明 &lt;script&gt;alert(1)&lt;/script&gt; 完</p>"}, hasNot: []string{"<script"}},
		{name: "inline event handler", src: "图 <img src=x onerror=alert(1)>",
			has: []string{"&lt;img src=x onerror=alert(1)&gt;"}, hasNot: []string{"<img"}},
		{name: "HTML block", src: "前\n\n<div onclick=\"alert(1)\">\n<script>alert(1)</script>\n</div>\n\n后\n",
			has:    []string{"<pre class=\"raw-html\">&lt;div onclick=&quot;alert(1)&quot;&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;\n</pre>", "<p>后</p>"},
			hasNot: []string{"<script", "<div"}},
		{name: "script block", src: "<script>\nalert(1)\n</script>\n",
			has: []string{"&lt;script&gt;\nalert(1)\n&lt;/script&gt;"}, hasNot: []string{"<script"}},
		{name: "comment", src: "<!-- 注释 -->\n", has: []string{"&lt;!-- 注释 --&gt;"}, hasNot: []string{"<!--"}},
		{name: "unsafe HTML allowed by the site", opts: Options{UnsafeHTML: true}, src: "<div class=\"x\">表</div>\n\n a <b>粗</b>",
			has: []string{`<div class="x">表</div>`, "<b>粗</b>"}, hasNot: []string{"&lt;"}},

		// Links to javascript: and the like are dropped, keeping their text.
		{name: "javascript link", src: "[点我](javascript:alert(1))",
			has: []string{"<p>点我</p>"}, hasNot: []string{"<a", "javascript"}},
		{name: "javascript link upper case", src: "[点我](JavaScript:alert(1))",
			has: []string{"<p>点我</p>"}, hasNot: []string{"<a", "avascript"}},
		{name: "javascript autolink", src: "<javascript:alert(1)>",
			hasNot: []string{"<a", "href"}},
		{name: "javascript reference", src: "[点我][x]\n\n[x]: javascript:alert(1)\n",
			has: []string{"<p>点我</p>"}, hasNot: []string{"<a", "javascript"}},
		{name: "javascript with an entity", src: "[点我](java&#x73;cript:alert(1)) [再点](&#106;avascript:alert(1))",
			has: []string{"<p>点我 再点</p>"}, hasNot: []string{"<a", "javascript", "avascript:"}},
		{name: "vbscript and data", src: "[a](vbscript:msgbox) [b](data:text/html,<script>alert(1)</script>) [c](file:///etc/passwd)",
			has: []string{"<p>a b c</p>"}, hasNot: []string{"<a", "vbscript", "data:", "file:"}},
		// An image with such a source becomes its alt text (an <img src="">
		// would be invalid HTML).
		{name: "javascript image", src: "![图](javascript:alert(1)) ![**粗**](&#106;avascript:alert(1))",
			has: []string{`<p>图 <strong>粗</strong></p>`}, hasNot: []string{"javascript", "<img"}},
		{name: "javascript kept when the site allows unsafe HTML", opts: Options{UnsafeHTML: true}, src: "[点我](javascript:void(0))",
			has: []string{`<a href="javascript:void(0)">点我</a>`}},

		// GFM and friends.
		{name: "table", src: "| 项目 | 数量 |\n|---|--:|\n| 申请 | 12 |\n",
			has: []string{"<table>", "<th>项目</th>", `<th style="text-align:right">数量</th>`, "<td>申请</td>", `<td style="text-align:right">12</td>`}},
		{name: "footnote", src: "依据《条例》[^1]。\n\n[^1]: 《中华人民共和国政府信息公开条例》。\n",
			has: []string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
				`<li id="fn:1">`, "《中华人民共和国政府信息公开条例》。", `<a href="#fnref:1" class="footnote-backref"`}},
		{name: "strikethrough and autolink", src: "~~旧~~ https://www.gov.cn",
			has: []string{"<del>旧</del>", `<a href="https://www.gov.cn">https://www.gov.cn</a>`}},
		{name: "Chinese line breaks join", src: "第一行\n第二行\n", has: []string{"<p>第一行第二行</p>"}},
		{name: "headings", src: "# 标题\n\n## 第一章 总则\n\n### 第一条\n",
			has: []string{`<h1 id="标题">标题</h1>`, `<h2 id="第一章-总则">第一章 总则</h2>`, `<h3 id="第一条">第一条</h3>`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			html, _, _ := render(t, c.opts, c.src)
			for _, h := range c.has {
				if !strings.Contains(html, h) {
					t.Errorf("output lacks %q:\n%s", h, html)
				}
			}
			for _, h := range c.hasNot {
				if strings.Contains(strings.ToLower(html), strings.ToLower(h)) {
					t.Errorf("output has %q:\n%s", h, html)
				}
			}
		})
	}
}

// Unknown record links are reported with the line and column (characters)
// of their opening bracket within the body.
func TestBadLinks(t *testing.T) {
	src := "# 标题\n" + // 1
		"\n" + // 2
		"见[办法](record:X1/2024-09999)和[已知](record:X1/2024-00001)。\n" + // 3
		"另见 [](record:X1/9) 和 [*重要*](record:X1/8) `a` [`c`](record:X1/7#x)\n" + // 4
		"\n" + // 5
		"| 项目 | [表](record:X1/6) |\n" + // 6
		"|---|---|\n" + // 7
		"\n" + // 8
		"> 引 [q](record:X1/5)\n" + // 9
		"\n" + // 10
		"- 一\n" + // 11
		"  - 二 [列](record:X1/4)\n" + // 12
		"\n" + // 13
		"[引用][r]\n" + // 14
		"\n" + // 15
		"[r]: record:X1/3\n" + // 16
		"## 标题中[链](record:X1/2)\n" // 17
	_, bad, _ := render(t, Options{}, src)
	want := []BadLink{
		{"X1/2024-09999", 3, 2},
		{"X1/9", 4, 4},
		{"X1/8", 4, 22},
		{"X1/7", 4, 46},
		{"X1/6", 6, 8},
		{"X1/5", 9, 5},
		{"X1/4", 12, 7},
		{"X1/3", 14, 1},
		{"X1/2", 17, 7},
	}
	if fmt.Sprint(bad) != fmt.Sprint(want) {
		t.Errorf("bad links\n got %v\nwant %v", bad, want)
	}
	// CRLF has become LF before rendering, but a body with CR still places
	// links on the right line.
	_, bad, _ = render(t, Options{}, strings.ReplaceAll(src, "\n", "\r\n"))
	if len(bad) != len(want) || bad[0] != want[0] || bad[8].Line != 17 {
		t.Errorf("with CRLF: %v", bad)
	}
	_, bad, _ = render(t, Options{}, "见[办法](record:X1/2024-00001)与[解读](record:X1/2024-00002#一)")
	if len(bad) != 0 {
		t.Errorf("known links reported: %v", bad)
	}
}

func TestHeadingIDsAndTOC(t *testing.T) {
	src := "# 文件标题\n\n" +
		"## 第一章 总则\n\n" +
		"### 第一条\n\n" +
		"### 第二条　目的\n\n" + // a full-width space
		"## 附则\n\n" +
		"## 附则\n\n" +
		"## 附则-1\n\n" +
		"#### 四级不入目录\n\n" +
		"## *重要* `事项`\n\n" +
		"## Hello, World!\n\n" +
		"## ！！！\n\n" +
		"## 第1条（定义）\n"
	html, _, toc := render(t, Options{}, src)
	var got []string
	for _, h := range toc {
		got = append(got, fmt.Sprintf("%d %s %s", h.Level, h.ID, h.Text))
	}
	want := []string{
		"2 第一章-总则 第一章 总则",
		"3 第一条 第一条",
		"3 第二条-目的 第二条　目的",
		"2 附则 附则",
		"2 附则-1 附则",
		"2 附则-1-1 附则-1",
		"2 重要-事项 重要 事项",
		"2 hello-world Hello, World!",
		"2 section ！！！",
		"2 第1条-定义 第1条（定义）",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("TOC:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every id is unique and every TOC entry points at a heading.
	ids := regexp.MustCompile(`<h\d id="([^"]*)"`).FindAllStringSubmatch(html, -1)
	seen := map[string]bool{}
	for _, m := range ids {
		if seen[m[1]] {
			t.Errorf("id %q used twice:\n%s", m[1], html)
		}
		seen[m[1]] = true
	}
	for _, h := range toc {
		if !seen[h.ID] {
			t.Errorf("TOC entry %q has no heading", h.ID)
		}
	}
	if len(ids) != 12 {
		t.Errorf("%d headings with ids, want 12", len(ids))
	}
	// Ids restart for each rendering.
	_, _, toc = render(t, Options{}, "## 附则\n")
	if len(toc) != 1 || toc[0].ID != "附则" {
		t.Errorf("second rendering: %v", toc)
	}
}

func TestRenderConcurrent(t *testing.T) {
	r := New(Options{})
	done := make(chan string)
	for i := range 8 {
		go func() {
			res, _, err := r.Render([]byte(fmt.Sprintf("## 附则\n\n## 附则\n\n正文%d", i)), resolve)
			if err != nil {
				done <- err.Error()
				return
			}
			done <- fmt.Sprint(res.TOC)
		}()
	}
	for range 8 {
		if got := <-done; got != "[{2 附则 附则} {2 附则-1 附则}]" {
			t.Errorf("concurrent rendering: %s", got)
		}
	}
}

func TestExcerpt(t *testing.T) {
	for _, c := range []struct {
		src  string
		n    int
		want string
	}{
		{"# 标题\n\n正文第一段。\n", 120, "标题 正文第一段。"},
		{"**重要**通知：`代码` 与 _强调_。", 120, "重要通知：代码 与 强调。"},
		{"- 一\n- 二\n1. 三\n> 四\n", 120, "一 二 三 四"},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n", 120, "a b 1 2"},
		{"正文[^1]。\n\n[^1]: 注释。\n", 120, "正文^1。"},
		{"见[办法](record:X1/2024-00001)与[网站](https://www.gov.cn/ \"标题\")。", 120, "见办法与网站。"},
		{"[a]: record:X1/2024-00001\n正文", 120, "正文"},
		{"2023年，本局认真贯彻落实《条例》。\n1. 第一项\n2) 第二项\n10.5%的增长", 120, "2023年，本局认真贯彻落实《条例》。 第一项 第二项 10.5%的增长"},
		{"一二三四五六", 3, "一二三…"},
		{"一二三", 3, "一二三…"},
		{"一二", 3, "一二"},
		{"a  b\t\tc", 120, "a b c"},
		{"", 10, ""},
		{"---\n\n***\n", 10, ""},
	} {
		if got := Excerpt([]byte(c.src), c.n); got != c.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", c.src, c.n, got, c.want)
		}
	}
}

// FuzzRender renders arbitrary Markdown: it must not fail or panic but
// for a body over the limits (Check), raw
// HTML must come out escaped and no dangerous link must survive; bad links
// must be placed in the source.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# 标题\n\n见[办法](record:X1/2024-00001#一)与[无](record:X1/9)。",
		"<script>alert(1)</script>\n", "a <b onclick=x>c</b>", "[x](javascript:alert(1)) <javascript:x>",
		"| a | [b](record:X) |\n|---|---|\n", "x[^1]\n\n[^1]: y\n", "[](record:)", "[a][b]\n\n[b]: record:X1/2024-00002\n",
		"## 附则\n## 附则\n### 附则-1", "- [x](record:Q)\n  > [y](record:R)", "\r\n[\r\n](record:z)", "```\n<script>\n```\n",
	} {
		f.Add(s)
	}
	safe := New(Options{})
	dangerous := regexp.MustCompile(`(?i)<script|<iframe|<img[^>]*onerror|(href|src)="\s*(javascript:|vbscript:|data:text)`)
	f.Fuzz(func(t *testing.T, src string) {
		res, bad, err := safe.Render([]byte(src), resolve)
		var limit *LimitError
		if errors.As(err, &limit) {
			// Refused on purpose (limits.go): only a body Check passes
			// is rendered, and Check's own tests hold it to its limits.
			if Check([]byte(src)) == nil {
				t.Fatalf("Render(%q) refused what Check passes: %v", src, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		if m := dangerous.Find(res.HTML); m != nil {
			t.Fatalf("Render(%q) lets %q through:\n%s", src, m, res.HTML)
		}
		lines := strings.Count(src, "\n") + 1
		for _, b := range bad {
			if b.Line < 1 || b.Line > lines || b.Col < 1 {
				t.Fatalf("Render(%q): bad link %+v outside the source", src, b)
			}
		}
		if utf8.ValidString(src) && !utf8.Valid(res.HTML) {
			t.Fatalf("Render(%q): invalid UTF-8 out of valid UTF-8", src)
		}
		ex := Excerpt([]byte(src), 20)
		if utf8.ValidString(src) && (!utf8.ValidString(ex) || utf8.RuneCountInString(strings.ReplaceAll(ex, " ", "")) > 21) {
			t.Fatalf("Excerpt(%q) = %q", src, ex)
		}
		if bytes.Contains(res.HTML, []byte("record:")) && !strings.Contains(src, "record:") {
			t.Fatalf("record: appears from nowhere")
		}
	})
}

// Regression (found by FuzzRender): goldmark's East Asian line breaks
// panicked on a line of stray UTF-8 continuation bytes.
func TestRenderInvalidUTF8(t *testing.T) {
	for _, src := range []string{"\x98\n0", "\x80\x80\n第二行", "标题\xff\n[x](record:X1/9)"} {
		res, bad, err := New(Options{}).Render([]byte(src), resolve)
		if err != nil || !utf8.Valid(res.HTML) {
			t.Errorf("Render(%q) = %q, %v", src, res.HTML, err)
		}
		if strings.Contains(src, "record:") && (len(bad) != 1 || bad[0].Line != 2 || bad[0].Col != 1) {
			t.Errorf("Render(%q): bad links %v", src, bad)
		}
	}
}

func BenchmarkExcerpt(b *testing.B) {
	body := []byte(strings.Repeat("## 第一章 总则\n\n第一条 为了规范房屋管理，根据[《条例》](record:X/2024-00001)，制定本办法。本办法适用于本市行政区域内的房屋管理活动。\n\n1. 第一项内容\n2. 第二项内容\n\n", 20))
	for b.Loop() {
		Excerpt(body, len(body)+1)
	}
}
