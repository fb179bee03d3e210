package record

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/markdown"
)

// enSite is the default site with English messages, as the tests compare
// messages in English.
func enSite() *config.Site {
	s := config.Default()
	s.Language = "en"
	return s
}

// decode reads src as the record file content/rel, as the build does: load.Text
// first, then Decode. It returns the record and the diagnostics as strings.
func decode(t testing.TB, site *config.Site, rel, src string, assets map[string]*load.Asset) (*Record, []string) {
	t.Helper()
	text, problem := load.Text([]byte(src))
	if problem != "" {
		t.Fatalf("load.Text: %s", problem)
	}
	r := diag.NewReporter(false)
	rec := Decode(&load.File{Rel: rel, Path: "content/" + rel, Data: text}, site, assets, r)
	return rec, strings_(r, site.Language)
}

// strings_ is r's diagnostics as lines in lang.
func strings_(r *diag.Reporter, lang string) []string {
	var out []string
	for _, d := range r.Diagnostics() {
		out = append(out, d.Format(lang))
	}
	return out
}

// md is a valid policy record with extra front matter lines from line 5 on:
//
//	1 ---
//	2 index_no: X1/2024-00001
//	3 title: 通知
//	4 published: 2024-03-05
//	5 extra...
func md(extra ...string) string {
	s := "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished: 2024-03-05\n"
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\n正文\n"
}

const policyRel = "policies/2024/a.md"

// A record with every field, in English keys, gives no diagnostics.
const fullPolicy = `---
index_no: 11430100MB1234567X/2024-00001
title: 关于印发《示例市房屋租赁管理办法》的通知
doc_no: 示政发〔2024〕1号
issuer: [示例市人民政府, 示例市住房和城乡建设局]
publisher: 示例市住房和城乡建设局
written: 2024-03-01
published: 2024-03-05
effective: 2024-04-01
expires: 2029-03-31
validity: in_force
topic: 城乡建设、环境保护/城乡建设（含住房）
genre: 通知
catalogue: [法定主动公开内容/法规、规章和规范性文件, 法定主动公开内容/民生政策与实施情况]
keywords: [房屋, 租赁]
summary: " 规范房屋租赁。 "
disclosure: proactive
scope: public
repeals: 11430100MB1234567X/2020-00009
amends: [11430100MB1234567X/2022-00003]
attachments:
  - file: 附件1.pdf
    title: 附件1：合同示范文本
  - 附件2.doc
slug: fangwu-zulin
aliases: [/old/fangwu.html, /zhengce/fangwu/]
draft: false
---
# 第一章 总则
`

