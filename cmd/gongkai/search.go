package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/search/lookup"
)

// multi is a flag that may be given many times.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// cmdSearch answers a query from the bleve index of the catalogue, which it
// first brings up to date (only changed records are indexed again).
func cmdSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, `用法：gongkai search [选项] 查询

查询使用 bleve 的查询语法：每个词语和"短语"都须包含（中文优先按连续字符串匹配，
短语须连续出现），-排除，字段:值（title:、body:、kind:、topic:、genre:、issuer:、
year:、validity:、index_no:、doc_no:）。筛选条件只缩小结果，同一筛选的多个值满足其一
即可；类型和有效性可用中文（kind:政策文件）。与索引号、其序号（2024-00005）或文号
完全相同时，该记录排在最前。结果与网站搜索页相同。选项：`,
		`usage: gongkai search [flags] QUERY

QUERY is bleve's query-string syntax: every word and "phrase" must be found
(Chinese text as a contiguous string first; a phrase only whole), -excluded,
field:value (title:, body:, kind:, topic:, genre:, issuer:, year:, validity:,
index_no:, doc_no:). Filters only narrow; a filter's values are alternatives;
kinds and validities may be Chinese (kind:政策文件). An exact 索引号, its
serial (2024-00005) or 文号 brings that record first. The same records as the
site's search page. Flags:`)
	source := fs.String("source", ".", say(ctx, "站点`文件夹`（含 content/）", "the site `folder` (with content/)"))
	indexDir := fs.String("cache", "", say(ctx, "索引`文件夹`（默认：站点文件夹中的 .gongkai-cache/search）", "the index `folder` (default: .gongkai-cache/search in the site folder)"))
	format := fs.String("format", "text", say(ctx, "输出`格式`：text 或 json", "output `format`: text or json"))
	limit := fs.Int("limit", 10, say(ctx, "显示的结果数", "results to show"))
	page := fs.Int("page", 1, say(ctx, "结果的第几`页`", "the `page` of results"))
	sort := fs.String("sort", "relevance", say(ctx, "relevance（相关度）或 date（日期）", "relevance or date"))
	drafts := fs.Bool("drafts", false, say(ctx, "也搜索标为草稿的记录", "search records marked draft too"))
	filters := map[string]*multi{}
	for _, f := range lookup.FacetFields {
		filters[f] = &multi{}
		fs.Var(filters[f], f, say(ctx, "只要"+i18n.For("zh-CN").T(facetNames[f])+"为此值的结果（可重复，满足其一即可）", "only results with this "+f+" (repeat for any of several)"))
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" || *limit < 1 || *page < 1 || (*sort != "relevance" && *sort != "date") || (*format != "text" && *format != "json") {
		fs.Usage()
		return 2
	}
	ctx, ok := openSite(ctx, "search", *source, stderr)
	if !ok {
		return 2
	}
	if *indexDir == "" {
		*indexDir = filepath.Join(*source, ".gongkai-cache", "search")
	}
	start := time.Now()
	docs, rep, err := pipeline.SearchDocs(ctx, pipeline.Options{Source: *source, Drafts: *drafts})
	if err != nil {
		fail(ctx, stderr, "search", err)
		return 2
	}
	if rep.Errors() > 0 {
		fmt.Fprintf(stderr, say(ctx, "gongkai search：目录有 %d 个错误（见 gongkai check）；只搜索能读取的记录\n", "gongkai search: the catalogue has %d error(s) (see gongkai check); searching what could be read\n"), rep.Errors())
	}
	idx, err := lookup.Open(*indexDir)
	if err != nil {
		fmt.Fprintf(stderr, say(ctx, "gongkai search：无法打开 %s 中的索引：%s\n", "gongkai search: opening the index in %s: %s\n"), *indexDir, errText(ctx, err))
		return 2
	}
	defer idx.Close()
	ch, err := idx.Update(ctx, docs)
	if err != nil {
		fmt.Fprintf(stderr, say(ctx, "gongkai search：无法更新索引：%s\n", "gongkai search: updating the index: %s\n"), errText(ctx, err))
		return 2
	}
	q := lookup.Query{Text: text, Filters: map[string][]string{}, ByDate: *sort == "date", Size: *limit, From: (*page - 1) * *limit}
	for f, v := range filters {
		if len(*v) > 0 {
			q.Filters[f] = *v
		}
	}
	res, err := idx.Search(ctx, q)
	if err != nil {
		if errors.Is(err, lookup.ErrEmpty) {
			fs.Usage()
			return 2
		}
		var u *lookup.UnknownValueError
		if errors.As(err, &u) {
			fmt.Fprintf(stderr, say(ctx, "gongkai search：筛选条件“%s”（%s）没有值 %q；可用的值：%s\n", "gongkai search: the filter %q (%s) has no value %q; known values: %s\n"),
				i18n.For(langOf(ctx)).T(facetNames[u.Field]), u.Field, u.Value, strings.Join(u.Known, say(ctx, "、", ", ")))
			return 2
		}
		fail(ctx, stderr, "search", err)
		return 2
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return 2
		}
		return 0
	}
	fmt.Fprintf(stdout, say(ctx, "“%[2]s”共 %[1]d 条结果", "%d results for %q"), res.Total, text)
	if ch.Added+ch.Updated+ch.Removed > 0 {
		fmt.Fprintf(stdout, say(ctx, "（索引已更新：新增 %d，修改 %d，删除 %d）", " (index updated: %d added, %d changed, %d removed)"), ch.Added, ch.Updated, ch.Removed)
	}
	fmt.Fprintf(stdout, say(ctx, "，用时 %v\n", " in %v\n"), time.Since(start).Round(time.Millisecond))
	for i, h := range res.Hits {
		fmt.Fprintf(stdout, "%3d. %s\n     %s  %s", q.From+i+1, h.Title, h.Path, h.Date)
		if h.IndexNo != "" {
			fmt.Fprintf(stdout, "  %s", h.IndexNo)
		}
		if h.DocNo != "" {
			fmt.Fprintf(stdout, "  %s", h.DocNo)
		}
		fmt.Fprintf(stdout, "\n     %s\n", h.Rel)
	}
	words := i18n.For(langOf(ctx)).With(config.BuiltinKinds().Text(langOf(ctx)))
	for _, f := range lookup.FacetFields {
		if len(res.Facets[f]) == 0 {
			continue
		}
		var parts []string
		for _, c := range res.Facets[f] {
			parts = append(parts, fmt.Sprintf(say(ctx, "%s（%d）", "%s (%d)"), facetValue(words, f, c.Value), c.Count))
		}
		fmt.Fprintf(stdout, say(ctx, "%s：%s\n", "%s: %s\n"), words.T(facetNames[f]), strings.Join(parts, say(ctx, "，", ", ")))
	}
	return 0
}

// facetNames are the interface text keys of the facets' names.
var facetNames = map[string]string{"kind": "f.kind", "topic": "f.topic", "genre": "f.genre", "issuer": "f.issuer", "year": "tax.years", "validity": "f.validity"}

// facetValue names a facet's value for readers: kinds and validities in
// the interface language, the rest as they are.
func facetValue(text i18n.Strings, facet, v string) string {
	switch facet {
	case "kind", "validity":
		return text.T(facet + "." + v)
	}
	return v
}
