package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/render"
)

// existingRow is the row whose 索引号 a record of the site already has.
const existingRow = 100

func newSite(t testing.TB, rows []genRow) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/site.yaml"), siteYAML)
	if rows != nil {
		write(t, filepath.Join(dir, "content/policies/old/existing.md"), "---\nindex_no: "+rows[existingRow-1].indexNo+
			"\ntitle: 已有的记录\npublished: 2020-01-01\n---\n已有。\n")
	}
	return dir
}

func write(t testing.TB, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	return out
}

// wantRejected is what the generator made bad, by row number.
func wantRejected(rows []genRow) map[int]Reason {
	want := map[int]Reason{}
	for i, r := range rows {
		if r.reject != "" {
			want[i+2] = r.reject
		}
	}
	want[existingRow+1] = Exists
	return want
}

func importFile(t *testing.T, site, file, files string, overwrite bool) *Result {
	t.Helper()
	table, err := ReadTable(context.Background(), file, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Source: site, Table: table, Files: files, Overwrite: overwrite})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestImportExport(t *testing.T) {
	files := t.TempDir()
	rows := genExport(t, 300, files)
	want := wantRejected(rows)
	csvFile := filepath.Join(t.TempDir(), "export.csv")
	xlsxFile := filepath.Join(t.TempDir(), "export.xlsx")
	writeCSV(t, csvFile, rows)
	writeXLSX(t, xlsxFile, rows)

	var trees []map[string][]byte
	for _, file := range []string{csvFile, xlsxFile} {
		t.Run(filepath.Ext(file), func(t *testing.T) {
			site := newSite(t, rows)
			res := importFile(t, site, file, files, false)
			got := map[int]Reason{}
			for _, r := range res.Rejected {
				if _, dup := got[r.Row]; dup {
					t.Errorf("row %d rejected twice", r.Row)
				}
				got[r.Row] = r.Reason
				if r.Detail == "" {
					t.Errorf("row %d: no detail", r.Row)
				}
			}
			for row, reason := range want {
				if got[row] != reason {
					t.Errorf("row %d: rejected as %q, want %q", row, got[row], reason)
				}
			}
			for row, reason := range got {
				if _, ok := want[row]; !ok {
					t.Errorf("row %d: rejected as %q (%v), want imported", row, reason, res.Rejected)
				}
			}
			if len(res.Written) != len(rows)-len(want) || len(res.Unchanged) != 0 {
				t.Errorf("%d written, %d unchanged; want %d written", len(res.Written), len(res.Unchanged), len(rows)-len(want))
			}
			before := tree(t, site)
			if string(before["content/policies/old/existing.md"]) == "" || !strings.Contains(string(before["content/policies/old/existing.md"]), "已有的记录") {
				t.Error("the existing record was changed")
			}
			// A re-import changes nothing.
			again := importFile(t, site, file, files, false)
			if len(again.Written) != 0 || len(again.Unchanged) != len(res.Written) || len(again.Rejected) != len(res.Rejected) {
				t.Errorf("re-import: %d written, %d unchanged, %d rejected", len(again.Written), len(again.Unchanged), len(again.Rejected))
			}
			after := tree(t, site)
			if len(after) != len(before) {
				t.Errorf("re-import: %d files, was %d", len(after), len(before))
			}
			for name, b := range before {
				if !bytes.Equal(after[name], b) {
					t.Errorf("re-import changed %s", name)
				}
			}
			checkRoundTrip(t, site, rows, want)
			trees = append(trees, after)
		})
	}
	if len(trees) == 2 {
		for name, b := range trees[0] {
			if !bytes.Equal(trees[1][name], b) {
				t.Errorf("%s: the CSV and XLSX imports differ:\n%s\n---\n%s", name, b, trees[1][name])
				break
			}
		}
	}
}