// TestDecodeRules has one or more cases for every rule a single record can
// break, with the exact diagnostics: rule, severity, path:line:col and
// message with its values (in English).
func TestDecodeRules(t *testing.T) {
	for _, c := range []struct {
		name   string
		rel    string // default policyRel
		src    string
		assets []string // content-relative files beside the records
		want   []string
	}{
		// The no-problem cases.
		{name: "valid minimal", src: md()},
		{name: "valid page without index_no", rel: "pages/guide.md", src: "---\ntitle: 公开指南\npublished: 2024-01-01\n---\n"},
		{name: "valid YAML record", rel: "reports/annual/2024.yaml", src: "index_no: X1/2024-00002\ntitle: 年报\npublished: 2024-01-20\nyear: 2023\nformat: 2021\nbody: |\n  正文\n"},

		// Reading the file.
		{name: "front-matter missing", src: "# 关于印发的通知\n\n正文\n",
			want: []string{"content/policies/2024/a.md:1:1: error: front matter must open on line 1 with --- and close with a --- line [front-matter]"}},
		{name: "front-matter not on line 1", src: "\n" + md(),
			want: []string{"content/policies/2024/a.md:1:1: error: front matter must open on line 1 with --- and close with a --- line [front-matter]"}},
		{name: "front-matter unclosed", src: "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished: 2024-03-05\n\n正文\n",
			want: []string{"content/policies/2024/a.md:1:1: error: front matter must open on line 1 with --- and close with a --- line [front-matter]"}},

		// YAML. Lines are lines of the file: the front matter starts on line 2.
		{name: "yaml-syntax bad flow sequence (parser)", src: md("issuer: [示例市人民政府, 示例市住房和城乡建设局", "genre: 通知"),
			want: []string{"content/policies/2024/a.md:5:9: error: YAML syntax error: did not find expected ',' or ']' [yaml-syntax]"}},
		{name: "yaml-syntax bad indentation (parser)", src: md("attachments:", "  - file: a.pdf", "    title: A", "   - file: b.pdf"),
			want: []string{"content/policies/2024/a.md:8:4: error: YAML syntax error: did not find expected '-' indicator [yaml-syntax]"}},
		{name: "yaml-syntax colon in value (scanner)", src: md("summary: 说明: 见附件"),
			want: []string{"content/policies/2024/a.md:5:12: error: YAML syntax error: mapping values are not allowed in this context [yaml-syntax]"}},
		{name: "yaml-syntax unclosed quote (scanner)", src: md(`summary: "未闭合`, "genre: 通知"),
			want: []string{"content/policies/2024/a.md:5:1: error: YAML syntax error: found unexpected end of stream [yaml-syntax]"}},
		{name: "yaml-syntax on the first line", src: "---\ntitle: 关于: 通知\n---\n",
			want: []string{"content/policies/2024/a.md:2:10: error: YAML syntax error: mapping values are not allowed in this context [yaml-syntax]"}},
		{name: "yaml-syntax in a YAML record", rel: "reports/annual/2024.yaml", src: "index_no: X1/2024-00002\ntitle: 年报\n  year: 2023\n",
			want: []string{"content/reports/annual/2024.yaml:3:3: error: YAML syntax error: mapping values are not allowed in this context [yaml-syntax]"}},
		{name: "yaml-syntax nested too deep", src: md("keywords: " + strings.Repeat("[", 10000)),
			want: []string{"content/policies/2024/a.md:6:1: error: YAML syntax error: did not find expected node content [yaml-syntax]"}},
		{name: "yaml-alias anchor", src: md("issuer: &jg 示例市人民政府"),
			want: []string{"content/policies/2024/a.md:5:9: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]"}},
		{name: "yaml-alias alias", src: md("issuer: &jg 示例市人民政府", "publisher: *jg"),
			want: []string{
				"content/policies/2024/a.md:5:9: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]",
				"content/policies/2024/a.md:6:12: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]",
			}},
		{name: "duplicate-key", src: md("issuer: 甲", "title: 另一个标题"),
			want: []string{"content/policies/2024/a.md:6:1: error: key title repeated; first given on line 3 [duplicate-key]"}},
		{name: "duplicate-key Chinese and English", src: md("标题: 另一个标题"),
			want: []string{"content/policies/2024/a.md:5:1: error: key 标题 repeated; first given on line 3 [duplicate-key]"}},
		{name: "duplicate-key in an attachment", src: md("attachments:", "  - file: a.pdf", "    file: b.pdf"),
			want: []string{"content/policies/2024/a.md:7:5: error: key file repeated; first given on line 6 [duplicate-key]"}},
		{name: "not-mapping list", src: "---\n- title\n- published\n---\n",
			want: []string{"content/policies/2024/a.md:2:1: error: a record must be a mapping of key: value [not-mapping]"}},
		{name: "not-mapping empty", src: "---\n---\n正文\n",
			want: []string{"content/policies/2024/a.md:2:1: error: a record must be a mapping of key: value [not-mapping]"}},
		{name: "not-mapping empty YAML record", rel: "reports/annual/2024.yaml", src: "# nothing yet\n",
			want: []string{"content/reports/annual/2024.yaml:1:1: error: a record must be a mapping of key: value [not-mapping]"}},
		{name: "unknown-key", src: md("titel: 通知"),
			want: []string{"content/policies/2024/a.md:5:1: warning: unknown key titel (a typo?) [unknown-key]"}},
		{name: "unknown-key in attachment", rel: "policies/2024/b/index.md", assets: []string{"policies/2024/b/附件1.pdf"},
			src:  md("attachments:", "  - file: 附件1.pdf", "    size: 1"),
			want: []string{"content/policies/2024/b/index.md:7:5: warning: unknown key attachments.size (a typo?) [unknown-key]"}},
		{name: "type list for text", src: md("publisher: [甲, 乙]"),
			want: []string{"content/policies/2024/a.md:5:12: error: publisher must be text [type]"}},
		{name: "type mapping for list", src: md("keywords: {房屋: 租赁}"),
			want: []string{"content/policies/2024/a.md:5:11: error: keywords must be a list of text items [type]"}},
		{name: "type nested list", src: md("keywords: [房屋, [租赁]]"),
			want: []string{"content/policies/2024/a.md:5:16: error: keywords must be a list of text items [type]"}},
		{name: "type draft", src: md("draft: maybe"),
			want: []string{"content/policies/2024/a.md:5:8: error: draft must be true or false [type]"}},
		{name: "type year", rel: "reports/annual/2024.yaml", src: "index_no: X1/2024-00002\ntitle: 年报\npublished: 2024-01-20\nyear: 23\n",
			want: []string{"content/reports/annual/2024.yaml:4:7: error: year must be a year such as 2024 [type]"}},
		{name: "type attachments", src: md("attachments: 附件1.pdf"),
			want: []string{"content/policies/2024/a.md:5:14: error: attachments must be a list of {file, title} [type]"}},

		// Fields.
		{name: "required title", src: "---\nindex_no: X1/2024-00001\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:1:1: error: missing required field title [required]"}},
		{name: "required title empty", src: "---\nindex_no: X1/2024-00001\ntitle: \"\"\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:3:8: error: missing required field title [required]"}},
		{name: "required index_no", src: "---\ntitle: 通知\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:1:1: error: missing required field index_no [required]"}},
		{name: "required index_no empty", src: "---\nindex_no:\ntitle: 通知\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:2:10: error: missing required field index_no [required]"}},
		{name: "required published", src: "---\nindex_no: X1/2024-00001\ntitle: 通知\n---\n",
			want: []string{"content/policies/2024/a.md:1:1: error: missing required field published [required]"}},
		{name: "required published empty", src: "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished:\n---\n",
			want: []string{"content/policies/2024/a.md:4:11: error: missing required field published [required]"}},
		{name: "required published on a page", rel: "pages/about.md", src: "---\ntitle: 关于我们\n---\n",
			want: []string{"content/pages/about.md:1:1: error: missing required field published [required]"}},
		{name: "required interprets", rel: "interpretations/2024/j.md", src: md(),
			want: []string{"content/interpretations/2024/j.md:1:1: error: missing required field interprets [required]"}},
		{name: "required attachment file", src: md("attachments:", "  - title: 附件1"),
			want: []string{"content/policies/2024/a.md:6:5: error: missing required field attachments.file [required]"}},
		{name: "duplicate-key with a block scalar", src: md("title: |", "  关于印发", "  的通知"),
			want: []string{
				"content/policies/2024/a.md:5:1: error: key title repeated; first given on line 3 [duplicate-key]",
			}},
		{name: "one-line title", src: "---\nindex_no: X1/2024-00001\ntitle: |\n  关于印发\n  的通知\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:3:8: error: title must be one line [one-line]"}},
		{name: "date-format", src: md("written: 2023/2/3"),
			want: []string{"content/policies/2024/a.md:5:10: error: written: \"2023/2/3\" is not a date of the form YYYY-MM-DD [date-format]"}},
		{name: "date-format short", src: "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished: 2024-3-5\n---\n",
			want: []string{"content/policies/2024/a.md:4:12: error: published: \"2024-3-5\" is not a date of the form YYYY-MM-DD [date-format]"}},
		{name: "date-format with time", src: md("effective: 2024-04-01T00:00:00Z"),
			want: []string{"content/policies/2024/a.md:5:12: error: effective: \"2024-04-01T00:00:00Z\" is not a date of the form YYYY-MM-DD [date-format]"}},
		{name: "date-format Chinese", src: md("成文日期: 2024年3月1日"),
			want: []string{"content/policies/2024/a.md:5:7: error: 成文日期: \"2024年3月1日\" is not a date of the form YYYY-MM-DD [date-format]"}},
		{name: "date-invalid", src: "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished: 2023-02-30\n---\n",
			want: []string{"content/policies/2024/a.md:4:12: error: published: the date \"2023-02-30\" does not exist [date-invalid]"}},
		{name: "date-invalid not a leap year", src: md("expires: 2023-02-29"),
			want: []string{"content/policies/2024/a.md:5:10: error: expires: the date \"2023-02-29\" does not exist [date-invalid]"}},
		{name: "date-invalid month", src: md("effective: 2024-13-01"),
			want: []string{"content/policies/2024/a.md:5:12: error: effective: the date \"2024-13-01\" does not exist [date-invalid]"}},
		{name: "valid leap day", src: md("effective: 2024-02-29")},
		// Fields are named as the editor wrote them, or in Chinese when the
		// file's keys are Chinese.
		{name: "date-order Chinese keys", src: "---\n索引号: X1/2024-00001\n标题: 通知\n发布日期: 2024-03-05\n成文日期: 2024-03-06\n---\n",
			want: []string{"content/policies/2024/a.md:4:7: error: 发布日期 (2024-03-05) is before 成文日期 (2024-03-06) [date-order]"}},
		{name: "required Chinese keys", src: "---\n索引号: X1/2024-00001\n标题: 通知\n---\n",
			want: []string{"content/policies/2024/a.md:1:1: error: missing required field 发布日期 [required]"}},
		// Full-width forms from Word or a Chinese input method.
		{name: "fullwidth-colon", src: "---\nindex_no: X1/2024-00001\n标题：通知\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:3:3: error: the full-width colon \"：\" after 标题 makes it no key YAML can read: type an ASCII colon and a space, as in \"标题: …\" [fullwidth-colon]"}},
		{name: "fullwidth-colon in a YAML record", rel: "reports/annual/2024.yaml", src: "index_no: X1/2024-00002\n发布日期：2024-01-20\ntitle: 年报\n",
			want: []string{"content/reports/annual/2024.yaml:2:5: error: the full-width colon \"：\" after 发布日期 makes it no key YAML can read: type an ASCII colon and a space, as in \"发布日期: …\" [fullwidth-colon]"}},
		{name: "valid full-width colon in a value", src: md("summary: 要点：一是……")},
		{name: "fullwidth-digits", src: md("成文日期: ２０２４-03-01"),
			want: []string{"content/policies/2024/a.md:5:7: warning: 成文日期: the date \"２０２４-03-01\" has full-width digits; read as \"2024-03-01\" — type ASCII digits [fullwidth-digits]"}},
		{name: "fullwidth-digits read", src: md("written: ２０２４－０３－０６"),
			want: []string{
				"content/policies/2024/a.md:4:12: error: published (2024-03-05) is before written (2024-03-06) [date-order]",
				"content/policies/2024/a.md:5:10: warning: written: the date \"２０２４－０３－０６\" has full-width digits; read as \"2024-03-06\" — type ASCII digits [fullwidth-digits]",
			}},
		{name: "fullwidth-space", src: md("成文日期\u3000: 2024-03-06"),
			want: []string{
				"content/policies/2024/a.md:4:12: error: published (2024-03-05) is before 成文日期 (2024-03-06) [date-order]",
				"content/policies/2024/a.md:5:1: warning: the key \"成文日期\\u3000\" holds a full-width space; read as 成文日期 — delete the space [fullwidth-space]",
			}},
		{name: "date-order published before written", src: md("written: 2024-03-06"),
			want: []string{"content/policies/2024/a.md:4:12: error: published (2024-03-05) is before written (2024-03-06) [date-order]"}},
		{name: "date-order expires before effective", src: md("effective: 2024-04-01", "expires: 2024-03-31"),
			want: []string{"content/policies/2024/a.md:6:10: error: expires (2024-03-31) is before effective (2024-04-01) [date-order]"}},
		{name: "valid published on the day written", src: md("written: 2024-03-05")},
		{name: "late-publication", src: md("written: 2024-01-01"), // 2024-01-01 is a Monday; 2024-03-05 is 46 working days on
			want: []string{"content/policies/2024/a.md:4:12: warning: published 46 working days after written, more than the 20 of Art. 26 of the Regulations [late-publication]"}},
		{name: "late-publication 21 working days", src: md("written: 2024-02-05"),
			want: []string{"content/policies/2024/a.md:4:12: warning: published 21 working days after written, more than the 20 of Art. 26 of the Regulations [late-publication]"}},
		{name: "valid 20 working days", src: md("written: 2024-02-06")},
		{name: "enum validity", src: md("validity: 作废"),
			want: []string{"content/policies/2024/a.md:5:11: error: validity: unknown value \"作废\"; expected one of 有效/in_force, 失效/expired, 废止/repealed, 已修改/amended [enum]"}},
		{name: "enum disclosure", src: md("公开方式: 公开"),
			want: []string{"content/policies/2024/a.md:5:7: error: 公开方式: unknown value \"公开\"; expected one of 主动公开/proactive, 依申请公开/on_request [enum]"}},
		{name: "enum scope", src: md("scope: internal"),
			want: []string{"content/policies/2024/a.md:5:8: error: scope: unknown value \"internal\"; expected one of 面向社会/public, 特定群体/specific [enum]"}},
		{name: "enum format", rel: "reports/annual/2024.yaml", src: "index_no: X1/2024-00002\ntitle: 年报\npublished: 2024-01-20\nformat: 2020\n",
			want: []string{"content/reports/annual/2024.yaml:4:9: error: format: unknown value \"2020\"; expected one of narrative, 2019, 2021 [enum]"}},
		{name: "kind-folder misspelt in Chinese", rel: "通知公示/2024/a.md", src: md(),
			want: []string{"content/通知公示/2024/a.md:1:1: error: the folder 通知公示/ is no kind's folder: did you mean notices/（通知公告/）? (or give the record a kind:) [kind-folder]"}},
		{name: "kind-folder misspelt in English", rel: "polices/2024/a.md", src: md(),
			want: []string{"content/polices/2024/a.md:1:1: error: the folder polices/ is no kind's folder: did you mean policies/（政策文件/）? (or give the record a kind:) [kind-folder]"}},
		{name: "kind-folder near a short Chinese name", rel: "解读材料/a.md", src: md(),
			want: []string{"content/解读材料/a.md:1:1: error: the folder 解读材料/ is no kind's folder: did you mean interpretations/（政策解读/）? (or give the record a kind:) [kind-folder]"}},
		{name: "valid kind by a folder of its Chinese name", rel: "通知公告/2024/a.md", src: md()},
		{name: "valid kind by a folder of its short Chinese name", rel: "年报/2024.yaml", src: "index_no: X1/2024-00002\ntitle: 年报\npublished: 2024-01-20\n"},
		{name: "kind unknown value", src: md("kind: memo"),
			want: []string{"content/policies/2024/a.md:5:7: error: unknown kind \"memo\"; expected one of policy, interpretation, notice, report, annual_report, page [kind]"}},
		{name: "index-no-pattern", src: "---\nindex_no: 2024-1\ntitle: 通知\npublished: 2024-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:2:11: error: index_no \"2024-1\" does not have the site's form (such as 000000000/2024-00001) [index-no-pattern]"}},
		{name: "index-no-pattern example year", src: "---\nindex_no: X1/2019-1\ntitle: 通知\npublished: 2019-03-05\n---\n",
			want: []string{"content/policies/2024/a.md:2:11: error: index_no \"X1/2019-1\" does not have the site's form (such as 000000000/2019-00001) [index-no-pattern]"}},
		{name: "doc-no-brackets square", src: md("doc_no: 示政发[2024]1号"),
			want: []string{"content/policies/2024/a.md:5:9: warning: doc_no \"示政发[2024]1号\" should put the year in 〔〕; read as \"示政发〔2024〕1号\" [doc-no-brackets]"}},
		{name: "doc-no-brackets lenticular", src: md("文号: 示政发【2024】1号"),
			want: []string{"content/policies/2024/a.md:5:5: warning: doc_no \"示政发【2024】1号\" should put the year in 〔〕; read as \"示政发〔2024〕1号\" [doc-no-brackets]"}},
		{name: "doc-no-brackets parentheses", src: md("doc_no: \"示政发(2024)1号\""),
			want: []string{"content/policies/2024/a.md:5:9: warning: doc_no \"示政发(2024)1号\" should put the year in 〔〕; read as \"示政发〔2024〕1号\" [doc-no-brackets]"}},
		{name: "doc-no-brackets full-width parentheses", src: md("发文字号: 示政发（2024）1号"),
			want: []string{"content/policies/2024/a.md:5:7: warning: doc_no \"示政发（2024）1号\" should put the year in 〔〕; read as \"示政发〔2024〕1号\" [doc-no-brackets]"}},
		{name: "valid doc_no", src: md("doc_no: 示政发〔2024〕1号")},
		{name: "topic", src: md("topic: 公安"),
			want: []string{"content/policies/2024/a.md:5:8: error: topic \"公安\" is not in the topic tree [topic]"}},
		{name: "topic too deep", src: md("主题分类: 公安、安全、司法/公安/治安"),
			want: []string{"content/policies/2024/a.md:5:7: error: topic \"公安、安全、司法/公安/治安\" is not in the topic tree [topic]"}},
		{name: "valid topic first level", src: md("topic: 公安、安全、司法")},
		{name: "genre", src: md("genre: 办法"),
			want: []string{"content/policies/2024/a.md:5:8: error: genre \"办法\" is not a known genre [genre]"}},
		{name: "catalogue", src: md("catalogue:", "  - 法定主动公开内容/规划信息", "  - 法定主动公开内容/人事任免"),
			want: []string{"content/policies/2024/a.md:7:5: error: catalogue \"法定主动公开内容/人事任免\" is not in the catalogue tree [catalogue]"}},
		{name: "slug with a slash", src: md("slug: 2024/fangwu"),
			want: []string{"content/policies/2024/a.md:5:7: error: slug \"2024/fangwu\" may hold only letters, digits, Chinese characters, -, _ and . [slug]"}},
		{name: "slug with a space", src: md("slug: fang wu"),
			want: []string{"content/policies/2024/a.md:5:7: error: slug \"fang wu\" may hold only letters, digits, Chinese characters, -, _ and . [slug]"}},
		{name: "slug dot-dot", src: md("slug: .."),
			want: []string{"content/policies/2024/a.md:5:7: error: slug \"..\" may hold only letters, digits, Chinese characters, -, _ and . [slug]"}},
		{name: "slug empty", src: md("slug: \"\""),
			want: []string{"content/policies/2024/a.md:5:7: error: slug \"\" may hold only letters, digits, Chinese characters, -, _ and . [slug]"}},
		{name: "valid slugs", src: md("slug: 房屋-租赁_2024.v2")},
		{name: "alias relative", src: md("aliases: [old/a.html]"),
			want: []string{"content/policies/2024/a.md:5:11: error: alias \"old/a.html\" must be a site path starting with /, without .. or a query [alias]"}},
		{name: "alias dot-dot", src: md("aliases:", "  - /ok/", "  - /a/../../etc/"),
			want: []string{"content/policies/2024/a.md:7:5: error: alias \"/a/../../etc/\" must be a site path starting with /, without .. or a query [alias]"}},
		{name: "alias query", src: md("aliases: [\"/a?id=1\"]"),
			want: []string{"content/policies/2024/a.md:5:11: error: alias \"/a?id=1\" must be a site path starting with /, without .. or a query [alias]"}},
		{name: "alias other host", src: md("aliases: [//evil.example/]"),
			want: []string{"content/policies/2024/a.md:5:11: error: alias \"//evil.example/\" must be a site path starting with /, without .. or a query [alias]"}},
		{name: "valid aliases", src: md("aliases: [/old/fangwu.html, /zhengce/房屋/]")},
	} {
		t.Run(c.name, func(t *testing.T) {
			rel := c.rel
			if rel == "" {
				rel = policyRel
			}
			assets := map[string]*load.Asset{}
			for _, a := range c.assets {
				assets[a] = &load.Asset{Abs: "/content/" + a}
			}
			start := time.Now()
			_, got := decode(t, enSite(), rel, c.src, assets)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Decode(%q):\n got %s\nwant %s", c.src, quoteAll(got), quoteAll(c.want))
			}
			// CRLF line endings and a byte-order mark change nothing.
			crlf := "\xEF\xBB\xBF" + strings.ReplaceAll(c.src, "\n", "\r\n")
			if _, got := decode(t, enSite(), rel, crlf, assets); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("with BOM and CRLF:\n got %s\nwant %s", quoteAll(got), quoteAll(c.want))
			}
		})
	}
}

