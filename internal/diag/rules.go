package diag

import (
	"fmt"
	"slices"
)

// Rule names one check. Its name is stable: CI annotations and editors'
// tooling may match on it.
type Rule string

// The rules. Each has a severity and a message in every interface language
// in the table below.
const (
	// Reading files.
	RuleNotUTF8     Rule = "encoding"
	RuleBinary      Rule = "binary-file"
	RuleTooLarge    Rule = "file-too-large"
	RuleOutside     Rule = "outside-content"
	RuleUnreadable  Rule = "unreadable"
	RuleFrontMatter Rule = "front-matter"

	// YAML.
	RuleYAMLSyntax   Rule = "yaml-syntax"
	RuleYAMLAlias    Rule = "yaml-alias"
	RuleDuplicateKey Rule = "duplicate-key"
	RuleNotMapping   Rule = "not-mapping"
	RuleUnknownKey   Rule = "unknown-key"
	RuleType         Rule = "type"

	// Full-width forms where ASCII is due.
	RuleFullWidthColon  Rule = "fullwidth-colon"
	RuleFullWidthDigits Rule = "fullwidth-digits"
	RuleFullWidthSpace  Rule = "fullwidth-space"

	// Fields.
	RuleRequired        Rule = "required"
	RuleOneLine         Rule = "one-line"
	RuleDateFormat      Rule = "date-format"
	RuleDateInvalid     Rule = "date-invalid"
	RuleDateOrder       Rule = "date-order"
	RuleEnum            Rule = "enum"
	RuleKind            Rule = "kind"
	RuleKindFolder      Rule = "kind-folder"
	RuleIndexPattern    Rule = "index-no-pattern"
	RuleDocNoBrackets   Rule = "doc-no-brackets"
	RuleTopic           Rule = "topic"
	RuleGenre           Rule = "genre"
	RuleCategory        Rule = "catalogue"
	RuleSlug            Rule = "slug"
	RuleAlias           Rule = "alias"
	RuleAttachment      Rule = "attachment-missing"
	RuleAttachmentPath  Rule = "attachment-outside"
	RuleLatePublication Rule = "late-publication"
	RuleBodyTooComplex  Rule = "body-too-complex"
	RuleElement         Rule = "catalogue-element"
	RuleUnlisted        Rule = "catalogue-unlisted"

	// Across records.
	RuleDuplicateIndex     Rule = "duplicate-index-no"
	RuleReference          Rule = "reference"
	RuleSelfReference      Rule = "self-reference"
	RuleRepealCycle        Rule = "repeal-cycle"
	RuleURLCollision       Rule = "url-collision"
	RuleLink               Rule = "record-link"
	RuleLateInterpretation Rule = "late-interpretation"
	RuleInterpretsKind     Rule = "interprets-kind"
	RuleValidityConflict   Rule = "validity-conflict"

	// Annual reports (package annualreport).
	RuleAnnualMissingFigure   Rule = "report-missing-figure"
	RuleAnnualFigure          Rule = "report-figure"
	RuleAnnualNarrativeTables Rule = "report-narrative-tables"
	RuleAnnualFormat          Rule = "report-format"
	RuleAnnualPlaceholder     Rule = "report-placeholder"
	RuleAnnualBalance         Rule = "report-balance"
	RuleAnnualOutcomeTotal    Rule = "report-outcome-total"
	RuleAnnualSubtotal        Rule = "report-subtotal"
	RuleAnnualApplicantTotal  Rule = "report-applicant-total"
	RuleAnnualReviewTotal     Rule = "report-review-total"
	RuleAnnualCarriedOver     Rule = "report-carried-over"
	RuleAnnualInForce         Rule = "report-in-force"
	RuleAnnualCount           Rule = "report-count"
	RuleAnnualDuplicateYear   Rule = "report-duplicate-year"
	RuleAnnualMissing         Rule = "report-missing"
	RuleAnnualAccountability  Rule = "report-accountability"

	// Site configuration and layouts.
	RuleConfig   Rule = "config"
	RuleTemplate Rule = "template"
	RuleBaseURL  Rule = "base-url"
	RuleIdentity Rule = "site-identity"
)

