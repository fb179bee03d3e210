package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// A generated CMS export: headings as typical exports have them, dates in
// every usual form, HTML bodies, and bad rows of each kind at known places.

var exportHeader = []string{"索引号", "名称", "文号", "发文机关", "发布机构", "成文日期", "发布日期", "主题分类", "体裁", "有效性", "内容概述", "关键词", "正文", "附件", "类别", "备注"}

const agencyCode = "11000000MB0000000T"

const siteYAML = `title: 测试局政府信息公开
base_url: https://gk.example.gov.cn/
agency:
  name: 测试市测试局
  code: ` + agencyCode + `
index_no_pattern: "{code}/{year}-{seq:5}"
`

// genRow is one row of the export and what the import must make of it.
type genRow struct {
	cells  []string
	serial float64 // > 0: the 发布日期 is this Excel serial number (a number cell in XLSX)
	reject Reason  // "" for a good row
	// what the record must say
	indexNo, kind, published, written string
	attachments                       []string
}

var dateForms = []func(time.Time) string{
	func(t time.Time) string { return t.Format("2006-01-02") },
	func(t time.Time) string { return fmt.Sprintf("%d/%d/%d", t.Year(), t.Month(), t.Day()) },
	func(t time.Time) string { return fmt.Sprintf("%d.%d.%d", t.Year(), t.Month(), t.Day()) },
	func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) },
	nil, // Excel serial
	func(t time.Time) string { return t.Format("2006-01-02 15:04:05") },
}

var kinds = []struct{ cell, kind string }{{"政策文件", "policy"}, {"通知公告", "notice"}, {"report", "report"}, {"policy", "policy"}}

// genExport makes n rows; files it names as attachments are written to dir.
func genExport(t testing.TB, n int, dir string) []genRow {
	var rows []genRow
	for i := 1; i <= n; i++ {
		year := 2020 + i%5
		pub := time.Date(year, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		written := pub.AddDate(0, 0, -3)
		k := kinds[i%len(kinds)]
		r := genRow{indexNo: fmt.Sprintf("%s/%d-%05d", agencyCode, year, i), kind: k.kind,
			published: pub.Format("2006-01-02"), written: written.Format("2006-01-02")}
		pubCell := ""
		if f := dateForms[i%len(dateForms)]; f != nil {
			pubCell = f(pub)
		} else {
			r.serial = float64(pub.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
			pubCell = strconv.FormatFloat(r.serial, 'f', -1, 64)
		}
		body := fmt.Sprintf("第一条 为了规范第%d项工作，制定本办法。\r\n第二条 本办法自发布之日起施行。", i)
		if i%3 == 0 {
			body = fmt.Sprintf(`<div class="TRS_Editor"><h2>第一章 总则</h2><p style="text-indent:2em">第一条 为了规范第%d项工作，<strong>制定</strong>本办法。</p>`+
				`<script>alert(1)</script><p onclick="x()">第二条 见<a href="javascript:evil()">此处</a>和<a href="https://www.gov.cn/">中国政府网</a>。</p>`+
				`<ul><li>甲</li><li>乙</li></ul><table><tr><th>项目</th><th>金额</th></tr><tr><td>合计</td><td>100</td></tr></table></div>`, i)
		}
		var atts string
		if i%10 == 5 {
			for j := 1; j <= 2; j++ {
				name := fmt.Sprintf("%d-附件%d.txt", i, j)
				if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf("附件 %d %d\n", i, j)), 0o644); err != nil {
					t.Fatal(err)
				}
				r.attachments = append(r.attachments, name)
			}
			atts = r.attachments[0] + "；" + r.attachments[1]
		}
		validity := []string{"有效", "现行有效", "失效", "已废止", ""}[i%5]
		cells := []string{r.indexNo, fmt.Sprintf("测试市第%d号管理办法", i), fmt.Sprintf("测规〔%d〕%d号", year, i), "测试市测试局", "测试市测试局办公室",
			written.Format("2006/1/2"), pubCell, "综合政务/政务公开", "通知", validity,
			fmt.Sprintf("第%d项工作的管理。", i), "管理、办法", body, atts, k.cell, "备注不导入"}
		switch i % 50 {
		case 7:
			cells[1], r.reject = "  ", NoTitle
		case 13:
			cells[6], r.reject, r.serial = fmt.Sprintf("%d-02-30", year), BadDate, 0
		case 17:
			cells[5], r.reject = "去年春天", BadDate
		case 21:
			cells[0], r.reject = "ABC-1", BadIndexNo
		case 29:
			cells[0], r.reject = rows[len(rows)-1].cells[0], DuplicateInFile
		case 33:
			cells[6], r.reject, r.serial = "", NoPublished, 0
		case 41:
			cells[0], r.reject = "", NoIndexNo
		case 45:
			cells[13], r.reject = "没有这个文件.pdf", NoAttachment
		case 47:
			cells[14], r.reject = "公告栏", BadKind
		case 49:
			cells[7], r.reject = "不存在的分类", Invalid
		}
		r.cells = cells
		rows = append(rows, r)
	}
	return rows
}

func writeCSV(t testing.TB, name string, rows []genRow) {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(exportHeader)
	for _, r := range rows {
		w.Write(r.cells)
	}
	w.Flush()
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeXLSX(t testing.TB, name string, rows []genRow) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, as Excel shows dates
	put := func(n int, cells []any) {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, cells); err != nil {
			t.Fatal(err)
		}
	}
	head := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		head[i] = h
	}
	put(1, head)
	for i, r := range rows {
		cells := make([]any, len(r.cells))
		for j, c := range r.cells {
			cells[j] = c
		}
		if r.serial > 0 {
			cells[6] = excelize.Cell{StyleID: dateStyle, Value: r.serial}
		}
		put(i+2, cells)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
}
