package config

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
)

// TestIdentityKeys reads the identity items in Chinese keys and in English
// keys to the same Site.
func TestIdentityKeys(t *testing.T) {
	want := Identity{SiteCode: "3399000001", ICP: "云ICP备12345678号", PoliceRecord: "云公网安备 33990202000001号",
		Conac: "https://bszs.conac.cn/sitename?method=show&id=1", ConacImage: "/img/red.png", Sponsor: "云溪市住房和城乡建设局", Operator: "云溪市大数据中心"}
	for name, src := range map[string]string{
		"Chinese": `网站名称: 示例
网站地址: https://gk.example.gov.cn/
机构:
  名称: 示例局
  传真: 0799-1234567
网站标识码: "3399000001"
ICP备案号: 云ICP备12345678号
公安机关备案号: 云公网安备 33990202000001号
党政机关网站标识: {链接: "https://bszs.conac.cn/sitename?method=show&id=1", 图片: /img/red.png}
主办单位: 云溪市住房和城乡建设局
承办单位: 云溪市大数据中心
`,
		"English": `title: 示例
base_url: https://gk.example.gov.cn/
agency:
  name: 示例局
  fax: 0799-1234567
site_code: "3399000001"
icp: 云ICP备12345678号
police_record: 云公网安备 33990202000001号
conac: {link: "https://bszs.conac.cn/sitename?method=show&id=1", image: /img/red.png}
sponsor: 云溪市住房和城乡建设局
operator: 云溪市大数据中心
`,
	} {
		s, diags := parse(src)
		if len(diags) > 0 {
			t.Errorf("%s: diagnostics %q", name, diags)
		}
		if s.Identity != want {
			t.Errorf("%s: identity\n got %+v\nwant %+v", name, s.Identity, want)
		}
		if s.Title != "示例" || s.BaseURL != "https://gk.example.gov.cn/" || s.Agency.Name != "示例局" || s.Agency.Fax != "0799-1234567" {
			t.Errorf("%s: title %q, base_url %q, agency %+v", name, s.Title, s.BaseURL, s.Agency)
		}
		if got := s.Identity.PoliceRecordCode(); got != "33990202000001" {
			t.Errorf("%s: PoliceRecordCode = %q", name, got)
		}
	}
	s, _ := parse("conac: https://bszs.conac.cn/sitename?method=show&id=2\n")
	if s.Identity.Conac != "https://bszs.conac.cn/sitename?method=show&id=2" {
		t.Errorf("conac as a URL: %+v", s.Identity)
	}
}

func TestIdentityRules(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"duplicate-key in two languages", "language: en\nicp: a\nICP备案号: b\n",
			[]string{"content/site.yaml:3:1: error: key ICP备案号 repeated; first given on line 2 [duplicate-key]"}},
		{"conac not a URL", "language: en\nconac: bszs.conac.cn\n",
			[]string{"content/site.yaml:2:8: error: site configuration: conac (党政机关网站标识) must start with http:// or https:// [config]"}},
		{"conac unknown key", "language: en\nconac: {link: 'https://x.cn/', logo: a.png}\n",
			[]string{"content/site.yaml:2:32: warning: unknown key logo (a typo?) [unknown-key]"}},
	} {
		if _, got := parse(c.src); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestCheckIdentity warns about a published site (one with a base_url)
// without 网站标识码 or ICP备案号, at its base_url, and not otherwise.
func TestCheckIdentity(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"no base_url", "language: en\n", nil},
		{"both missing", "language: en\ntitle: x\nbase_url: https://gk.example.gov.cn/\n", []string{
			"content/site.yaml:3:1: warning: site.yaml sets base_url but not ICP备案号 (icp), which the 政府网站发展指引 (国办发〔2017〕47号) has every government website show at the foot of its pages [site-identity]",
			"content/site.yaml:3:1: warning: site.yaml sets base_url but not 网站标识码 (site_code), which the 政府网站发展指引 (国办发〔2017〕47号) has every government website show at the foot of its pages [site-identity]",
		}},
		{"ICP missing", "language: en\n网址: https://gk.example.gov.cn/\n网站标识码: '3399000001'\n", []string{
			"content/site.yaml:2:1: warning: site.yaml sets base_url but not ICP备案号 (icp), which the 政府网站发展指引 (国办发〔2017〕47号) has every government website show at the foot of its pages [site-identity]",
		}},
		{"both given", "language: en\nbase_url: https://gk.example.gov.cn/\nsite_code: '3399000001'\nicp: 云ICP备1号\n", nil},
	} {
		r := diag.NewReporter(false)
		s := Parse("content/site.yaml", []byte(c.src), r)
		s.CheckIdentity(r)
		var got []string
		for _, d := range r.Diagnostics() {
			got = append(got, d.Format(s.Language))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
