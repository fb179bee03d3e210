// Package i18n owns the interface text of the portal in each supported
// language (zh-CN, the default, and en). Diagnostics' messages live with
// their rules in diag.
package i18n

// Strings is the interface text of one language.
type Strings struct {
	lang string
	m    map[string]string
	more []map[string]string // looked up after m, in order
}

// For returns the strings of lang; anything but "en" is Chinese.
func For(lang string) Strings {
	if lang == "en" {
		return Strings{lang: "en", m: en, more: []map[string]string{enService, enCLI}}
	}
	return Strings{lang: "zh-CN", m: zh, more: []map[string]string{zhService, zhCLI}}
}

// Lang is the language tag for lang attributes.
func (s Strings) Lang() string { return s.lang }

// With returns s with extra text, looked up before s's own: text that
// another package declares, such as the names of record kinds
// (config.KindTable.Text).
func (s Strings) With(extra map[string]string) Strings {
	s.more = append([]map[string]string{s.m}, s.more...)
	s.m = extra
	return s
}

// T returns the text for key, or the key itself when there is none, so a
// missing string shows up in review rather than as a blank.
func (s Strings) T(key string) string {
	if v, ok := s.m[key]; ok {
		return v
	}
	for _, m := range s.more {
		if v, ok := m[key]; ok {
			return v
		}
	}
	return key
}

var zh = map[string]string{
	"skip": "跳到正文", "home": "首页", "nav": "主导航", "browse": "目录导航", "breadcrumb": "当前位置",
	"guide": "政府信息公开指南", "system": "政府信息公开制度", "statutory": "法定主动公开内容", "apply": "依申请公开",
	"annual": "政府信息公开工作年度报告", "annual_short": "年报", "about": "机构职能",
	"validity.in_force": "有效", "validity.expired": "失效", "validity.repealed": "废止", "validity.amended": "已修改",
	"disclosure.proactive": "主动公开", "disclosure.on_request": "依申请公开",
	"scope.public": "面向社会", "scope.specific": "特定群体",
	"tax.topics": "主题分类", "tax.catalogue": "目录分类", "tax.genres": "体裁分类", "tax.issuers": "发文机关",
	"tax.years": "年份", "tax.validity": "有效性",
	"f.index_no": "索引号", "f.title": "名称", "f.doc_no": "文号", "f.issuer": "发文机关", "f.publisher": "发布机构",
	"f.written": "成文日期", "f.published": "发布日期", "f.effective": "施行日期", "f.expires": "失效日期",
	"f.validity": "有效性", "f.topic": "主题分类", "f.genre": "体裁分类", "f.catalogue": "目录分类",
	"f.keywords": "主题词", "f.summary": "内容概述", "f.disclosure": "公开方式", "f.scope": "公开范围", "f.year": "报告年度",
	"meta": "文件信息", "toc": "目录", "attachments": "附件", "download": "下载",
	"interpretations": "相关解读", "interprets": "解读对象", "repeals": "本文件废止", "repealed_by": "废止本文件的文件",
	"amends": "本文件修改", "amended_by": "修改本文件的文件", "related": "相关文件",
	"banner.repealed": "本文件已废止，不再执行。", "banner.expired": "本文件已失效，不再执行。",
	"banner.amended": "本文件已被修改，请以修改后的规定为准。", "banner.by": "废止文件：",
	"repealed_list": "废止和失效文件", "repealed_intro": "以下文件已经废止或失效，仅供查阅，不再执行。",
	"latest": "最新公开", "more": "更多", "count": "共 %d 条", "records": "条",
	"page": "第 %d 页，共 %d 页", "prev": "上一页", "next": "下一页", "pagination": "分页",
	"contact": "联系我们", "address": "地址", "postcode": "邮编", "phone": "电话", "email": "电子邮箱", "hours": "办公时间",
	"feed": "订阅", "open_data": "公开目录数据", "not_found": "页面不存在", "not_found_text": "您访问的页面不存在或已被移动。请从首页或公开目录查找。",
	"moved": "本页已移至", "all": "全部", "empty": "暂无记录。", "printed_from": "本页打印自",
	"year_suffix": "年", "bytes": "字节", "file_type": "文件类型", "size": "大小",
	"search": "搜索", "search_label": "搜索本站公开信息", "search_button": "搜索", "search_sort": "排序",
	"search_relevance": "相关度", "search_date": "发布日期（新到旧）", "search_results": "搜索结果", "f.kind": "信息类别", "search_nojs": "搜索需要浏览器启用 JavaScript。您也可以通过目录浏览全部公开信息：",
	"annual.format.2021": "本报告采用 2021 年版格式（国办公开办函〔2021〕30号）", "annual.format.2019": "本报告采用 2019 年试行格式",
	"annual.format.narrative": "叙述式报告", "annual.csv": "下载表格数据（CSV）", "annual.counted": "本站目录统计：",
	"annual.declared": "报告填报", "annual.differs": "以下数字与本站目录统计不一致，请以报告说明为准：",
	"annual.years": "历年报告", "annual.charts": "历年数据图表", "annual.data_table": "查看数据表",
	"annual.unit": "单位：件", "annual.year": "年度",
}

