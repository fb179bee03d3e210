package search

import "testing"

func TestRegion(t *testing.T) {
	for agency, want := range map[string]string{
		"示例市住房和城乡建设局":  "示例市",
		"北京市朝阳区人民政府":   "北京市",
		"内蒙古自治区人民政府":   "内蒙古自治区",
		"浙江省生态环境厅":     "浙江省",
		"延边朝鲜族自治州人民政府": "延边朝鲜族自治州",
		"国家税务总局":       "",
		"":             "",
	} {
		if got := Region(agency); got != want {
			t.Errorf("Region(%q) = %q, want %q", agency, got, want)
		}
	}
}
