package annualreport

// The official tables, as data: every heading exactly as the national
// formats print it, and the YAML key of every row and column. Decoding,
// the checks, the HTML tables, the CSV and the draft all walk these.

// Kind is what a figure counts.
type Kind int

const (
	Whole  Kind = iota // a whole number, not negative (a count)
	Delta              // a whole number that may be negative (本年增/减)
	Amount             // a decimal amount, not negative (万元)
)

// Col is a column heading; a leaf has a YAML key and holds figures. Key ""
// on a heading with children adds no YAML level.
type Col struct {
	Key   string
	Label string
	Kind  Kind
	Cols  []Col
}

// Row is a row heading; a leaf holds one figure per leaf column. Key ""
// on a heading with children adds no YAML level. Optional rows (the
// subtotals) may be left out.
type Row struct {
	Key      string
	Label    string
	Rows     []Row
	Optional bool
}

// Table is one official table.
type Table struct {
	ID      string // for HTML ids and the CSV: "t2-1", "t3", "t4"
	Section string // the section heading it belongs to
	Caption string
	Prefix  string // its YAML key under tables:
	Corner  string // the top-left cell
	Note    bool   // the corner is a note (a td), not the heading of the row labels
	Cols    []Col
	Rows    []Row

	leaves []Leaf // of the formats' tables, listed once: the checks ask often
}

// Format is one tabular format: its tables in order.
type Format struct {
	Name   string // "2021" or "2019"
	Tables []*Table
}

// The section headings.
const (
	Section1 = "一、总体情况"
	Section2 = "二、主动公开政府信息情况"
	Section3 = "三、收到和处理政府信息公开申请情况"
	Section4 = "四、政府信息公开行政复议、行政诉讼情况"
	Section5 = "五、存在的主要问题及改进情况"
	Section6 = "六、其他需要报告的事项"
)

// The YAML keys of sections:, with their headings.
var Sections = []struct{ Key, Heading string }{
	{"overview", Section1}, {"problems", Section5}, {"other", Section6},
}

// Applicants are the seven columns of table 三.
var applicants = []Col{{Label: "申请人情况", Cols: []Col{
	{Key: "natural_person", Label: "自然人"},
	{Label: "法人或其他组织", Cols: []Col{
		{Key: "business", Label: "商业企业"},
		{Key: "research", Label: "科研机构"},
		{Key: "public_interest", Label: "社会公益组织"},
		{Key: "legal_services", Label: "法律服务机构"},
		{Key: "other_org", Label: "其他"},
	}},
	{Key: "total", Label: "总计"},
}}}

// ApplicantKeys are the keys of table 三's columns, 总计 last.
var ApplicantKeys = []string{"natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total"}

// Groups are the rows of 三、本年度办理结果 that have numbered sub-rows.
var Groups = []string{"refused", "unable", "not_processed", "other"}

// Outcomes are the rows summed into （七）总计.
var Outcomes = []string{"granted", "partly_granted", "refused", "unable", "not_processed", "other"}

var subtotal = Row{Key: "total", Label: "小计", Optional: true}

