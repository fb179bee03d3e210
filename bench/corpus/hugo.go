package corpus

import (
	"cmp"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/config"
)

// WriteHugo writes the corpus as a minimal Hugo site in dir: config.toml, a
// theme "minimal" (baseof, single, list and index layouts that print the
// title, a metadata table and the content), and the same records under
// content/, with the topic mapped to tags and the genre to categories.
// Links between records (record:INDEX_NO) become the target's Hugo URL.
// An existing dir is replaced only if this package wrote it.
func (c *Corpus) WriteHugo(dir string) error {
	if err := clear(dir, filepath.Join(dir, "config.toml")); err != nil {
		return err
	}
	urls := map[string]string{}
	for _, r := range c.Records {
		urls[r.IndexNo] = r.hugoURL()
	}
	files := map[string]string{
		"config.toml": hugoConfig,
		"themes/minimal/layouts/_default/baseof.html": hugoBaseof,
		"themes/minimal/layouts/_default/single.html": hugoSingle,
		"themes/minimal/layouts/_default/list.html":   hugoList,
		"themes/minimal/layouts/index.html":           hugoIndex,
	}
	for _, kind := range []string{kindPolicy, kindNotice, kindInterpretation, kindReport, kindPage} {
		s, _ := config.BuiltinKinds().Spec(config.Kind(kind))
		files["content/"+s.Folder+"/_index.md"] = "---\ntitle: " + s.Label("zh-CN") + "\n---\n"
	}
	for _, r := range append(slices.Clone(c.Records), c.Pages...) {
		files["content/"+r.Rel()] = r.hugo(urls)
	}
	return writeAll(dir, files)
}

func (r *Record) hugoURL() string {
	if r.Kind == kindPage {
		return "/" + folder(r.Kind) + "/" + r.Stem + "/"
	}
	return "/" + folder(r.Kind) + "/" + strconv.Itoa(r.Year) + "/" + r.Stem + "/"
}

// q quotes a YAML string.
func q(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func qlist(xs []string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = q(x)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// hugo is the record as a Hugo content file.
func (r *Record) hugo(urls map[string]string) string {
	var b strings.Builder
	b.Grow(len(r.Body) + 1024)
	b.WriteString("---\n")
	line := func(k, v string) {
		b.WriteString(k + ": " + v + "\n")
	}
	line("title", q(r.Title))
	line("date", day(r.Published))
	if r.Topic != "" {
		first, second, _ := strings.Cut(r.Topic, "/")
		line("tags", qlist([]string{first, second}))
	}
	if r.Genre != "" {
		line("categories", qlist([]string{r.Genre}))
	}
	if r.IndexNo != "" {
		line("index_no", q(r.IndexNo))
	}
	if r.DocNo != "" {
		line("doc_no", q(r.DocNo))
	}
	if len(r.Issuers) > 0 {
		line("issuer", q(strings.Join(r.Issuers, "、")))
	}
	if !r.Written.IsZero() {
		line("written", q(day(r.Written)))
	}
	if !r.Effective.IsZero() {
		line("effective", q(day(r.Effective)))
	}
	if r.Kind != kindPage {
		line("validity", q(cmp.Or(r.Validity, "有效")))
	}
	if r.Topic != "" {
		line("topic", q(r.Topic))
	}
	if r.Genre != "" {
		line("genre", q(r.Genre))
	}
	if len(r.Keywords) > 0 {
		line("keywords", qlist(r.Keywords))
	}
	if r.Summary != "" {
		line("summary", q(r.Summary))
	}
	b.WriteString("---\n\n")
	b.WriteString(hugoLinks(r.Body, urls))
	return b.String()
}

// hugoLinks rewrites (record:INDEX_NO) link destinations to site paths.
func hugoLinks(body string, urls map[string]string) string {
	const open = "](record:"
	if !strings.Contains(body, open) {
		return body
	}
	var b strings.Builder
	for {
		i := strings.Index(body, open)
		if i < 0 {
			b.WriteString(body)
			return b.String()
		}
		end := strings.IndexByte(body[i:], ')')
		if end < 0 {
			b.WriteString(body)
			return b.String()
		}
		b.WriteString(body[:i+2])
		b.WriteString(urls[body[i+len(open):i+end]])
		body = body[i+end:]
	}
}

var hugoConfig = marker + `
baseURL = "` + BaseURL + `"
languageCode = "zh-CN"
title = "` + SiteTitle + `"
theme = "minimal"
hasCJKLanguage = true
paginate = 20

[taxonomies]
  tag = "tags"
  category = "categories"

[markup.goldmark.parser]
  autoHeadingID = true
`

const hugoBaseof = `<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
</head>
<body>
<header>
<a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
`

const hugoSingle = `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.index_no }}
<table class="meta">
<tr><th>索引号</th><td>{{ . }}</td><th>主题分类</th><td>{{ $.Params.topic }}</td></tr>
<tr><th>发文机关</th><td>{{ $.Params.issuer }}</td><th>成文日期</th><td>{{ $.Params.written }}</td></tr>
<tr><th>名称</th><td colspan="3">{{ $.Title }}</td></tr>
<tr><th>文号</th><td>{{ $.Params.doc_no }}</td><th>发布日期</th><td>{{ $.Date.Format "2006-01-02" }}</td></tr>
<tr><th>体裁分类</th><td>{{ $.Params.genre }}</td><th>有效性</th><td>{{ $.Params.validity }}</td></tr>
<tr><th>主题词</th><td colspan="3">{{ with $.Params.keywords }}{{ delimit . "，" }}{{ end }}</td></tr>
</table>
{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<div class="content">
{{ .Content }}
</div>
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ end }}
`

const hugoList = `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Params.index_no }}<span>{{ . }}</span>{{ end }} <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
`

const hugoIndex = `{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .RegularPages }}）</li>
{{ end }}
</ul>
<h2>最新信息</h2>
<ul>
{{ range first 10 (where site.RegularPages "Section" "ne" "pages") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ul>
{{ end }}
`
