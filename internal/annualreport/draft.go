package annualreport

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
)

// DraftOptions says which report Draft writes.
type DraftOptions struct {
	Year      int
	Format    string    // "2021" or "2019"; "" for FormatFor(Year)
	Title     string    // "" for the agency's name, the year and 政府信息公开工作年度报告
	Published time.Time // zero for 20 January of the year after
	Taken     []string  // the index numbers in use (drafts too)
	IndexNo   string    // "" for the next free one of the year after Year
}

// Draft writes a complete YAML annual report in the format due for its
// year: every part heading and every table; the figures the catalogue can
// count filled in, 上年结转 taken from last year's report where it has the
// tables, every other figure 0 and every part's text marked 待填写 (which
// check refuses to publish), and draft: true. It takes the next free index
// number of the year after the report's.
func Draft(cat *catalogue.Catalogue, set *Set, opts DraftOptions) ([]byte, error) {
	year := opts.Year
	name := opts.Format
	if name == "" {
		name = FormatFor(year)
	}
	f := FormatOf(name)
	if f == nil {
		return nil, fmt.Errorf("format %q: want 2021 or 2019", name)
	}
	if ok := Formats(year); ok != nil && !slices.Contains(ok, name) {
		return nil, fmt.Errorf("format %q: the report for %d must follow the %s format", name, year, strings.Join(ok, " or "))
	}
	site := cat.Site
	indexNo := opts.IndexNo
	if indexNo == "" {
		var err error
		if indexNo, err = site.NextIndexNo(opts.Taken, year+1); err != nil {
			return nil, err
		}
	}
	agency := site.Agency.Name
	if agency == "" {
		agency = "本机关"
	}
	y := strconv.Itoa(year)
	title := opts.Title
	if title == "" {
		title = agency + y + "年政府信息公开工作年度报告"
	}
	published := opts.Published
	if published.IsZero() {
		published = time.Date(year+1, 1, 20, 0, 0, 0, 0, time.UTC)
	}
	counted := countedPaths(f, Count(cat, year))
	from := map[string]int64{}
	source := map[string]string{}
	if prev := set.Year(year - 1); prev != nil && prev.Tabular() {
		for _, c := range ApplicantKeys {
			if n, ok := prev.N("requests.carried_forward." + c); ok {
				from["requests.carried_over."+c] = n
				source["requests.carried_over."+c] = fmt.Sprintf("取自 %d 年年报的结转下年度继续办理", year-1)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# %s：草稿，由 gongkai 生成。\n", title)
	b.WriteString("# 标有“待填写”的数字暂为 0、文字暂为“（待填写）”，请按实际填写并删去“待填写”标记：留有标记的年报不能发布。\n")
	b.WriteString("# 其余数字由本站目录统计或取自上一年度年报，请核对。发布日期、索引号请按实际修改。\n")
	b.WriteString("draft: true  # 填写完毕、核对无误后删除此行\n")
	fmt.Fprintf(&b, "index_no: %s\n", yamlQuote(indexNo))
	fmt.Fprintf(&b, "title: %s\n", yamlQuote(title))
	fmt.Fprintf(&b, "year: %d\n", year)
	fmt.Fprintf(&b, "format: \"%s\"\n", f.Name)
	fmt.Fprintf(&b, "written: %s\npublished: %s\n", published.Format(time.DateOnly), published.Format(time.DateOnly))
	if site.HasGenre("报告") {
		b.WriteString("genre: 报告\n")
	}
	if site.HasCategory("法定主动公开内容/其他法定主动公开信息") {
		b.WriteString("catalogue: 法定主动公开内容/其他法定主动公开信息\n")
	}
	fmt.Fprintf(&b, "keywords: [政府信息公开, 年度报告, %s年]\n", y)
	fmt.Fprintf(&b, "summary: 报告%s%s年政府信息公开工作总体情况，主动公开、依申请公开、行政复议和行政诉讼情况，存在的主要问题及改进情况和其他需要报告的事项。\n", agency, y)
	b.WriteString("body: |\n")
	fmt.Fprintf(&b, "  本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和%s要求编制。本报告中所列数据的统计期限自%s年1月1日起至%s年12月31日止。\n", basis[f.Name], y, y)
	b.WriteString("sections:\n")
	for _, s := range Sections {
		fmt.Fprintf(&b, "  %s: |  # %s\n    （待填写：%s）\n", s.Key, s.Heading, prompt(s.Key, site.Agency.Level))
	}
	b.WriteString("tables:\n")
	var walk func(n *node, path string, indent string)
	walk = func(n *node, path string, indent string) {
		for _, c := range n.children {
			if c.optional {
				continue
			}
			p := c.key
			if path != "" {
				p = path + "." + c.key
			}
			if c.leaf == nil {
				fmt.Fprintf(&b, "%s%s:", indent, c.key)
				if h := heading(f, p); h != "" {
					fmt.Fprintf(&b, "  # %s", h)
				}
				b.WriteString("\n")
				walk(c, p, indent+"  ")
				continue
			}
			switch {
			case hasKey(counted, p):
				fmt.Fprintf(&b, "%s%s: %d  # 按本站目录统计\n", indent, c.key, counted[p])
			case hasKey(from, p):
				fmt.Fprintf(&b, "%s%s: %d  # %s\n", indent, c.key, from[p], source[p])
			default:
				fmt.Fprintf(&b, "%s%s: 0  # 待填写：%s\n", indent, c.key, c.leaf.Cols[len(c.leaf.Cols)-1])
			}
		}
	}
	walk(trie(f), "", "  ")
	return []byte(b.String()), nil
}

// basis names the national notice each format follows.
var basis = map[string]string{
	"2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）",
	"2019": "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告的有关要求及年度报告格式（试行）",
}

// prompt says what a narrative part must cover (条例 Art. 50), for an
// agency of level: a government's 第五部分 also reports its 工作考核、社会
// 评议和责任追究结果.
func prompt(key, level string) string {
	switch key {
	case "overview":
		return "本年度政府信息公开工作的总体情况"
	case "problems":
		if level == "government" {
			return "政府信息公开工作存在的主要问题及改进情况，以及工作考核、社会评议和责任追究结果情况"
		}
		return "政府信息公开工作存在的主要问题及改进情况"
	}
	return "其他需要报告的事项，如收取信息处理费的情况"
}

// yamlQuote writes s as a YAML double-quoted scalar.
func yamlQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func hasKey(m map[string]int64, k string) bool {
	_, ok := m[k]
	return ok
}

// heading names a level of the key tree at path: the section for a table's
// key, else the row or column heading the key stands for.
func heading(f *Format, path string) string {
	keys := strings.Split(path, ".")
	for _, t := range f.Tables {
		if t.Prefix != keys[0] {
			continue
		}
		if len(keys) == 1 {
			return t.Section
		}
		if h := findRow(t.Rows, keys[1:]); h != "" {
			return h
		}
		if h := findCol(t.Cols, keys[1:]); h != "" {
			return h
		}
	}
	return ""
}

func findRow(rows []Row, keys []string) string {
	for _, r := range rows {
		switch {
		case r.Key == "":
			if h := findRow(r.Rows, keys); h != "" {
				return h
			}
		case r.Key == keys[0] && len(keys) == 1:
			return r.Label
		case r.Key == keys[0]:
			return findRow(r.Rows, keys[1:])
		}
	}
	return ""
}

func findCol(cols []Col, keys []string) string {
	for _, c := range cols {
		switch {
		case c.Key == "":
			if h := findCol(c.Cols, keys); h != "" {
				return h
			}
		case c.Key == keys[0] && len(keys) == 1:
			return c.Label
		case c.Key == keys[0]:
			return findCol(c.Cols, keys[1:])
		}
	}
	return ""
}