func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "(none)"
	}
	return "\n\t" + strings.Join(ss, "\n\t")
}

func TestDecodeFullRecord(t *testing.T) {
	rel := "policies/2024/fangwu/index.md"
	assets := map[string]*load.Asset{
		"policies/2024/fangwu/附件1.pdf": {Abs: "/c/policies/2024/fangwu/附件1.pdf", Size: 1234},
		"policies/2024/fangwu/附件2.doc": {Abs: "/c/policies/2024/fangwu/附件2.doc", Size: 99},
	}
	site := enSite()
	site.Agency.Name = "示例市人民政府办公室"
	r, diags := decode(t, site, rel, fullPolicy, assets)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	check := func(field string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", field, got, want)
		}
	}
	check("Rel", r.Rel, rel)
	check("Path", r.Path, "content/"+rel)
	check("Dir", r.Dir, "policies/2024/fangwu")
	check("Bundle", r.Bundle, true)
	check("Kind", r.Kind, config.Policy)
	check("IndexNo", r.IndexNo, "11430100MB1234567X/2024-00001")
	check("Title", r.Title, "关于印发《示例市房屋租赁管理办法》的通知")
	check("DocNo", r.DocNo, "示政发〔2024〕1号")
	check("Issuers", r.Issuers, []string{"示例市人民政府", "示例市住房和城乡建设局"})
	check("Issuer", r.Issuer(), "示例市人民政府")
	check("Publisher", r.Publisher, "示例市住房和城乡建设局")
	check("Written", r.Written, day("2024-03-01"))
	check("Published", r.Published, day("2024-03-05"))
	check("Effective", r.Effective, day("2024-04-01"))
	check("Expires", r.Expires, day("2029-03-31"))
	check("Validity", r.Validity, InForce)
	check("Topic", r.Topic, "城乡建设、环境保护/城乡建设（含住房）")
	check("Genre", r.Genre, "通知")
	check("Categories", r.Categories, []string{"法定主动公开内容/法规、规章和规范性文件", "法定主动公开内容/民生政策与实施情况"})
	check("Keywords", r.Keywords, []string{"房屋", "租赁"})
	check("Summary", r.Summary, "规范房屋租赁。")
	check("Disclosure", r.Disclosure, "proactive")
	check("Scope", r.Scope, "public")
	check("Repeals", r.Repeals, []Ref{{"11430100MB1234567X/2020-00009", diag.Pos{Path: "content/" + rel, Line: 19, Col: 10}}})
	check("Amends", r.Amends, []Ref{{"11430100MB1234567X/2022-00003", diag.Pos{Path: "content/" + rel, Line: 20, Col: 10}}})
	check("Attachments", r.Attachments, []Attachment{
		{File: "附件1.pdf", Title: "附件1：合同示范文本", Rel: "policies/2024/fangwu/附件1.pdf", Abs: "/c/policies/2024/fangwu/附件1.pdf", Size: 1234},
		{File: "附件2.doc", Title: "附件2.doc", Rel: "policies/2024/fangwu/附件2.doc", Abs: "/c/policies/2024/fangwu/附件2.doc", Size: 99},
	})
	check("Slug", r.Slug, "fangwu-zulin")
	check("Aliases", r.Aliases, []string{"/old/fangwu.html", "/zhengce/fangwu/"})
	check("Draft", r.Draft, false)
	check("Body", string(r.Markdown), "# 第一章 总则\n")
	check("BodyLine", r.BodyLine, 29)
	check("At(title)", r.At("title"), diag.Pos{Path: "content/" + rel, Line: 3, Col: 8})
	check("At(none)", r.At("interprets"), diag.Pos{Path: "content/" + rel, Line: 1, Col: 1})
}

