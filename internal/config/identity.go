package config

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/diag"
)

// Identity is what the 政府网站发展指引 (国办发〔2017〕47号) has every
// government website show at the foot of its pages, besides its contact
// details.
type Identity struct {
	SiteCode     string // 网站标识码, such as 3301000001
	ICP          string // ICP备案号, such as 浙ICP备12345678号
	PoliceRecord string // 公安机关备案号, such as 浙公网安备 33010202000001号
	Conac        string // 党政机关网站标识: the URL of the mark's verification page
	ConacImage   string // the mark's image: a site path (under static/) or a URL
	Sponsor      string // 主办单位
	Operator     string // 承办单位
}

// PoliceRecordCode is the number of the 公安机关备案号 (its digits), which
// the public-security filing site looks the record up by, or "".
func (id Identity) PoliceRecordCode() string {
	var b strings.Builder
	for _, r := range id.PoliceRecord {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// zhKeys are the Chinese keys of site.yaml, each with the English key it
// stands for; an editor may write either.
var zhKeys = map[string]string{
	"网站名称": "title", "标题": "title", "语言": "language", "网站地址": "base_url", "网址": "base_url",
	"机构": "agency", "公开机关": "agency", "索引号格式": "index_no_pattern", "记录类型目录": "kinds",
	"主题分类": "topics", "体裁分类": "genres", "目录分类": "catalogue", "每页条数": "paginate",
	"网站标识码": "site_code", "ICP备案号": "icp", "ICP备案编号": "icp", "公安机关备案号": "police_record",
	"党政机关网站标识": "conac", "主办单位": "sponsor", "承办单位": "operator",
	"默认值": "defaults", "年度报告": "annual_report",
}

// zhAgencyKeys are the Chinese keys of agency:.
var zhAgencyKeys = map[string]string{
	"名称": "name", "代码": "code", "统一社会信用代码": "code", "级别": "level", "地址": "address",
	"邮编": "postcode", "邮政编码": "postcode", "电话": "phone", "传真": "fax", "电子邮箱": "email",
	"邮箱": "email", "办公时间": "office_hours",
}

// zhConacKeys are the Chinese keys of conac: when it is a mapping.
var zhConacKeys = map[string]string{"链接": "link", "图片": "image"}

// canonicalKeys rewrites the Chinese keys of mapping n to their English
// ones, reporting a key given twice (once in each language) and dropping
// the repeat.
func canonicalKeys(n *yaml.Node, zh map[string]string, at func(*yaml.Node) diag.Pos, r *diag.Reporter) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	first := map[string]int{}
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		key := k.Value
		if en, ok := zh[key]; ok {
			key = en
		}
		if line, dup := first[key]; dup {
			r.Report(at(k), diag.RuleDuplicateKey, k.Value, line)
			continue
		}
		first[key] = k.Line
		k.Value = key
		kept = append(kept, k, n.Content[i+1])
	}
	n.Content = kept
}

// decodeConac reads conac: a URL, or a mapping of link and image.
func decodeConac(n *yaml.Node, id *Identity, at func(*yaml.Node) diag.Pos, r *diag.Reporter) {
	switch n.Kind {
	case 0:
	case yaml.ScalarNode:
		id.Conac = strings.TrimSpace(n.Value)
	case yaml.MappingNode:
		canonicalKeys(n, zhConacKeys, at, r)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch k.Value {
			case "link":
				id.Conac = strings.TrimSpace(v.Value)
			case "image":
				id.ConacImage = strings.TrimSpace(v.Value)
			default:
				r.Report(at(k), diag.RuleUnknownKey, k.Value)
			}
		}
	default:
		r.Report(at(n), diag.RuleConfig, "conac (党政机关网站标识): a URL, or link: and image:")
	}
	if id.Conac != "" && !strings.HasPrefix(id.Conac, "https://") && !strings.HasPrefix(id.Conac, "http://") {
		r.Report(at(n), diag.RuleConfig, "conac (党政机关网站标识) must start with http:// or https://")
		id.Conac = ""
	}
}

// CheckIdentity warns when a site that says where it is published (a
// base_url) lacks the 网站标识码 or the ICP备案号 every government website
// must show.
func (s *Site) CheckIdentity(r *diag.Reporter) {
	if s.BaseURL == "" {
		return
	}
	if s.Identity.SiteCode == "" {
		r.Report(s.baseURLAt, diag.RuleIdentity, "网站标识码 (site_code)")
	}
	if s.Identity.ICP == "" {
		r.Report(s.baseURLAt, diag.RuleIdentity, "ICP备案号 (icp)")
	}
}