var en = map[string]string{
	"skip": "Skip to content", "home": "Home", "nav": "Main navigation", "browse": "Browse the catalogue", "breadcrumb": "You are here",
	"guide": "Disclosure guide", "system": "Disclosure rules", "statutory": "Proactive disclosure", "apply": "Requests for information",
	"annual": "Annual reports on information disclosure", "annual_short": "Annual reports", "about": "Functions",
	"validity.in_force": "In force", "validity.expired": "Expired", "validity.repealed": "Repealed", "validity.amended": "Amended",
	"disclosure.proactive": "Proactive", "disclosure.on_request": "On request",
	"scope.public": "Public", "scope.specific": "Specific groups",
	"tax.topics": "Topics", "tax.catalogue": "Catalogue", "tax.genres": "Genres", "tax.issuers": "Issuers",
	"tax.years": "Years", "tax.validity": "Validity",
	"f.index_no": "Index number", "f.title": "Title", "f.doc_no": "Document number", "f.issuer": "Issuer", "f.publisher": "Publisher",
	"f.written": "Written", "f.published": "Published", "f.effective": "In effect from", "f.expires": "Expires",
	"f.validity": "Validity", "f.topic": "Topic", "f.genre": "Genre", "f.catalogue": "Catalogue",
	"f.keywords": "Keywords", "f.summary": "Summary", "f.disclosure": "Disclosure", "f.scope": "Scope", "f.year": "Year reported",
	"meta": "Document details", "toc": "Contents", "attachments": "Attachments", "download": "Download",
	"interpretations": "Interpretations", "interprets": "Interprets", "repeals": "Repeals", "repealed_by": "Repealed by",
	"amends": "Amends", "amended_by": "Amended by", "related": "Related documents",
	"banner.repealed": "This document has been repealed and is no longer in force.", "banner.expired": "This document has expired and is no longer in force.",
	"banner.amended": "This document has been amended; the amended text prevails.", "banner.by": "Repealed by: ",
	"repealed_list": "Repealed and expired documents", "repealed_intro": "These documents are repealed or expired and kept for reference only.",
	"latest": "Latest", "more": "More", "count": "%d records", "records": "records",
	"page": "Page %d of %d", "prev": "Previous", "next": "Next", "pagination": "Pagination",
	"contact": "Contact", "address": "Address", "postcode": "Postcode", "phone": "Telephone", "email": "Email", "hours": "Office hours",
	"feed": "Feed", "open_data": "Catalogue data", "not_found": "Page not found", "not_found_text": "The page you asked for does not exist or has moved. Start again from the home page or the catalogue.",
	"moved": "This page has moved to", "all": "All", "empty": "No records yet.", "printed_from": "Printed from",
	"year_suffix": "", "bytes": "bytes", "file_type": "Type", "size": "Size",
	"search": "Search", "search_label": "Search this site", "search_button": "Search", "search_sort": "Sort by",
	"search_relevance": "Relevance", "search_date": "Date (newest first)", "search_results": "Results", "f.kind": "Kind", "search_nojs": "Search needs JavaScript. You can browse everything through the catalogue:",
	"annual.format.2021": "This report follows the 2021 format", "annual.format.2019": "This report follows the 2019 trial format",
	"annual.format.narrative": "Narrative report", "annual.csv": "Download the figures (CSV)", "annual.counted": "catalogue count: ",
	"annual.declared": "reported", "annual.differs": "These figures differ from the count of this catalogue:",
	"annual.years": "Reports by year", "annual.charts": "Figures over the years", "annual.data_table": "Show the data table",
	"annual.unit": "unit: items", "annual.year": "Year",
}