type ruleInfo struct {
	sev    Severity
	zh, en string
}

var rules = map[Rule]ruleInfo{
	RuleNotUTF8:     {Error, "文件不是 UTF-8 编码（看来是 %s），请另存为 UTF-8", "file is not UTF-8 (it looks like %s); save it as UTF-8"},
	RuleBinary:      {Error, "文件含有 NUL 字节，不是文本文件", "file contains NUL bytes: not a text file"},
	RuleTooLarge:    {Error, "文件过大（%d 字节，上限 %d 字节）", "file too large (%d bytes, limit %d)"},
	RuleOutside:     {Error, "%s 指向 content/ 之外", "%s points outside content/"},
	RuleUnreadable:  {Error, "无法读取：%s", "cannot read: %s"},
	RuleFrontMatter: {Error, "前置元数据应从第 1 行的 --- 开始，到一行 --- 结束", "front matter must open on line 1 with --- and close with a --- line"},

	RuleYAMLSyntax:   {Error, "YAML 语法错误：%s", "YAML syntax error: %s"},
	RuleYAMLAlias:    {Error, "不允许使用 YAML 锚点和别名（&、*）", "YAML anchors and aliases (&, *) are not allowed"},
	RuleDuplicateKey: {Error, "字段 %s 重复，第一次出现在第 %d 行", "key %s repeated; first given on line %d"},
	RuleNotMapping:   {Error, "记录必须是“字段: 值”的映射", "a record must be a mapping of key: value"},
	RuleUnknownKey:   {Warning, "未知字段 %s（拼写错误？）", "unknown key %s (a typo?)"},
	RuleType:         {Error, "%s 应为%s", "%s must be %s"},

	RuleFullWidthColon:  {Error, "“%[1]s”后面是全角冒号“：”，YAML 读不出这个字段：请改为半角冒号加一个空格，如“%[1]s: …”", "the full-width colon \"：\" after %[1]s makes it no key YAML can read: type an ASCII colon and a space, as in \"%[1]s: …\""},
	RuleFullWidthDigits: {Warning, "%s：日期 %q 含全角数字，已按 %q 读取；请改用半角数字", "%s: the date %q has full-width digits; read as %q — type ASCII digits"},
	RuleFullWidthSpace:  {Warning, "字段名 %q 含全角空格，已按 %s 读取；请删去空格", "the key %q holds a full-width space; read as %s — delete the space"},

	RuleRequired:        {Error, "缺少必填字段 %s", "missing required field %s"},
	RuleOneLine:         {Error, "%s 只能有一行", "%s must be one line"},
	RuleDateFormat:      {Error, "%s：%q 不是 YYYY-MM-DD 格式的日期", "%s: %q is not a date of the form YYYY-MM-DD"},
	RuleDateInvalid:     {Error, "%s：日期 %q 不存在", "%s: the date %q does not exist"},
	RuleDateOrder:       {Error, "%s（%s）早于 %s（%s）", "%s (%s) is before %s (%s)"},
	RuleEnum:            {Error, "%s：未知的值 %q，可选：%s", "%s: unknown value %q; expected one of %s"},
	RuleKind:            {Error, "未知的记录类型 %q，可选：%s", "unknown kind %q; expected one of %s"},
	RuleKindFolder:      {Error, "文件夹 %[1]s/ 不是记录类型的文件夹：是否应放在 %[2]s 中？（也可以在记录中写明“类型:”）", "the folder %[1]s/ is no kind's folder: did you mean %[2]s? (or give the record a kind:)"},
	RuleIndexPattern:    {Error, "索引号 %q 不符合本站格式（应形如 %s）", "index_no %q does not have the site's form (such as %s)"},
	RuleDocNoBrackets:   {Warning, "文号 %q 的年份应使用六角括号〔〕，已按 %q 处理", "doc_no %q should put the year in 〔〕; read as %q"},
	RuleTopic:           {Error, "主题分类 %q 不在主题分类表中", "topic %q is not in the topic tree"},
	RuleGenre:           {Error, "体裁分类 %q 不在体裁列表中", "genre %q is not a known genre"},
	RuleCategory:        {Error, "目录分类 %q 不在目录分类表中", "catalogue %q is not in the catalogue tree"},
	RuleSlug:            {Error, "slug %q 只能包含字母、数字、汉字、-、_ 和 .", "slug %q may hold only letters, digits, Chinese characters, -, _ and ."},
	RuleAlias:           {Error, "别名 %q 必须是以 / 开头的站内路径，不能含 .. 或查询串", "alias %q must be a site path starting with /, without .. or a query"},
	RuleAttachment:      {Error, "附件 %q 不存在", "attachment %q does not exist"},
	RuleAttachmentPath:  {Error, "附件 %q 位于 content/ 之外或是符号链接", "attachment %q lies outside content/ or is a symbolic link"},
	RuleElement:         {Warning, "公开目录条目缺少%s（%s）：《条例》第十二条要求每条信息有索引、名称、内容概述、生成日期", "the catalogue item lacks its %[2]s (%[1]s): Art. 12 of the Regulations requires an index, a name, a summary and a date for every item"},
	RuleUnlisted:        {Warning, "记录不属于“%s”的任何一项：请填写 catalogue（目录分类）", "the record is under no item of %s: give it a catalogue"},
	RuleLatePublication: {Warning, "发布日期比成文日期晚 %d 个工作日，超过《条例》第二十六条规定的 20 个工作日", "published %d working days after written, more than the 20 of Art. 26 of the Regulations"},
	RuleBodyTooComplex:  {Error, "正文过于复杂：%[1]s超过 %[3]d 个，无法及时排版；请拆分或改写这一处", "body too complex to render in time: more than %[3]d %[2]s; split or simplify it here"},

	RuleDuplicateIndex:     {Error, "索引号 %q 重复，已用于 %s", "index_no %q is already used by %s"},
	RuleReference:          {Error, "%s 引用的索引号 %q 在本站不存在", "%s names index_no %q, which no record in this site has"},
	RuleSelfReference:      {Error, "%s 不能引用记录自身", "%s cannot name the record itself"},
	RuleRepealCycle:        {Error, "废止关系形成循环：%s", "repeals form a cycle: %s"},
	RuleURLCollision:       {Error, "网址 %s 与 %s 冲突", "URL %s is also the URL of %s"},
	RuleLink:               {Error, "链接 record:%s 指向不存在的索引号", "link record:%s names no index_no of this site"},
	RuleLateInterpretation: {Warning, "解读发布日期比政策 %s 晚 %d 个工作日（应同步或 3 个工作日内）", "interpretation published %[2]d working days after its policy %[1]s (due with it or within 3)"},
	RuleInterpretsKind:     {Warning, "解读对象 %s 不是政策文件", "interprets %s, which is not a policy"},
	RuleValidityConflict:   {Warning, "本记录已被 %s 废止，但有效性填为 %s", "this record is repealed by %s but its validity says %s"},

	RuleAnnualMissingFigure:   {Error, "年报缺少 %s（%s）", "the annual report lacks %s (%s)"},
	RuleAnnualFigure:          {Error, "%s：%q 应为%s", "%s: %q must be %s"},
	RuleAnnualNarrativeTables: {Warning, "格式为 %s 的年报不用 tables:（表格只用于 2021 或 2019 格式）", "a report of format %s has no use for tables: (only the 2021 and 2019 formats have tables)"},
	RuleAnnualFormat:          {Error, "%d 年度的年报应采用%s，不能采用 %s 格式", "the report for %d must follow %s, not the %s format"},
	RuleAnnualPlaceholder:     {Error, "%s 仍标有“待填写”：请填写实际内容并删去该标记", "%s is still marked 待填写 (to be filled in): fill it in and remove the mark"},
	RuleAnnualBalance:         {Error, "“%s”列：一（%d）+ 二（%d）= %d，不等于三（七）总计（%d）+ 四（%d）= %d", "column %s: one (%d) + two (%d) = %d, not three (7) total (%d) + four (%d) = %d"},
	RuleAnnualOutcomeTotal:    {Error, "“%s”列：（七）总计为 %d，（一）至（六）之和为 %d", "column %s: (7) total is %d, but (1) to (6) add up to %d"},
	RuleAnnualSubtotal:        {Error, "“%s”列：%s的小计为 %d，各项之和为 %d", "column %s: the subtotal of %s is %d, but its items add up to %d"},
	RuleAnnualApplicantTotal:  {Error, "“%s”行：总计为 %d，自然人与法人或其他组织各列之和为 %d", "row %s: the total is %d, but the natural-person and organisation columns add up to %d"},
	RuleAnnualReviewTotal:     {Error, "%s：总计为 %d，结果维持、结果纠正、其他结果、尚未审结之和为 %d", "%s: the total is %d, but its four columns add up to %d"},
	RuleAnnualCarriedOver:     {Error, "“%s”列：上年结转 %d，但 %d 年年报的结转下年度继续办理为 %d（%s）", "column %s: carried over %d, but the %d report carried forward %d (%s)"},
	RuleAnnualInForce:         {Error, "%s现行有效件数为 %d，应为上年 %d + 本年制发 %d − 本年废止 %d = %d", "%s in force: %d, but last year's %d + issued %d − repealed %d = %d"},
	RuleAnnualCount:           {Warning, "%s：报告填 %d，按本站目录统计为 %d（计入：%s）", "%s: the report says %d, but the catalogue counts %d (counted: %s)"},
	RuleAnnualDuplicateYear:   {Error, "%d 年的年报已有 %s", "the report for %d is already %s"},
	RuleAnnualMissing:         {Warning, "未找到 %d 年的政府信息公开工作年度报告：应于 %s 前公布（《条例》第四十九条）", "no annual report for %d: it was due by %s (Art. 49 of the Regulations)"},
	RuleAnnualAccountability:  {Warning, "五、存在的主要问题及改进情况未写%s：《条例》第五十条要求各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况", "part 五 (problems and improvements) does not mention %s: Art. 50 of the Regulations has a government's annual report give the results of its work assessment (工作考核), public appraisal (社会评议) and accountability (责任追究)"},

	RuleConfig:   {Error, "站点配置：%s", "site configuration: %s"},
	RuleTemplate: {Error, "模板错误：%s", "layout error: %s"},
	RuleBaseURL:  {Warning, "site.yaml 未设置 base_url，未生成 sitemap.xml，订阅源使用相对链接", "site.yaml has no base_url: sitemap.xml is not written and feeds use relative links"},
	RuleIdentity: {Warning, "网站已设置 base_url，但 site.yaml 未填写 %s：《政府网站发展指引》（国办发〔2017〕47号）要求政府网站在页面底部展示", "site.yaml sets base_url but not %s, which the 政府网站发展指引 (国办发〔2017〕47号) has every government website show at the foot of its pages"},
}

// Severity is the rule's severity when the run is not strict.
func (r Rule) Severity() Severity { return rules[r].sev }

// Message formats the rule's message in lang ("en", or Chinese otherwise).
func (r Rule) Message(lang string, args ...any) string {
	info, ok := rules[r]
	if !ok {
		return fmt.Sprint(append([]any{string(r) + ": "}, args...)...)
	}
	format := info.zh
	if lang == "en" {
		format = info.en
	}
	args = slices.Clone(args)
	for i, a := range args {
		if t, ok := a.(Text); ok {
			args[i] = t.In(lang)
		}
	}
	return fmt.Sprintf(format, args...)
}

// Text is an argument of a message that is itself worded in each language.
type Text struct{ Zh, En string }

// In is the text in lang ("en", or Chinese otherwise).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.En
	}
	return t.Zh
}
