package search

import "regexp"

// regionPrefix is the name of a region at the start of an agency's name:
// a province, autonomous region, city, prefecture, county, district,
// league or banner, the shortest that ends in one.
var regionPrefix = regexp.MustCompile(`^\p{Han}{1,6}?(?:省|自治区|市|自治州|州|县|区|盟|旗)`)

// Region is the region an agency's name begins with: 示例市 for
// 示例市住房和城乡建设局, 内蒙古自治区 for 内蒙古自治区人民政府; "" for a
// name that begins with none (国家税务总局). The titles of a local
// catalogue begin with it, and its readers leave it out.
func Region(agency string) string {
	return regionPrefix.FindString(agency)
}