// Editors write keys and values in Chinese; they mean the same.
func TestDecodeChinese(t *testing.T) {
	src := `---
索引号: X1/2024-00001
名称: 关于废止的决定
文号: 示政发〔2024〕2号
发文机关: 示例市人民政府
发布机构: 示例市司法局
成文日期: 2024-03-01
发布日期: 2024-03-05
施行日期: 2024-03-05
失效日期: 2025-03-05
有效性: 废止
主题分类: 公安、安全、司法/司法
体裁分类: 决定
目录分类: 法定主动公开内容/法规、规章和规范性文件
关键词: 废止
内容概述: 废止若干文件。
公开方式: 依申请公开
公开范围: 特定群体
废止: [X1/2020-00001, X1/2020-00002]
修改: X1/2021-00001
附件:
  - 文件: 目录.pdf
    名称: 废止文件目录
草稿: 是
---
`
	assets := map[string]*load.Asset{"policies/2024/目录.pdf": {Abs: "/x"}}
	r, diags := decode(t, enSite(), policyRel, src, assets)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %s", quoteAll(diags))
	}
	got := fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s|%s|%s|%v|%s|%s|%d|%d|%s|%s|%v",
		r.IndexNo, r.Title, r.DocNo, r.Issuer(), r.Publisher, r.Validity, r.Topic, r.Genre, r.Categories, r.Keywords,
		r.Disclosure, r.Scope, len(r.Repeals), len(r.Amends), r.Attachments[0].Title, r.Attachments[0].Rel, r.Draft)
	want := "X1/2024-00001|关于废止的决定|示政发〔2024〕2号|示例市人民政府|示例市司法局|repealed|公安、安全、司法/司法|决定|[法定主动公开内容/法规、规章和规范性文件]|[废止]|on_request|specific|2|1|废止文件目录|policies/2024/目录.pdf|true"
	if got != want {
		t.Errorf("decoded\n%s\nwant\n%s", got, want)
	}
	for zh, want := range map[string]Validity{"有效": InForce, "in_force": InForce, "失效": Expired, "expired": Expired, "废止": Repealed, "repealed": Repealed, "已修改": Amended, "amended": Amended} {
		r, diags := decode(t, enSite(), policyRel, md("有效性: "+zh), nil)
		if r.Validity != want || len(diags) > 0 {
			t.Errorf("有效性: %s gives %q, %q; want %q", zh, r.Validity, diags, want)
		}
	}
	for v, want := range map[string]bool{"true": true, "yes": true, "是": true, "True": true, "false": false, "否": false, "no": false} {
		r, diags := decode(t, enSite(), policyRel, md("draft: "+v), nil)
		if r.Draft != want || len(diags) > 0 {
			t.Errorf("draft: %s gives %v, %q", v, r.Draft, diags)
		}
	}
}

