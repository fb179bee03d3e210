// Command gongkai builds government information disclosure portals from a
// folder of Markdown and YAML records.
//
//	gongkai build [--source DIR] [--out DIR] [--offline] [--drafts] [--strict]
//	gongkai check [--source DIR] [--format text|json|github] [--drafts] [--strict]
//	gongkai serve [--source DIR] [--port N] [--bind ADDR] [--drafts]
//	gongkai new [--source DIR] KIND "title"
//	gongkai init DIR
//	gongkai search [--source DIR] [--format text|json] [--kind K] ... QUERY
//	gongkai import [--source DIR] [--mapping FILE] [--overwrite] FILE.csv|FILE.xlsx
//	gongkai report draft YEAR [--source DIR] [--format 2021|2019]
//	gongkai archive [--source DIR] [--out FILE.zip]
//	gongkai deploy [--from DIR] [--dry-run] [--max-delete N] ... s3://BUCKET/PREFIX|DIR
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

const usage = `gongkai: a static site generator for government information disclosure catalogues

Usage:
  gongkai build [flags]   build the site in the current folder into public/
  gongkai check [flags]   check every record and report all problems; write nothing
  gongkai serve [flags]   preview on http://127.0.0.1:1313/, rebuilding and reloading on change
  gongkai new KIND TITLE  write a new record with the next free index number
  gongkai init DIR        start a new site in DIR from the bundled example catalogue
  gongkai search QUERY    search the catalogue (bleve query syntax, filters, facets)
  gongkai import FILE     import the rows of a CSV or XLSX export as records
  gongkai report draft YEAR  print a YAML annual report for YEAR, counted figures filled in
  gongkai archive [flags]    write one zip of the offline build, with a manifest
  gongkai deploy TARGET      upload what changed to s3://bucket/prefix or a folder

Run "gongkai COMMAND -h" for the flags of a command. --lang en|zh-CN (or
GONGKAI_LANG) chooses the language gongkai speaks; by default, the site's.
`

const usageZh = `gongkai：政府信息公开目录静态网站生成器

用法：
  gongkai build [选项]   把当前文件夹中的站点生成到 public/
  gongkai check [选项]   检查全部记录，列出所有问题；不写入任何文件
  gongkai serve [选项]   在 http://127.0.0.1:1313/ 预览，文件改动后自动重新生成并刷新
  gongkai new 类型 标题   用当年下一个空闲索引号新建一条记录
  gongkai init 文件夹     以自带的示例目录在该文件夹中新建站点
  gongkai search 查询     搜索本站目录（bleve 查询语法、筛选、分面统计）
  gongkai import 文件     把 CSV 或 XLSX 导出表的各行导入为记录
  gongkai report draft 年份  输出该年度政府信息公开工作年度报告的 YAML 草稿，可统计的数字已填好
  gongkai archive [选项]    把离线版网站打包为一个 zip，附文件清单
  gongkai deploy 目标       把有改动的文件上传到 s3://存储桶/前缀 或一个文件夹

运行“gongkai 命令 -h”查看该命令的选项。--lang zh-CN|en（或环境变量
GONGKAI_LANG）选择 gongkai 输出的语言；默认使用站点的语言。
`

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// command runs one gongkai command with its arguments.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"build": cmdBuild, "check": cmdCheck, "init": cmdInit, "report": cmdReport, "new": cmdNew,
	"serve": cmdServe, "search": cmdSearch, "import": cmdImport, "archive": cmdArchive, "deploy": cmdDeploy,
}

// run executes one command and returns the exit status: 0 success, 1 the
// input has errors, 2 misuse or failure. A -h or --help anywhere among the
// arguments prints the command's help on stdout and does nothing else.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	args, lang, ok := splitLang(args)
	if ok {
		ctx = withLang(ctx, lang)
	} else {
		// Until a command names its site: the one in this folder, if any.
		ctx = withSiteLang(ctx, ".")
	}
	text := say(ctx, usageZh, usage)
	if len(args) == 0 {
		fmt.Fprint(stderr, text)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, text)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, say(ctx, "gongkai：没有命令 %q\n\n%s", "gongkai: unknown command %q\n\n%s"), args[0], text)
		return 2
	}
	if helpWanted(args[1:]) {
		return cmd(ctx, []string{"-h"}, stdout, stdout)
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// tuneGC trades memory for speed where the user has not chosen: a build's
// live heap is small (about 110 MiB for 10,000 records) and short-lived, so
// collecting at 5x instead of 2x the live heap saves a seventh of the build
// time, and a 960 MiB soft limit makes large catalogues collect harder
// instead of growing further: with the program itself (some 50 MiB
// resident besides the Go heap), a build of 100,000 records (a live heap of
// up to 640 MiB) peaks under 1 GiB. GOGC and GOMEMLIMIT override both.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(960 << 20)
	}
}
