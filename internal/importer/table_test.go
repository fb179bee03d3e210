package importer

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestParseCSVEncodings(t *testing.T) {
	text := "索引号,标题\r\nA/2024-00001,\"关于“房屋”的通知\r\n第二行\"\r\n,,\r\nA/2024-00002,通知二\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"utf-8": text, "bom": "\uFEFF" + text, "gbk": gbk} {
		tb, err := ParseCSV([]byte(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(tb.Header, []string{"索引号", "标题"}) || len(tb.Rows) != 2 ||
			tb.Rows[0][1] != "关于“房屋”的通知\n第二行" || !slices.Equal(tb.Lines, []int{2, 4}) {
			t.Errorf("%s: %q %q %v", name, tb.Header, tb.Rows, tb.Lines)
		}
	}
}

// TestHeadingRow: a sheet's heading is its first row that is not blank, a
// CSV's its first record; blank rows below it are left out, and each row
// keeps its number.
func TestHeadingRow(t *testing.T) {
	rows := [][]string{{"", " "}, {"索引号", "标题"}, {"", ""}, {"A/2024-00001", "通知"}}
	for _, c := range []struct {
		skipBlank bool
		header    []string
		lines     []int
	}{
		{true, []string{"索引号", "标题"}, []int{4}},
		{false, []string{"", " "}, []int{2, 4}},
	} {
		i := 0
		tb, err := collect(func() ([]string, error) {
			if i == len(rows) {
				return nil, io.EOF
			}
			i++
			return rows[i-1], nil
		}, c.skipBlank)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tb.Header, c.header) || !slices.Equal(tb.Lines, c.lines) || len(tb.Rows) != len(c.lines) {
			t.Errorf("skipping blank rows %v: %q %q %v", c.skipBlank, tb.Header, tb.Rows, tb.Lines)
		}
	}
	// As ReadTable reads a sheet.
	cell := func(ref, text string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + text + `</t></is></c>`
	}
	name := filepath.Join(t.TempDir(), "blank-above.xlsx")
	bombXLSX(t, name, `<row r="1">`+cell("A1", " ")+`</row><row r="2">`+cell("A2", "标题")+`</row><row r="3">`+cell("A3", "")+`</row>`,
		`<row r="4">`+cell("A4", "通知")+`</row>`, 1, "")
	tb, err := ReadTable(context.Background(), name, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tb.Header, []string{"标题"}) || !slices.Equal(tb.Lines, []int{4}) {
		t.Errorf("sheet: %q %q %v", tb.Header, tb.Rows, tb.Lines)
	}
	if _, err := collect(func() ([]string, error) { return nil, io.EOF }, true); err == nil {
		t.Error("a table without rows has a heading")
	}
}
