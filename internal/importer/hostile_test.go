package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An export that names files outside its attachment folder copies nothing
// and says, row by row, that it refused them.
func TestAttachmentsStayInFiles(t *testing.T) {
	site := newSite(t, nil)
	parent := t.TempDir()
	files := filepath.Join(parent, "files")
	write(t, filepath.Join(parent, "outside.txt"), "SECRET outside\n")
	write(t, filepath.Join(parent, "secretdir/x.txt"), "SECRET in a folder\n")
	write(t, filepath.Join(files, "ok.txt"), "附件\n")
	write(t, filepath.Join(files, "sub/inner.txt"), "附件二\n")
	if err := os.Symlink(filepath.Join(parent, "outside.txt"), filepath.Join(files, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(parent, "secretdir"), filepath.Join(files, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok.txt", filepath.Join(files, "samelink.txt")); err != nil {
		t.Fatal(err)
	}
	atts := []struct {
		name    string
		outside bool
	}{
		{"../outside.txt", true},
		{"../../../../../../../../etc/passwd", true},
		{"/etc/passwd", true},
		{"sub/../../outside.txt", true},
		{"link.txt", true},
		{"linkdir/x.txt", true},
		{"ok.txt;../outside.txt", true},
		{"ok.txt", false},
		{"sub/../sub/inner.txt", false},
		{"samelink.txt", false},
	}
	var csv strings.Builder
	csv.WriteString("索引号,标题,发布日期,类别,正文,附件\n")
	for i, a := range atts {
		fmt.Fprintf(&csv, "%s/2025-%05d,附件%d,2025-01-02,通知公告,正文,%s\n", agencyCode, i+1, i+1, a.name)
	}
	table, err := ParseCSV([]byte(csv.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{Source: site, Table: table, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[int]Rejected{}
	for _, r := range res.Rejected {
		refused[r.Row] = r
	}
	for i, a := range atts {
		r, ok := refused[i+2]
		switch {
		case a.outside && (!ok || r.Reason != OutsideFiles || !strings.Contains(r.Detail, "不在附件文件夹")):
			t.Errorf("row %d (%s): %v, want %s", i+2, a.name, r, OutsideFiles)
		case !a.outside && ok:
			t.Errorf("row %d (%s) refused: %v", i+2, a.name, r)
		}
	}
	if len(res.Written) != 3 {
		t.Errorf("written %v, want the 3 rows with their files inside", res.Written)
	}
	for name, b := range tree(t, filepath.Join(site, "content")) {
		if bytes.Contains(b, []byte("SECRET")) || bytes.Contains(b, []byte("root:")) {
			t.Errorf("%s holds a file from outside the attachment folder", name)
		}
	}
}

// bombXLSX writes a workbook whose one sheet is head, then repeat written
// n times, then tail, deflated, without holding it in memory.
func bombXLSX(t testing.TB, name, head, repeat string, n int, tail string) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufioWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	bw.WriteString(head)
	for range n {
		bw.WriteString(repeat)
	}
	bw.WriteString(tail)
	bw.WriteString(`</sheetData></worksheet>`)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
}

const bombHead = `<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>`

// Both bombs of the issue, a little over the default limit: one cell of
// 130 MiB, and 130 MiB of rows. Each is refused before it is unzipped.
func TestXLSXBombs(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	over := DefaultMaxUnzip + 2<<20
	cell := filepath.Join(dir, "cell.xlsx")
	bombXLSX(t, cell, bombHead+`<row r="2"><c r="A2" t="inlineStr"><is><t>`, strings.Repeat("a", 1<<20), over>>20, `</t></is></c></row>`)
	row := `<row><c t="inlineStr"><is><t>x</t></is></c></row>`
	rows := filepath.Join(dir, "rows.xlsx")
	bombXLSX(t, rows, bombHead, strings.Repeat(row, 1<<20/len(row)), over>>20+1, "")
	for _, name := range []string{cell, rows} {
		st, _ := os.Stat(name)
		t.Logf("%s: %d KiB", filepath.Base(name), st.Size()>>10)
		if _, err := ReadTable(context.Background(), name, ReadOptions{}); err == nil || !strings.Contains(err.Error(), "解压后超过 128 MiB") {
			t.Errorf("%s: %v, want the unzip limit", filepath.Base(name), err)
		}
	}
	// The limit, not the file, refuses: a smaller one refuses a small file.
	small := filepath.Join(dir, "small.xlsx")
	bombXLSX(t, small, bombHead, strings.Repeat("<row/>", 1000), 1000, "")
	if _, err := ReadTable(context.Background(), small, ReadOptions{}); err != nil {
		t.Errorf("%s: %v", small, err)
	}
	if _, err := ReadTable(context.Background(), small, ReadOptions{MaxUnzip: 1 << 20}); err == nil || !strings.Contains(err.Error(), "解压后超过 1 MiB") {
		t.Errorf("%s with a 1 MiB limit: %v", small, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if tmps, _ := filepath.Glob(filepath.Join(dir, "excelize-*")); len(tmps)+len(left) > 0 {
		t.Errorf("temporary files left: %v %v", tmps, left)
	}
}

// A read that is cancelled returns at once with the context's error and
// leaves no temporary file.
func TestXLSXReadCancelled(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	name := filepath.Join(dir, "rows.xlsx")
	row := `<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>`
	bombXLSX(t, name, bombHead, strings.Repeat(row, 1<<20/len(row)), 100, "")
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := ReadTable(ctx, name, ReadOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("after %v: %v, want context.Canceled", time.Since(start), err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*-*")); len(tmps) > 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<20) }
