package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand(t *testing.T) {
	src := fixture(t)
	dir := t.TempDir()
	csv := "\uFEFF索引号,标题,信息发布日期,正文,附件,备注\n" +
		"11000000MB0000000T/2025-00001,导入的通知,2025年3月8日,<p>第一段</p><script>x</script>,a.txt,\n" +
		"11000000MB0000000T/2025-00002,,2025/3/9,无标题,,\n" +
		"11000000MB0000000T/2025-00003,日期不对的通知,2025-02-30,正文,,\n"
	os.WriteFile(filepath.Join(dir, "export.csv"), []byte(csv), 0o644)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("附件\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "map.yaml"), []byte("columns:\n  信息发布日期: published\n  备注: \"\"\nkind: 通知公告\n"), 0o644)
	args := []string{"import", "--source", src, "--mapping", filepath.Join(dir, "map.yaml"), filepath.Join(dir, "export.csv")}
	code, stdout, stderr := cli(args...)
	if code != 1 || !strings.Contains(stdout, "已导入 1 条记录") ||
		!strings.Contains(stderr, "第 3 行未导入：缺少标题") || !strings.Contains(stderr, "第 4 行未导入：日期无法识别") {
		t.Fatalf("import: %d\n%s\n%s", code, stdout, stderr)
	}
	rec := filepath.Join(src, "content/notices/2025/2025-00001/index.md")
	b, err := os.ReadFile(rec)
	if err != nil || !strings.Contains(string(b), "第一段") || strings.Contains(string(b), "script") {
		t.Fatalf("%v\n%s", err, b)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(rec), "a.txt")); err != nil {
		t.Error(err)
	}
	if code, stdout, stderr := cli("check", "--source", src); code != 0 {
		t.Fatalf("check after import: %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = cli(append([]string{"--lang", "en"}, args...)...)
	if code != 1 || !strings.Contains(stdout, "imported 0 records (0 replaced), 1 unchanged, 2 rows rejected") ||
		!strings.Contains(stderr, "row 3: missing_title") || !strings.Contains(stderr, "row 4: bad_date") {
		t.Errorf("re-import: %d %s", code, stdout)
	}
	if code, _, stderr := cli("import", "--source", src, filepath.Join(dir, "export.csv")); code != 2 || !strings.Contains(stderr, "kind") {
		t.Errorf("without a kind: %d %s", code, stderr)
	}
}
