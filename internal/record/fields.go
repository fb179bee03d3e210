package record

import "slices"

// keys maps every accepted key, English or Chinese, to its English name.
var keys = map[string]string{}

func init() {
	for en, zh := range map[string][]string{
		"kind":        {"类型"},
		"index_no":    {"索引号"},
		"title":       {"名称", "标题"},
		"doc_no":      {"文号", "发文字号"},
		"issuer":      {"发文机关"},
		"publisher":   {"发布机构"},
		"written":     {"成文日期"},
		"published":   {"发布日期"},
		"effective":   {"施行日期"},
		"expires":     {"失效日期"},
		"validity":    {"有效性"},
		"topic":       {"主题分类"},
		"genre":       {"体裁分类"},
		"catalogue":   {"目录分类"},
		"keywords":    {"主题词", "关键词"},
		"summary":     {"内容概述"},
		"disclosure":  {"公开方式"},
		"scope":       {"公开范围"},
		"interprets":  {"解读对象"},
		"repeals":     {"废止"},
		"amends":      {"修改"},
		"attachments": {"附件"},
		"slug":        nil,
		"aliases":     nil,
		"draft":       {"草稿"},
		"year":        {"年度"},
		"format":      {"格式"},
		"tables":      {"表格"},
		"sections":    {"章节"},
		"body":        {"正文"},
	} {
		keys[en] = en
		for _, z := range zh {
			keys[z] = en
		}
	}
}

// Keys lists the front-matter keys a record may have, by their English
// names, sorted.
func Keys() []string {
	var out []string
	for k, en := range keys {
		if k == en {
			out = append(out, en)
		}
	}
	slices.Sort(out)
	return out
}

// EnumValues lists the values the enumerated field key accepts, in their
// English form, sorted; nil for a field that is not enumerated.
func EnumValues(key string) []string {
	var out []string
	for name, en := range enums[key] {
		if name == en {
			out = append(out, en)
		}
	}
	slices.Sort(out)
	return out
}

// enums maps each enumerated field to its accepted values and their English form.
var enums = map[string]map[string]string{
	"validity": {
		"有效": "in_force", "in_force": "in_force",
		"失效": "expired", "expired": "expired",
		"废止": "repealed", "repealed": "repealed",
		"已修改": "amended", "amended": "amended",
	},
	"disclosure": {"主动公开": "proactive", "proactive": "proactive", "依申请公开": "on_request", "on_request": "on_request"},
	"scope":      {"面向社会": "public", "public": "public", "特定群体": "specific", "specific": "specific"},
	"format":     {"narrative": "narrative", "叙述": "narrative", "2019": "2019", "2021": "2021"},
}

// ValidityNames lists the names validity v may be written with, Chinese
// first.
func ValidityNames(v Validity) []string {
	var zh, en []string
	for name, e := range enums["validity"] {
		switch {
		case e != string(v):
		case name == e:
			en = append(en, name)
		default:
			zh = append(zh, name)
		}
	}
	slices.Sort(zh)
	return append(zh, en...)
}

var enumChoices = map[string]string{
	"validity":   "有效/in_force, 失效/expired, 废止/repealed, 已修改/amended",
	"disclosure": "主动公开/proactive, 依申请公开/on_request",
	"scope":      "面向社会/public, 特定群体/specific",
	"format":     "narrative, 2019, 2021",
}