func TestDecodeDefaults(t *testing.T) {
	site := enSite()
	site.Agency.Name = "示例市公安局"
	r, _ := decode(t, site, policyRel, md(), nil)
	if r.Validity != InForce || r.Disclosure != "proactive" || r.Scope != "public" || r.Publisher != "示例市公安局" {
		t.Errorf("defaults: %q %q %q %q", r.Validity, r.Disclosure, r.Scope, r.Publisher)
	}
	if r.Bundle || r.Dir != "policies/2024" || string(r.Markdown) != "正文\n" || r.BodyLine != 6 {
		t.Errorf("bundle %v, dir %q, body %q at %d", r.Bundle, r.Dir, r.Markdown, r.BodyLine)
	}
	// An annual report reports on the year before its publication.
	r, _ = decode(t, site, "reports/annual/2023.yaml", "index_no: X1/2024-00002\ntitle: 年报\npublished: 2024-01-20\n", nil)
	if r.Kind != config.AnnualReport || r.Year != 2023 || r.Format != "narrative" {
		t.Errorf("annual report: kind %q, year %d, format %q", r.Kind, r.Year, r.Format)
	}
	if r.Markdown != nil || r.Bundle {
		t.Errorf("YAML record without body: body %q", r.Markdown)
	}
}

// The first folder gives the kind; the longest kind folder wins; kind:
// overrides it.
func TestDecodeKind(t *testing.T) {
	for _, c := range []struct {
		rel, extra string
		want       config.Kind
	}{
		{"policies/2024/a.md", "", config.Policy},
		{"interpretations/a.md", "interprets: X1/2024-00009", config.Interpretation},
		{"notices/a.md", "", config.Notice},
		{"reports/a.md", "", config.Report},
		{"reports/annual/a.md", "", config.AnnualReport},
		{"reports/annualx/a.md", "", config.Report},
		{"pages/a.md", "", config.Page},
		{"policies/a.md", "kind: notice", config.Notice},
		{"policies/a.md", "类型: 通知公告", config.Notice},
		{"misc/a.md", "kind: 政策文件", config.Policy},
		{"reports/annual/a.md", "kind: report", config.Report},
		{"通知公告/2024/a.md", "", config.Notice},
		{"政策解读/a.md", "interprets: X1/2024-00009", config.Interpretation},
	} {
		r, diags := decode(t, enSite(), c.rel, md(c.extra), nil)
		if r == nil || r.Kind != c.want || len(diags) > 0 {
			t.Errorf("%s with %q: kind %v, %q; want %q", c.rel, c.extra, r, diags, c.want)
		}
	}
}

