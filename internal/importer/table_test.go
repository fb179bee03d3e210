package importer

import (
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
