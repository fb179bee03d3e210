package i18n

// The text of the foot of every page and of the service pages (site map,
// accessibility statement).

var zhService = map[string]string{
	"sitemap": "网站地图", "accessibility": "无障碍说明", "pages": "页面", "services": "网站服务",
	"fax": "传真", "sponsor": "主办单位", "operator": "承办单位", "site_code": "网站标识码",
	"icp": "ICP备案号", "police_record": "公安机关备案号", "conac": "党政机关网站标识",
	"a11y.intro":     "本网站按照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668—2019）和《Web 内容无障碍指南》（WCAG）2.1 AA 级的要求建设，每次发布前自动检查。",
	"a11y.features":  "本站为您提供",
	"a11y.keyboard":  "每个页面开头都有“跳到正文”链接；全部功能都可以只用键盘（Tab 键）操作，当前位置有明显的焦点框。",
	"a11y.reflow":    "在手机上（最窄 320 像素）或把页面放大到 200% 时，不需要左右滚动即可阅读；较宽的统计表格在各自的区域内左右滚动。",
	"a11y.nojs":      "除站内搜索外，所有页面不需要 JavaScript 即可使用；也可以通过目录分类和网站地图浏览全部公开信息：",
	"a11y.structure": "文字与背景的颜色对比度符合 AA 级要求；页面使用规范的标题、列表和表格标记，便于读屏软件朗读。",
	"a11y.files":     "附件注明文件类型和大小。",
	"a11y.help":      "遇到困难？",
	"a11y.contact":   "如果您在使用本网站时遇到障碍，或需要以其他方式获取某项政府信息，请与我们联系，我们将尽快答复。",
}

var enService = map[string]string{
	"sitemap": "Site map", "accessibility": "Accessibility", "pages": "Pages", "services": "Services",
	"fax": "Fax", "sponsor": "Sponsor", "operator": "Operator", "site_code": "Site code",
	"icp": "ICP filing", "police_record": "Public security filing", "conac": "Government website mark",
	"a11y.intro":     "This site is built to the requirements of GB/T 37668-2019 and of the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, and is checked automatically before each publication.",
	"a11y.features":  "What the site offers",
	"a11y.keyboard":  "Every page starts with a link that skips to its content; everything works from the keyboard (the Tab key), with a clearly visible focus.",
	"a11y.reflow":    "On a phone (down to 320 pixels wide) or zoomed to 200%, pages read without scrolling sideways; wide tables of figures scroll inside their own region.",
	"a11y.nojs":      "Every page but the search works without JavaScript; everything can also be browsed through the catalogue and the site map:",
	"a11y.structure": "Text contrasts with its background at level AA; pages use proper headings, lists and tables, so screen readers can read them out.",
	"a11y.files":     "Attachments give their file type and size.",
	"a11y.help":      "Having difficulty?",
	"a11y.contact":   "If something on this site stands in your way, or you need a piece of government information in another form, please contact us and we will answer as soon as we can.",
}