// checkRoundTrip builds the site and compares catalogue.csv with the rows
// imported, field by field.
func checkRoundTrip(t *testing.T, site string, rows []genRow, rejected map[int]Reason) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := pipeline.Run(context.Background(), pipeline.Options{Source: site, Out: out})
	if err != nil || res.Errors > 0 {
		for _, d := range res.Diagnostics {
			t.Log(d)
		}
		t.Fatalf("build: %v, %d errors", err, res.Errors)
	}
	raw, err := os.ReadFile(filepath.Join(out, "catalogue.csv"))
	if err != nil {
		t.Fatal(err)
	}
	exp, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range exp[0] {
		col[h] = i
	}
	byIndex := map[string][]string{}
	for _, r := range exp[1:] {
		byIndex[r[col["index_no"]]] = r
	}
	if len(byIndex) != len(rows)-len(rejected)+1 { // and the existing record
		t.Errorf("catalogue.csv has %d records, want %d", len(byIndex), len(rows)-len(rejected)+1)
	}
	validity := map[string]string{"有效": "in_force", "现行有效": "in_force", "失效": "expired", "已废止": "repealed", "": "in_force"}
	for i, r := range rows {
		if _, bad := rejected[i+2]; bad {
			continue
		}
		got := byIndex[r.indexNo]
		if got == nil {
			t.Errorf("row %d (%s) is not in catalogue.csv", i+2, r.indexNo)
			continue
		}
		c := r.cells
		for field, want := range map[string]string{
			"kind": r.kind, "title": c[1], "doc_no": c[2], "issuers": c[3], "publisher": c[4],
			"written": r.written, "published": r.published, "topic": c[7], "genre": c[8],
			"validity": validity[c[9]], "summary": c[10], "keywords": strings.ReplaceAll(c[11], "、", render.ExportSep),
		} {
			if got[col[field]] != want {
				t.Errorf("row %d %s: exported %q, imported %q", i+2, field, got[col[field]], want)
			}
		}
		var atts []string
		for _, a := range r.attachments {
			atts = append(atts, "https://gk.example.gov.cn/"+r.kind+"/"+r.published[:4]+"-"+r.indexNo[len(r.indexNo)-5:]+"/"+a)
		}
		if g := got[col["attachments"]]; g != strings.Join(atts, render.ExportSep) {
			t.Errorf("row %d attachments: exported %q, want %q", i+2, g, atts)
		}
		if !slices.Contains([]string{"policy", "notice", "report"}, got[col["kind"]]) {
			t.Errorf("row %d kind %q", i+2, got[col["kind"]])
		}
	}
}

func TestOverwrite(t *testing.T) {
	files := t.TempDir()
	rows := genExport(t, 20, files)
	site := newSite(t, nil)
	name := filepath.Join(t.TempDir(), "a.csv")
	writeCSV(t, name, rows)
	first := importFile(t, site, name, files, false)
	rows[0].cells[1] = "改过的标题"
	writeCSV(t, name, rows)
	res := importFile(t, site, name, files, false)
	if len(res.Written) != 0 || len(res.Rejected) != len(first.Rejected)+1 || res.Rejected[0].Reason != Exists || res.Rejected[0].Row != 2 {
		t.Fatalf("changed row without --overwrite: %+v", res)
	}
	res = importFile(t, site, name, files, true)
	if len(res.Written) != 1 || len(res.Replaced) != 1 || len(res.Unchanged) != len(first.Written)-1 {
		t.Fatalf("--overwrite: %+v", res)
	}
	b, _ := os.ReadFile(filepath.Join(site, "content", filepath.FromSlash(res.Written[0])))
	if !strings.Contains(string(b), "改过的标题") {
		t.Errorf("not replaced:\n%s", b)
	}
}

