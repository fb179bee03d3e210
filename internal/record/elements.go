package record

import (
	"strings"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
)

// Statutory is the root of the category tree of the items of Art. 20 of
// the Regulations (法定主动公开内容).
const Statutory = "法定主动公开内容"

// CheckElements warns when r, an item of the 公开目录, lacks one of the
// four elements of Art. 12 (索引, 名称, 内容概述, 生成日期: index_no and
// title are required already) or reaches no item of the 法定主动公开内容
// tree of site (any item, when the site's tree has no such root). Records of
// kinds that are not listed, such as plain pages, are not catalogue items.
func CheckElements(r *Record, site *config.Site, rep *diag.Reporter) {
	if spec, ok := site.Kinds.Spec(r.Kind); ok && !spec.Listed {
		return
	}
	if strings.TrimSpace(r.Summary) == "" {
		rep.Report(r.At("summary"), diag.RuleElement, "内容概述", "summary")
	}
	if r.Written.IsZero() {
		rep.Report(r.At("written"), diag.RuleElement, "成文日期", "written")
	}
	statutory := site.HasCategory(Statutory)
	for _, c := range r.Categories {
		if !statutory || strings.HasPrefix(c, Statutory+"/") {
			return
		}
	}
	rep.Report(r.At("catalogue"), diag.RuleUnlisted, Statutory)
}
