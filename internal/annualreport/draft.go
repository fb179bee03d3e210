package annualreport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/catalogue"
)

// Draft writes a complete YAML annual report for year in format (2021 or
// 2019): the figures the catalogue can count filled in, 上年结转 taken from
// last year's report where it has the tables, and every other figure 0
// with a comment asking for it to be filled. taken are the index numbers in
// use (drafts too); the draft takes the next free one of the year after.
func Draft(cat *catalogue.Catalogue, set *Set, year int, format string, taken []string) ([]byte, error) {
	f := FormatOf(format)
	if f == nil {
		return nil, fmt.Errorf("format %q: want 2021 or 2019", format)
	}
	site := cat.Site
	indexNo, err := site.NextIndexNo(taken, year+1)
	if err != nil {
		return nil, err
	}
	agency := site.Agency.Name
	if agency == "" {
		agency = "本机关"
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
	y := strconv.Itoa(year)
	fmt.Fprintf(&b, "# %s%s年政府信息公开工作年度报告：草稿，由 gongkai report draft %s 生成。\n", agency, y, y)
	b.WriteString("# 标有“待填写”的数字暂为 0，请按实际填写；其余数字由本站目录统计或取自上一年度年报，请核对。\n")
	b.WriteString("# 发布日期、索引号请按实际修改；编辑期间可加上 draft: true。\n")
	fmt.Fprintf(&b, "index_no: %s\n", indexNo)
	fmt.Fprintf(&b, "title: %s%s年政府信息公开工作年度报告\n", agency, y)
	fmt.Fprintf(&b, "year: %d\n", year)
	fmt.Fprintf(&b, "format: \"%s\"\n", f.Name)
	fmt.Fprintf(&b, "published: %d-01-20\n", year+1)
	if site.HasGenre("报告") {
		b.WriteString("genre: 报告\n")
	}
	if site.HasCatalogue("法定主动公开内容/其他法定主动公开信息") {
		b.WriteString("catalogue: 法定主动公开内容/其他法定主动公开信息\n")
	}
	fmt.Fprintf(&b, "keywords: [政府信息公开, 年度报告, %s年]\n", y)
	b.WriteString("body: |\n")
	fmt.Fprintf(&b, "  本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息公开办公室有关要求编制。本报告中所列数据的统计期限自%s年1月1日起至%s年12月31日止。\n", y, y)
	b.WriteString("sections:\n")
	for _, s := range Sections {
		fmt.Fprintf(&b, "  %s: |  # %s\n    （待填写）\n", s.Key, s.Heading)
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
