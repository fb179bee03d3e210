package importer

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/internal/config"
)

// row is one spreadsheet row as record fields, normalised.
type row struct {
	kind       config.Kind
	indexNo    string
	title      string
	docNo      string
	issuers    []string
	publisher  string
	dates      map[string]string // written, published, effective, expires → YYYY-MM-DD
	published  string
	validity   string
	topic      string
	genre      string
	categories []string
	keywords   []string
	summary    string
	disclosure string
	scope      string
	interprets []string
	body       string
}

// validityWords are the validity labels of CMS exports beyond the content format's own.
var validityWords = map[string]string{
	"现行有效": "有效", "有效": "有效", "是": "有效", "已失效": "失效", "失效": "失效",
	"已废止": "废止", "废止": "废止", "已修改": "已修改", "已修订": "已修改", "部分失效": "已修改", "修改": "已修改",
}

var dateFields = []string{"written", "published", "effective", "expires"}

// makeRecord reads a row through get (field → cell) into a record, or says
// why it cannot be one.
func makeRecord(get func(string) string, site *config.Site, defKind string) (*row, Reason, string) {
	r := &row{dates: map[string]string{}}
	k := get("kind")
	if k == "" {
		k = defKind
	}
	kind, ok := site.Kinds.Parse(k)
	if spec, _ := site.Kinds.Spec(kind); !ok || !spec.Import {
		if k == "" {
			return nil, BadKind, "no kind (a kind column or kind: in the mapping)"
		}
		var kinds []string
		for _, s := range site.Kinds {
			if s.Import {
				kinds = append(kinds, string(s.Kind))
			}
		}
		return nil, BadKind, fmt.Sprintf("kind %q is not one of %s", k, strings.Join(kinds, ", "))
	}
	r.kind = kind
	if r.title = oneLine(get("title")); r.title == "" {
		return nil, NoTitle, "名称/标题 is empty"
	}
	r.indexNo = strings.Join(strings.Fields(get("index_no")), "")
	if r.indexNo == "" {
		return nil, NoIndexNo, "索引号 is empty"
	}
	if !site.MatchIndexNo(r.indexNo) {
		return nil, BadIndexNo, fmt.Sprintf("索引号 %q does not have the form %s", r.indexNo, site.IndexNoExample(2024))
	}
	for _, f := range dateFields {
		v := get(f)
		d, ok := ParseDate(v)
		if !ok {
			return nil, BadDate, fmt.Sprintf("%s %q is not a date", f, v)
		}
		if d != "" {
			r.dates[f] = d
		}
	}
	if r.published = r.dates["published"]; r.published == "" {
		return nil, NoPublished, "发布日期 is empty"
	}
	r.docNo = oneLine(get("doc_no"))
	r.issuers = splitList(get("issuer"))
	r.publisher = oneLine(get("publisher"))
	if v := get("validity"); v != "" {
		if w, ok := validityWords[v]; ok {
			v = w
		}
		r.validity = v
	}
	// What the row does not say, the site's defaults for the kind do.
	def := site.Defaults[kind]
	r.topic = cmp.Or(oneLine(get("topic")), def.Topic)
	r.genre = cmp.Or(oneLine(get("genre")), def.Genre)
	if r.categories = splitPaths(get("catalogue")); len(r.categories) == 0 && def.Category != "" {
		r.categories = []string{def.Category}
	}
	r.keywords = splitList(strings.ReplaceAll(get("keywords"), " ", ";"))
	r.summary = oneLine(get("summary"))
	r.disclosure = get("disclosure")
	r.scope = get("scope")
	r.interprets = splitList(get("interprets"))
	body := get("body")
	if LooksHTML(body) {
		body = HTMLToMarkdown(body)
	} else {
		body = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n"))
	}
	r.body = body
	return r, "", ""
}

// text is the record file: front matter in the content format's English
// keys, then the Markdown body.
func (r *row) text(atts []attachment) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	kv := func(k, v string) {
		if v != "" {
			b.WriteString(k + ": " + yamlQuote(v) + "\n")
		}
	}
	list := func(k string, vs []string) {
		if len(vs) == 0 {
			return
		}
		b.WriteString(k + ":\n")
		for _, v := range vs {
			b.WriteString("  - " + yamlQuote(v) + "\n")
		}
	}
	kv("index_no", r.indexNo)
	kv("title", r.title)
	kv("doc_no", r.docNo)
	list("issuer", r.issuers)
	kv("publisher", r.publisher)
	for _, f := range dateFields {
		if d := r.dates[f]; d != "" {
			b.WriteString(f + ": " + d + "\n")
		}
	}
	kv("validity", r.validity)
	kv("topic", r.topic)
	kv("genre", r.genre)
	list("catalogue", r.categories)
	list("keywords", r.keywords)
	kv("summary", r.summary)
	kv("disclosure", r.disclosure)
	kv("scope", r.scope)
	list("interprets", r.interprets)
	if len(atts) > 0 {
		b.WriteString("attachments:\n")
		for _, a := range atts {
			b.WriteString("  - file: " + yamlQuote(a.name) + "\n")
		}
	}
	b.WriteString("---\n")
	if r.body != "" {
		b.WriteString(r.body + "\n")
	}
	return []byte(b.String())
}

// yamlQuote writes s as a YAML double-quoted scalar.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
