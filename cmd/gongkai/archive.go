package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/gongkai/gongkai/internal/archive"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

func cmdArchive(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai archive [选项]\n\n把离线版网站打包为一个 zip，附 SHA-256 文件清单。选项：",
		"usage: gongkai archive [flags]\n\nwrite one zip of the offline site with a SHA-256 manifest. Flags:")
	var opts archive.Options
	fs.StringVar(&opts.Source, "source", ".", say(ctx, "站点`文件夹`（含 content/、layouts/、static/）", "the site `folder` (with content/, layouts/, static/)"))
	fs.StringVar(&opts.Out, "out", "", say(ctx, "要写入的 zip `文件`（默认：当前文件夹中的 名称.zip）", "the zip `file` to write (default: NAME.zip in the current folder)"))
	fs.StringVar(&opts.Name, "name", "", say(ctx, "zip 中的顶层`文件夹`（默认：base_url 的主机名，或站点文件夹名）", "the top `folder` in the zip (default: the host of base_url, or the site folder's name)"))
	fs.BoolVar(&opts.Drafts, "drafts", false, say(ctx, "包含标为草稿的记录", "include records marked draft"))
	fs.BoolVar(&opts.Strict, "strict", false, say(ctx, "把警告当作错误", "treat warnings as errors"))
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, say(ctx, "gongkai archive：多余的参数 %q\n", "gongkai archive: unexpected argument %q\n"), fs.Arg(0))
		return 2
	}
	ctx, ok := openSite(ctx, "archive", opts.Source, stderr)
	if !ok {
		return 2
	}
	if opts.Name == "" {
		opts.Name = archive.Slug(opts.Source)
	}
	if opts.Out == "" {
		opts.Out = opts.Name + ".zip"
	}
	res, err := archive.Write(ctx, opts)
	if res != nil && res.Build != nil {
		_ = diag.WriteText(stderr, res.Build.Diagnostics, langOf(ctx))
	}
	switch {
	case errors.Is(err, pipeline.ErrInvalid):
		fmt.Fprintf(stderr, say(ctx, "gongkai archive：%d 个错误；未写入压缩包\n", "gongkai archive: %d error(s); no archive was written\n"), res.Build.Errors)
		return 1
	case err != nil:
		fail(ctx, stderr, "archive", err)
		return 2
	}
	fmt.Fprintf(stdout, say(ctx, "已把 %d 条记录打包到 %s（%d 个文件，%d 字节）；解压后打开 index.html\n", "archived %d records into %s (%d files, %d bytes); open index.html after unzipping\n"), res.Build.Records, opts.Out, res.Files, res.Bytes)
	return 0
}