// Body positions: the line of the file on which the body starts.
func TestDecodeBodyLine(t *testing.T) {
	for _, c := range []struct {
		rel, src string
		body     string
		line     int
	}{
		{"policies/a.md", "---\ntitle: a\n---\n正文\n", "正文\n", 4},
		{"policies/a.md", "---\ntitle: a\n---\r\n\r\n正文\r\n", "\n正文\n", 4},
		{"policies/a.md", "---\ntitle: a\n---", "", 4},
		{"reports/a.yaml", "title: a\nbody: |\n  第一段\n\n  第二段\n", "第一段\n\n第二段\n", 3},
		{"reports/a.yaml", "title: a\nbody: >\n  第一段\n", "第一段\n", 3},
		{"reports/a.yaml", "title: a\n正文: 一行\n", "一行", 2},
	} {
		r, _ := decode(t, enSite(), c.rel, c.src, nil)
		if r == nil || string(r.Markdown) != c.body || r.BodyLine != c.line {
			t.Errorf("%q: body %q on line %d, want %q on line %d", c.src, r.Markdown, r.BodyLine, c.body, c.line)
		}
	}
}

func TestDecodeChineseMessages(t *testing.T) {
	site := config.Default() // zh-CN
	_, got := decode(t, site, policyRel, md("validity: 作废", "draft: 也许"), nil)
	want := []string{
		"content/policies/2024/a.md:5:11: error: validity：未知的值 \"作废\"，可选：有效/in_force, 失效/expired, 废止/repealed, 已修改/amended [enum]",
		"content/policies/2024/a.md:6:8: error: draft 应为true 或 false [type]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %s\nwant %s", quoteAll(got), quoteAll(want))
	}
	_, got = decode(t, site, "通知公示/2024/a.md", md(), nil)
	want = []string{"content/通知公示/2024/a.md:1:1: error: 文件夹 通知公示/ 不是记录类型的文件夹：是否应放在 notices/（通知公告/） 中？（也可以在记录中写明“类型:”） [kind-folder]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %s\nwant %s", quoteAll(got), quoteAll(want))
	}
}