func requests(otherRows []Row) *Table {
	other := Row{Key: "other", Label: "（六）其他处理", Rows: otherRows}
	return &Table{
		ID: "t3", Section: Section3, Caption: Section3, Prefix: "requests",
		Corner: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", Note: true,
		Cols: applicants,
		Rows: []Row{
			{Key: "new", Label: "一、本年新收政府信息公开申请数量"},
			{Key: "carried_over", Label: "二、上年结转政府信息公开申请数量"},
			{Label: "三、本年度办理结果", Rows: []Row{
				{Key: "granted", Label: "（一）予以公开"},
				{Key: "partly_granted", Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
				{Key: "refused", Label: "（三）不予公开", Rows: []Row{
					{Key: "state_secret", Label: "1.属于国家秘密"},
					{Key: "prohibited_by_law", Label: "2.其他法律行政法规禁止公开"},
					{Key: "security_stability", Label: "3.危及“三安全一稳定”"},
					{Key: "third_party", Label: "4.保护第三方合法权益"},
					{Key: "internal_affairs", Label: "5.属于三类内部事务信息"},
					{Key: "process_info", Label: "6.属于四类过程性信息"},
					{Key: "enforcement_files", Label: "7.属于行政执法案卷"},
					{Key: "query_matters", Label: "8.属于行政查询事项"},
					subtotal,
				}},
				{Key: "unable", Label: "（四）无法提供", Rows: []Row{
					{Key: "not_held", Label: "1.本机关不掌握相关政府信息"},
					{Key: "needs_creation", Label: "2.没有现成信息需要另行制作"},
					{Key: "unclear", Label: "3.补正后申请内容仍不明确"},
					subtotal,
				}},
				{Key: "not_processed", Label: "（五）不予处理", Rows: []Row{
					{Key: "complaints", Label: "1.信访举报投诉类申请"},
					{Key: "repeated", Label: "2.重复申请"},
					{Key: "publications", Label: "3.要求提供公开出版物"},
					{Key: "excessive", Label: "4.无正当理由大量反复申请"},
					{Key: "confirmation", Label: "5.要求行政机关确认或重新出具已获取信息"},
					subtotal,
				}},
				other,
				{Key: "total", Label: "（七）总计"},
			}},
			{Key: "carried_forward", Label: "四、结转下年度继续办理"},
		},
	}
}

func reviewCols(key, label string) Col {
	return Col{Key: key, Label: label, Cols: []Col{
		{Key: "upheld", Label: "结果维持"},
		{Key: "corrected", Label: "结果纠正"},
		{Key: "other", Label: "其他结果"},
		{Key: "pending", Label: "尚未审结"},
		{Key: "total", Label: "总计"},
	}}
}

// ReviewKeys are the three parts of table 四.
var ReviewKeys = []string{"review", "litigation_direct", "litigation_after_review"}

var reviews = &Table{
	ID: "t4", Section: Section4, Caption: Section4, Prefix: "reviews",
	Cols: []Col{
		reviewCols("review", "行政复议"),
		{Label: "行政诉讼", Cols: []Col{
			reviewCols("litigation_direct", "未经复议直接起诉"),
			reviewCols("litigation_after_review", "复议后起诉"),
		}},
	},
	Rows: []Row{{}},
}

func item(id, n string, cols []Col, rows ...Row) *Table {
	return &Table{ID: id, Section: Section2, Caption: "第二十条第（" + n + "）项", Prefix: "proactive", Corner: "信息内容", Cols: cols, Rows: rows}
}

// Format2021 is the format of 国办公开办函〔2021〕30号, used from the 2021 report on.
var Format2021 = &Format{Name: "2021", Tables: []*Table{
	item("t2-1", "一", []Col{{Key: "issued", Label: "本年制发件数"}, {Key: "repealed", Label: "本年废止件数"}, {Key: "in_force", Label: "现行有效件数"}},
		Row{Key: "rules", Label: "规章"}, Row{Key: "normative", Label: "行政规范性文件"}),
	item("t2-5", "五", []Col{{Key: "decisions", Label: "本年处理决定数量"}}, Row{Key: "licensing", Label: "行政许可"}),
	item("t2-6", "六", []Col{{Key: "decisions", Label: "本年处理决定数量"}}, Row{Key: "punishment", Label: "行政处罚"}, Row{Key: "enforcement", Label: "行政强制"}),
	item("t2-8", "八", []Col{{Key: "amount", Label: "本年收费金额（单位：万元）", Kind: Amount}}, Row{Key: "fees", Label: "行政事业性收费"}),
	requests([]Row{
		{Key: "overdue_correction", Label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
		{Key: "overdue_fee", Label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
		{Key: "other", Label: "3.其他"},
		subtotal,
	}),
	reviews,
}}

var projects = []Col{{Key: "previous", Label: "上一年项目数量"}, {Key: "change", Label: "本年增/减", Kind: Delta}, {Key: "decisions", Label: "处理决定数量"}}

// Format2019 is the trial format used for the 2019 and 2020 reports.
var Format2019 = &Format{Name: "2019", Tables: []*Table{
	item("t2-1", "一", []Col{{Key: "made", Label: "本年新制作数量"}, {Key: "published", Label: "本年新公开数量"}, {Key: "total", Label: "对外公开总数量"}},
		Row{Key: "rules", Label: "规章"}, Row{Key: "normative", Label: "规范性文件"}),
	item("t2-5", "五", projects, Row{Key: "licensing", Label: "行政许可"}, Row{Key: "other_services", Label: "其他对外管理服务事项"}),
	item("t2-6", "六", projects, Row{Key: "punishment", Label: "行政处罚"}, Row{Key: "enforcement", Label: "行政强制"}),
	item("t2-8", "八", projects[:2], Row{Key: "fees", Label: "行政事业性收费"}),
	item("t2-9", "九", []Col{{Key: "projects", Label: "采购项目数量"}, {Key: "amount", Label: "采购总金额", Kind: Amount}}, Row{Key: "procurement", Label: "政府集中采购"}),
	requests(nil),
	reviews,
}}

// FormatOf returns the tabular format named name, or nil (narrative).
func FormatOf(name string) *Format {
	switch name {
	case "2021":
		return Format2021
	case "2019":
		return Format2019
	}
	return nil
}

// Formats lists the formats a report for year may follow: the 2021 format
// from the 2021 report on; the 2019 trial format or the 2021 one for 2019
// and 2020; nil, meaning any (narrative too), before 2019.
func Formats(year int) []string {
	switch {
	case year >= 2021:
		return []string{"2021"}
	case year >= 2019:
		return []string{"2019", "2021"}
	}
	return nil
}

// FormatFor is the format a new report for year is drafted in: the first
// of Formats, and the 2019 trial format before 2019.
func FormatFor(year int) string {
	if f := Formats(year); f != nil {
		return f[0]
	}
	return "2019"
}

// Leaf is one figure's place in a table: its YAML path and headings.
type Leaf struct {
	Path     string   // "requests.refused.state_secret.business"
	Rows     []string // the row headings, outermost first
	Cols     []string // the column headings, outermost first
	Kind     Kind
	Optional bool
	Table    *Table
}

type rowLeaf struct {
	keys, labels []string
	optional     bool
}

type colLeaf struct {
	keys, labels []string
	kind         Kind
}

func rowLeaves(rows []Row, keys, labels []string, optional bool, out *[]rowLeaf) {
	for _, r := range rows {
		k, l := keys, labels
		if r.Key != "" {
			k = append(k[:len(k):len(k)], r.Key)
		}
		if r.Label != "" {
			l = append(l[:len(l):len(l)], r.Label)
		}
		if len(r.Rows) == 0 {
			*out = append(*out, rowLeaf{k, l, optional || r.Optional})
			continue
		}
		rowLeaves(r.Rows, k, l, optional || r.Optional, out)
	}
}

func colLeaves(cols []Col, keys, labels []string, out *[]colLeaf) {
	for _, c := range cols {
		k, l := keys, labels
		if c.Key != "" {
			k = append(k[:len(k):len(k)], c.Key)
		}
		l = append(l[:len(l):len(l)], c.Label)
		if len(c.Cols) == 0 {
			*out = append(*out, colLeaf{k, l, c.Kind})
			continue
		}
		colLeaves(c.Cols, k, l, out)
	}
}

func init() {
	for _, f := range []*Format{Format2021, Format2019} {
		for _, t := range f.Tables {
			t.leaves = t.listLeaves()
		}
	}
}

// Leaves lists the table's figures, row by row. The slice is the table's:
// callers do not change it.
func (t *Table) Leaves() []Leaf {
	if t.leaves != nil {
		return t.leaves
	}
	return t.listLeaves()
}

func (t *Table) listLeaves() []Leaf {
	var rows []rowLeaf
	var cols []colLeaf
	rowLeaves(t.Rows, nil, nil, false, &rows)
	colLeaves(t.Cols, nil, nil, &cols)
	var out []Leaf
	for _, r := range rows {
		for _, c := range cols {
			path := t.Prefix
			for _, k := range append(r.keys[:len(r.keys):len(r.keys)], c.keys...) {
				path += "." + k
			}
			out = append(out, Leaf{Path: path, Rows: r.labels, Cols: c.labels, Kind: c.kind, Optional: r.optional, Table: t})
		}
	}
	return out
}

// Leaves lists every figure of the format, table by table.
func (f *Format) Leaves() []Leaf {
	var out []Leaf
	for _, t := range f.Tables {
		out = append(out, t.Leaves()...)
	}
	return out
}
