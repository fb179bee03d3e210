package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gongkai/gongkai/internal/importer"
)

// cmdImport imports the rows of a CSV or XLSX export into content/.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", say(ctx, "站点`文件夹`（含 content/）", "the site `folder` (with content/)"))
	mapping := fs.String("mapping", "", say(ctx, "YAML 映射`文件`：列 → 字段、默认类型、附件文件夹", "a YAML mapping `file`: columns → fields, default kind, attachment folder"))
	kind := fs.String("kind", "", say(ctx, "未写类型的行的`类型`（优先于映射文件）", "the `kind` of rows without one (overrides the mapping's)"))
	files := fs.String("files", "", say(ctx, "附件文件名所相对的`文件夹`（默认：映射文件的 files:，否则表格所在文件夹）", "the `folder` attachment names are relative to (default: the mapping's files:, else the spreadsheet's folder)"))
	overwrite := fs.Bool("overwrite", false, say(ctx, "替换各行要写入的已有记录", "replace existing records that the rows would write"))
	dry := fs.Bool("dry-run", false, say(ctx, "只报告将导入什么；不写入任何文件", "report what would be imported; write nothing"))
	maxUnzip := fs.Int64("max-unzip", importer.DefaultMaxUnzip>>20, say(ctx, "XLSX 文件解压后超过此`MiB`数即拒绝", "refuse an XLSX file that unzips to more than this many `MiB`"))
	setUsage(ctx, fs, "用法：gongkai import [选项] 文件.csv|文件.xlsx\n\n把导出表的各行导入为记录。选项：",
		"usage: gongkai import [flags] FILE.csv|FILE.xlsx\n\nimport the rows of an export as records. Flags:")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	ctx, ok := openSite(ctx, "import", *source, stderr)
	if !ok {
		return 2
	}
	if *maxUnzip <= 0 {
		fmt.Fprintln(stderr, say(ctx, "gongkai import：--max-unzip 至少为 1", "gongkai import: --max-unzip must be at least 1"))
		return 2
	}
	table, err := importer.ReadTable(ctx, fs.Arg(0), importer.ReadOptions{MaxUnzip: *maxUnzip << 20})
	if err != nil {
		fail(ctx, stderr, "import", err)
		return 2
	}
	m := &importer.Mapping{}
	if *mapping != "" {
		if m, err = importer.ReadMapping(*mapping); err != nil {
			fail(ctx, stderr, "import", err)
			return 2
		}
	}
	if *kind != "" {
		m.Kind = *kind
	}
	dir := *files
	switch {
	case dir == "" && m.Files != "":
		dir = filepath.Join(filepath.Dir(*mapping), m.Files)
	case dir == "":
		dir = filepath.Dir(fs.Arg(0))
	}
	res, err := importer.Run(ctx, importer.Options{Source: *source, Table: table, Mapping: m, Files: dir, Overwrite: *overwrite, Check: *dry})
	if err != nil {
		fail(ctx, stderr, "import", err)
		return 2
	}
	for _, r := range res.Rejected {
		if langOf(ctx) == "en" {
			fmt.Fprintf(stderr, "%s: %s\n", fs.Arg(0), r)
		} else {
			fmt.Fprintf(stderr, "%s：第 %d 行未导入：%s（%s）\n", fs.Arg(0), r.Row, reasonsZh[r.Reason], r.Detail)
		}
	}
	verb := say(ctx, "已导入", "imported")
	if *dry {
		verb = say(ctx, "将导入", "would import")
	}
	fmt.Fprintf(stdout, say(ctx, "%s %d 条记录（替换 %d 条），%d 条未变，%d 行未导入\n", "%s %d records (%d replaced), %d unchanged, %d rows rejected\n"),
		verb, len(res.Written), len(res.Replaced), len(res.Unchanged), len(res.Rejected))
	if len(res.Rejected) > 0 {
		return 1
	}
	return 0
}

// reasonsZh names in Chinese why a row was not imported.
var reasonsZh = map[importer.Reason]string{
	importer.NoTitle: "缺少标题", importer.NoIndexNo: "缺少索引号", importer.BadIndexNo: "索引号不符合本站格式",
	importer.NoPublished: "缺少发布日期", importer.BadDate: "日期无法识别", importer.BadKind: "记录类型无法识别",
	importer.DuplicateInFile: "与表中另一行重复", importer.Exists: "记录已存在（要替换请加 --overwrite）",
	importer.NoAttachment: "附件不存在", importer.Invalid: "记录有错误",
}