// Every problem of a record is reported, not only the first.
func TestDecodeAllProblems(t *testing.T) {
	src := "---\nindex_no: 2024\ntitle: 通知\npublished: 2024-02-30\nwritten: 2024/1/1\ngenre: 办法\ntopic: x\nslug: a b\nfoo: 1\n---\n"
	_, got := decode(t, enSite(), policyRel, src, nil)
	var rules []string
	for _, g := range got {
		rules = append(rules, g[strings.LastIndex(g, "[")+1:len(g)-1])
	}
	want := []string{"index-no-pattern", "date-invalid", "date-format", "genre", "topic", "slug", "unknown-key"}
	if !slices.Equal(rules, want) {
		t.Errorf("rules %q, want %q\n%s", rules, want, quoteAll(got))
	}
}

func TestNormalizeDocNo(t *testing.T) {
	for in, want := range map[string]string{
		"示政发[2024]1号":     "示政发〔2024〕1号",
		"示政发【2024】1号":     "示政发〔2024〕1号",
		"示政发(2024)1号":     "示政发〔2024〕1号",
		"示政发（2024）1号":     "示政发〔2024〕1号",
		"示政发〔2024〕1号":     "示政发〔2024〕1号",
		"示政发[ 2024 ]1号":   "示政发〔2024〕1号",
		"示政发(2024】1号":     "示政发〔2024〕1号",
		"示政发〔2024]1号":     "示政发〔2024〕1号",
		"示政发[24]1号":       "示政发[24]1号",
		"示政发[20245]1号":    "示政发[20245]1号",
		"(2023)与(2024)":   "〔2023〕与〔2024〕",
		"":                "",
		"示政函〔2024〕1号(附件)": "示政函〔2024〕1号(附件)",
	} {
		if got := NormalizeDocNo(in); got != want {
			t.Errorf("NormalizeDocNo(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalizeDocNo(f *testing.F) {
	for _, s := range []string{"示政发[2024]1号", "【2024】", "(2024)", "（2024）", "〔2024〕", "[[2024]]", "(2024)2025)", "( 2024\t)", "", "\xff[2024]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeDocNo(s)
		if twice := NormalizeDocNo(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
		if strings.Count(once, "〔") < strings.Count(s, "〔") {
			t.Fatalf("%q → %q lost a 〔", s, once)
		}
	})
}

func TestWorkingDays(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2024-03-04", "2024-03-04", 0}, // Monday
		{"2024-03-04", "2024-03-05", 1},
		{"2024-03-04", "2024-03-08", 4},  // to Friday
		{"2024-03-04", "2024-03-10", 4},  // to Sunday
		{"2024-03-04", "2024-03-11", 5},  // a week
		{"2024-03-08", "2024-03-11", 1},  // Friday to Monday
		{"2024-03-09", "2024-03-10", 0},  // Saturday to Sunday
		{"2024-03-09", "2024-03-11", 1},  // Saturday to Monday
		{"2024-03-05", "2024-03-04", 0},  // backwards
		{"2024-02-02", "2024-03-05", 22}, // Friday
		{"2024-01-01", "2024-03-05", 46},
		{"2023-12-29", "2024-01-02", 2}, // across a year
	} {
		from, _ := time.Parse(time.DateOnly, c.from)
		to, _ := time.Parse(time.DateOnly, c.to)
		if got := WorkingDays(from, to); got != c.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

// An alias bomb in front matter is rejected at once, with alias errors only.
func TestDecodeAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: 通知\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n")
	prev := "a"
	for _, name := range strings.Split("b c d e f g h i j k l m n o p q r s", " ") {
		fmt.Fprintf(&b, "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	b.WriteString("---\n")
	start := time.Now()
	r, got := decode(t, enSite(), policyRel, b.String(), nil)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if r != nil || len(got) != 19 {
		t.Fatalf("record %v, %d diagnostics", r, len(got))
	}
	if got[0] != "content/policies/2024/a.md:3:4: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]" {
		t.Errorf("first diagnostic %q", got[0])
	}
	for _, g := range got {
		if !strings.HasSuffix(g, "[yaml-alias]") {
			t.Errorf("not an alias error: %q", g)
		}
	}
}

// A body over a limit of the Markdown renderer is an error at the place of
// the construct too many, and is dropped so that nothing renders it.
func TestDecodeBodyTooComplex(t *testing.T) {
	src := md() + "第二行\n" + strings.Repeat(">", markdown.MaxNesting+1) + "引用\n"
	for _, c := range []struct {
		site *config.Site
		want string
	}{
		{enSite(), "content/policies/2024/a.md:8:33: error: body too complex to render in time: more than 32 nested block quotes and list items on one line; split or simplify it here [body-too-complex]"},
		{config.Default(), "content/policies/2024/a.md:8:33: error: 正文过于复杂：同一行开始的引用和列表层级超过 32 个，无法及时排版；请拆分或改写这一处 [body-too-complex]"},
	} {
		r, got := decode(t, c.site, policyRel, src, nil)
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("got %q\nwant %q", got, c.want)
		}
		if r == nil || r.Markdown != nil {
			t.Errorf("the body was kept: %v", r)
		}
	}
}
