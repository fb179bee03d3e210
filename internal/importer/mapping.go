package importer

import (
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Fields are the record fields a column can fill, by their English key.
var Fields = []string{
	"kind", "index_no", "title", "doc_no", "issuer", "publisher", "written", "published",
	"effective", "expires", "validity", "topic", "genre", "catalogue", "keywords",
	"summary", "disclosure", "scope", "interprets", "body", "attachments",
}

// DefaultColumns maps the column headings of typical CMS exports to fields.
var DefaultColumns = map[string]string{
	"类型": "kind", "类别": "kind", "信息类别": "kind",
	"索引号": "index_no",
	"名称":  "title", "标题": "title", "信息名称": "title",
	"文号": "doc_no", "发文字号": "doc_no",
	"发文机关": "issuer", "发文单位": "issuer",
	"发布机构": "publisher",
	"成文日期": "written", "生成日期": "written", "印发日期": "written", "发布日期": "published", "施行日期": "effective", "生效日期": "effective", "失效日期": "expires",
	"有效性":  "validity",
	"主题分类": "topic", "主题": "topic", "体裁": "genre", "体裁分类": "genre", "文种": "genre", "公文种类": "genre", "目录分类": "catalogue",
	"关键词": "keywords", "主题词": "keywords",
	"内容概述": "summary", "摘要": "summary", "内容摘要": "summary",
	"公开方式": "disclosure", "公开范围": "scope", "解读对象": "interprets",
	"正文": "body", "内容": "body",
	"附件": "attachments",
}

// Mapping says which column is which field, and what a row without a kind is.
//
//	columns:         # heading → field; added to (and overriding) DefaultColumns
//	  信息标题: title
//	  备注: ""       # an empty field ignores the column
//	kind: policy     # the kind of rows without a kind column or value
//	files: 附件目录   # the folder of attachment files, relative to the mapping file
type Mapping struct {
	Columns map[string]string `yaml:"columns"`
	Kind    string            `yaml:"kind"`
	Files   string            `yaml:"files"`
}

// ReadMapping reads a mapping file; unknown keys and fields are errors.
func ReadMapping(name string) (*Mapping, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m Mapping
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for h, f := range m.Columns {
		if f != "" && !isField(f) {
			return nil, fmt.Errorf("%s: column %q: unknown field %q (fields: %s)", name, h, f, strings.Join(Fields, ", "))
		}
	}
	return &m, nil
}

func isField(f string) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

// fieldOf is the field of column heading h, or "".
func (m *Mapping) fieldOf(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	if m != nil {
		if f, ok := m.Columns[h]; ok {
			return f
		}
	}
	if f, ok := DefaultColumns[h]; ok {
		return f
	}
	if isField(h) { // English headings, as catalogue.csv has them
		return h
	}
	if h == "issuers" {
		return "issuer"
	}
	return ""
}
