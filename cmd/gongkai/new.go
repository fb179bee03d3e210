package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/scaffold"
)

// cmdNew writes a new record of a kind with the next free index number.
func cmdNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", say(ctx, "站点`文件夹`（含 content/）", "the site `folder` (with content/)"))
	sayFlags(ctx, fs, func(w io.Writer) {
		fmt.Fprintf(w, say(ctx, "用法：gongkai new [--source 文件夹] 类型 \"标题\"\n类型：%s（或其中文名称，如 通知公告）\n", "usage: gongkai new [--source DIR] KIND \"title\"\nkinds: %s (or their Chinese names)\n"), config.BuiltinKinds().List())
	})
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	ctx, ok := openSite(ctx, "new", *source, stderr)
	if !ok {
		return 2
	}
	kind, ok := config.BuiltinKinds().Parse(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, say(ctx, "gongkai new：没有记录类型 %q；可用：%s（或其中文名称）\n", "gongkai new: unknown kind %q; kinds: %s (or their Chinese names)\n"), fs.Arg(0), config.BuiltinKinds().List())
		return 2
	}
	m, err := pipeline.LoadModel(ctx, pipeline.Options{Source: *source})
	if err != nil {
		fail(ctx, stderr, "new", err)
		return 2
	}
	content := filepath.Join(*source, "content")
	day := today()
	// An annual report starts as the draft of last year's, in its format.
	report := func(indexNo string) ([]byte, error) {
		return annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: day.Year() - 1,
			Title: fs.Arg(1), Published: day, IndexNo: indexNo})
	}
	rel, err := scaffold.New(scaffold.Options{Content: content, Site: m.Catalogue.Site, Kind: kind, Title: fs.Arg(1),
		Today: day, Existing: m.IndexNos, Report: report})
	if err != nil {
		fail(ctx, stderr, "new", err)
		return 2
	}
	fmt.Fprintln(stdout, filepath.Join(content, filepath.FromSlash(rel)))
	return 0
}

// today is the date in China, where the records are dated.
func today() time.Time {
	now := time.Now().In(time.FixedZone("CST", 8*3600))
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}
