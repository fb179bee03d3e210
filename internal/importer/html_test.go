package importer

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/internal/markdown"
)

func TestHTMLToMarkdown(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p>第一段</p><p>第二段</p>`, "第一段\n\n第二段"},
		{`<p>一行<br>二行</p>`, "一行  \n二行"},
		{`<h1>标题</h1><h3>小节</h3>`, "# 标题\n\n### 小节"},
		{`<p>a <b>粗</b> c <em>斜</em></p>`, "a **粗** c *斜*"},
		{`<ul><li>甲<ul><li>子</li></ul></li><li>乙</li></ul>`, "- 甲\n  - 子\n- 乙"},
		{`<ol><li>一</li><li>二</li></ol>`, "1. 一\n2. 二"},
		{`<table><tr><td>a|b</td><td>c</td></tr><tr><td>1</td></tr></table>`, "| a\\|b | c |\n| --- | --- |\n| 1 |  |"},
		{`<p><a href="https://x.cn/a b(1)">链接</a> <a href="javascript:alert(1)">坏</a> <a href="JaVaScRiPt:x">坏2</a></p>`, "[链接](https://x.cn/a%20b%281%29) 坏 坏2"},
		{`<script>alert(1)</script><style>p{}</style><p onclick="x()">文本</p>`, "文本"},
		{`<p>1. 不是列表</p><p># 不是标题</p><p>*星* [方括号] &lt;b&gt;</p>`, "1\\. 不是列表\n\n\\# 不是标题\n\n\\*星\\* \\[方括号\\] \\<b\\>"},
		{`<p>&nbsp;&nbsp;全角　空格&nbsp;</p>`, "全角　空格"},
		{`纯文本<div>块</div>尾`, "纯文本\n\n块\n\n尾"},
	} {
		if got := HTMLToMarkdown(c.in); got != c.want {
			t.Errorf("HTMLToMarkdown(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// FuzzHTMLToMarkdown: whatever the HTML, the Markdown renders (with raw
// HTML off, as sites have it) to no element the HTML could smuggle in.
func FuzzHTMLToMarkdown(f *testing.F) {
	for _, s := range []string{`<p>a<b>b</b></p>`, `<script>x</script>`, `<a href="javascript:x">y</a>`, `<table><tr><td>|</td></tr></table>`, `<img src=x onerror=alert(1)>`} {
		f.Add(s)
	}
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLToMarkdown(s)
		res, _, err := md.Render([]byte(out), func(string) (string, bool) { return "", false })
		if err != nil {
			return
		}
		doc, err := html.Parse(strings.NewReader(string(res.HTML)))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script", "img", "iframe", "style", "object", "embed", "form", "input":
				t.Fatalf("%q → %q → %q has a %s element", s, out, res.HTML, n.Data)
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					t.Fatalf("%q → %q → %q has %s=%q", s, out, res.HTML, a.Key, a.Val)
				}
			}
		}
	})
}
