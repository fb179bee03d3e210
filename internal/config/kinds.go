package config

import (
	"slices"
	"strings"
)

// Kind is a record kind.
type Kind string

// The built-in record kinds. Code names one only for what its records do
// that no entry of a KindTable can say: an annual report's tables, an
// interpretation's policy, a plain page's place outside the catalogue.
const (
	Policy         Kind = "policy"
	Interpretation Kind = "interpretation"
	Notice         Kind = "notice"
	Report         Kind = "report"
	AnnualReport   Kind = "annual_report"
	Page           Kind = "page"
)

// KindSpec declares a record kind: where its records are, what they are
// called and must hold, and how the portal lists them.
type KindSpec struct {
	Kind    Kind
	Folder  string   // its folder in content/, unless site.yaml kinds: moves it
	Segment string   // the first URL segment of its records and of its list
	Names   []string // the Chinese names it may be written with, the display name first
	English string   // its display name in English
	// Listed says its records are items of the catalogue (公开目录): they
	// have an index number, the elements of Art. 12, a list page, a feed
	// and Segment in their URLs. Plain pages are not, and live at /slug/.
	Listed bool
	// Required are the fields its records must have besides title and
	// published.
	Required   []string
	SchemaType string   // the schema.org type of its records' pages
	Defaults   Defaults // category, genre and topic of a new record
	Import     bool     // gongkai import may write records of it
}

// URL is the path of the kind's list, the parent of its records' pages.
func (s KindSpec) URL() string { return "/" + s.Segment + "/" }

// Label is the display name of the kind in lang; anything but "en" is
// Chinese.
func (s KindSpec) Label(lang string) string {
	if lang == "en" {
		return s.English
	}
	if len(s.Names) == 0 {
		return string(s.Kind)
	}
	return s.Names[0]
}

// Requires reports whether a record of the kind must have field.
func (s KindSpec) Requires(field string) bool { return slices.Contains(s.Required, field) }

// KindTable is the record kinds of a site, in the order the interface
// lists them.
type KindTable []KindSpec

// catalogueItem is the index number every item of the catalogue has.
var catalogueItem = []string{"index_no"}

// builtinKinds are the kinds of every site.
var builtinKinds = KindTable{
	{Kind: Policy, Folder: "policies", Segment: "policy", Names: []string{"政策文件", "政策"}, English: "Policies",
		Listed: true, Required: catalogueItem, SchemaType: "Legislation", Import: true,
		Defaults: Defaults{Category: "法定主动公开内容/法规、规章和规范性文件"}},
	{Kind: Interpretation, Folder: "interpretations", Segment: "interpretation", Names: []string{"政策解读", "解读"}, English: "Interpretations",
		Listed: true, Required: []string{"index_no", "interprets"}, SchemaType: "Article", Import: true,
		Defaults: Defaults{Category: "法定主动公开内容/法规、规章和规范性文件"}},
	{Kind: Notice, Folder: "notices", Segment: "notice", Names: []string{"通知公告"}, English: "Notices",
		Listed: true, Required: catalogueItem, SchemaType: "Article", Import: true,
		Defaults: Defaults{Category: "法定主动公开内容/其他法定主动公开信息", Genre: "通知"}},
	{Kind: Report, Folder: "reports", Segment: "report", Names: []string{"报告"}, English: "Reports",
		Listed: true, Required: catalogueItem, SchemaType: "Report", Import: true,
		Defaults: Defaults{Category: "法定主动公开内容/其他法定主动公开信息", Genre: "报告"}},
	{Kind: AnnualReport, Folder: "reports/annual", Segment: "annual-report", Names: []string{"政府信息公开工作年度报告", "年报"}, English: "Annual reports",
		Listed: true, Required: catalogueItem, SchemaType: "Report",
		Defaults: Defaults{Category: "法定主动公开内容/其他法定主动公开信息", Genre: "报告", Topic: "综合政务/政务公开"}},
	{Kind: Page, Folder: "pages", Segment: "page", Names: []string{"页面"}, English: "Pages", SchemaType: "WebPage"},
}

// BuiltinKinds returns the kinds gongkai knows, a copy a caller may extend
// and pass in Options.
func BuiltinKinds() KindTable {
	out := slices.Clone(builtinKinds)
	for i := range out {
		out[i].Names = slices.Clone(out[i].Names)
		out[i].Required = slices.Clone(out[i].Required)
	}
	return out
}

// Kinds lists the table's kinds in display order.
func (t KindTable) Kinds() []Kind {
	out := make([]Kind, len(t))
	for i, s := range t {
		out[i] = s.Kind
	}
	return out
}

// Spec is the declaration of kind k.
func (t KindTable) Spec(k Kind) (KindSpec, bool) {
	for _, s := range t {
		if s.Kind == k {
			return s, true
		}
	}
	return KindSpec{}, false
}

// Listed are the kinds whose records are items of the catalogue.
func (t KindTable) Listed() KindTable {
	return slices.DeleteFunc(slices.Clone(t), func(s KindSpec) bool { return !s.Listed })
}

// Unlisted reports whether k is a kind whose records are not items of the
// catalogue, such as plain pages.
func (t KindTable) Unlisted(k Kind) bool {
	s, ok := t.Spec(k)
	return ok && !s.Listed
}

// Parse reads a kind written in English or Chinese.
func (t KindTable) Parse(s string) (Kind, bool) {
	s = strings.TrimSpace(s)
	for _, k := range t {
		if s == string(k.Kind) || slices.Contains(k.Names, s) {
			return k.Kind, true
		}
	}
	return "", false
}

// List is the kinds for messages: "policy, interpretation, …".
func (t KindTable) List() string {
	names := make([]string, len(t))
	for i, k := range t {
		names[i] = string(k.Kind)
	}
	return strings.Join(names, ", ")
}

// Text is the kinds' display names in lang as interface text, by the keys
// "kind.policy", … that package i18n's Strings.With adds.
func (t KindTable) Text(lang string) map[string]string {
	out := make(map[string]string, len(t))
	for _, k := range t {
		out["kind."+string(k.Kind)] = k.Label(lang)
	}
	return out
}