func TestHTMLBody(t *testing.T) {
	files := t.TempDir()
	rows := genExport(t, 3, files)
	site := newSite(t, nil)
	name := filepath.Join(t.TempDir(), "a.csv")
	writeCSV(t, name, rows)
	res := importFile(t, site, name, files, false)
	var body string
	for _, w := range res.Written {
		if strings.HasSuffix(w, "-00003.md") {
			b, _ := os.ReadFile(filepath.Join(site, "content", filepath.FromSlash(w)))
			body = string(b)
		}
	}
	for _, want := range []string{"## 第一章 总则", "**制定**", "[中国政府网](https://www.gov.cn/)", "- 甲\n- 乙", "| 项目 | 金额 |\n| --- | --- |\n| 合计 | 100 |"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	for _, bad := range []string{"script", "alert", "javascript", "onclick", "<"} {
		if strings.Contains(body[strings.Index(body, "\n---\n"):], bad) {
			t.Errorf("body keeps %q:\n%s", bad, body)
		}
	}
}

// TestReimportCatalogueCSV: a site's catalogue.csv imports into another
// site as it is, and that site exports the same catalogue (attachments, which
// the CSV holds as URLs, aside).
func TestReimportCatalogueCSV(t *testing.T) {
	files := t.TempDir()
	rows := genExport(t, 120, files)
	rows[0].cells[1] = "=SUM(1,2) 以等号开头的标题"
	first := newSite(t, nil)
	name := filepath.Join(t.TempDir(), "a.csv")
	writeCSV(t, name, rows)
	importFile(t, first, name, files, false)
	exported := buildCatalogue(t, first)

	second := newSite(t, nil)
	table, err := ReadTable(context.Background(), filepath.Join(exported, "catalogue.csv"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Source: second, Table: table, Files: files,
		Mapping: &Mapping{Columns: map[string]string{"attachments": ""}}})
	if err != nil || len(res.Rejected) > 0 {
		t.Fatalf("%v %v", err, res.Rejected)
	}
	a, b := readCSV(t, exported), readCSV(t, buildCatalogue(t, second))
	if len(a) != len(b) || len(a) < 90 {
		t.Fatalf("%d and %d rows", len(a), len(b))
	}
	att := slices.Index(a[0], "attachments")
	for i := range a {
		a[i][att], b[i][att] = "", ""
		if !slices.Equal(a[i], b[i]) {
			t.Errorf("row %d:\n%q\n%q", i+1, a[i], b[i])
		}
	}
	if !slices.ContainsFunc(a, func(r []string) bool { return r[2] == "'=SUM(1,2) 以等号开头的标题" }) {
		t.Error("the formula-like title is not defused in catalogue.csv")
	}
}

func buildCatalogue(t *testing.T, site string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if res, err := pipeline.Run(context.Background(), pipeline.Options{Source: site, Out: out}); err != nil || res.Errors > 0 {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	return out
}

func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(out, "catalogue.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestImportFourElements: 生成日期 and 内容摘要 columns fill written and
// summary; a row without 主题分类, 体裁 or 目录分类 takes the kind's defaults,
// and a catalogue path keeps the 、 of its item's name.
func TestImportFourElements(t *testing.T) {
	site := newSite(t, nil)
	name := filepath.Join(t.TempDir(), "a.csv")
	write(t, name, "类型,索引号,标题,生成日期,发布日期,内容摘要,目录分类\n"+
		"通知公告,11000000MB0000000T/2024-00001,通知,2024-03-01,2024-03-04,通知的概述,\n"+
		"政策文件,11000000MB0000000T/2024-00002,办法,2024-03-02,2024-03-05,办法的概述,法定主动公开内容/法规、规章和规范性文件\n")
	res := importFile(t, site, name, "", false)
	if len(res.Written) != 2 || len(res.Rejected) > 0 {
		t.Fatalf("written %q, rejected %v", res.Written, res.Rejected)
	}
	for i, want := range []string{
		"written: 2024-03-01\npublished: 2024-03-04\ngenre: \"通知\"\ncatalogue:\n  - \"法定主动公开内容/其他法定主动公开信息\"\nsummary: \"通知的概述\"\n",
		"written: 2024-03-02\npublished: 2024-03-05\ncatalogue:\n  - \"法定主动公开内容/法规、规章和规范性文件\"\nsummary: \"办法的概述\"\n",
	} {
		data, err := os.ReadFile(filepath.Join(site, "content", res.Written[i]))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks\n%s\nin\n%s", res.Written[i], want, data)
		}
	}
}
