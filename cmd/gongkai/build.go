package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai build [选项]\n\n把站点（content/、layouts/、static/）生成到 public/。选项：",
		"usage: gongkai build [flags]\n\nbuild the site (content/, layouts/, static/) into public/. Flags:")
	var opts pipeline.Options
	fs.StringVar(&opts.Source, "source", ".", say(ctx, "站点`文件夹`（含 content/、layouts/、static/）", "the site `folder` (with content/, layouts/, static/)"))
	fs.StringVar(&opts.Out, "out", "", say(ctx, "输出`文件夹`（默认：站点文件夹中的 public/）", "the output `folder` (default: public/ in the site folder)"))
	fs.BoolVar(&opts.Offline, "offline", false, say(ctx, "生成从 file://（复制的文件夹或 zip）也能打开的链接", "write links that also work from file:// (a copied folder or zip)"))
	fs.BoolVar(&opts.Drafts, "drafts", false, say(ctx, "包含标为草稿的记录", "include records marked draft"))
	fs.BoolVar(&opts.Strict, "strict", false, say(ctx, "把警告当作错误", "treat warnings as errors"))
	fs.BoolVar(&opts.NoSearch, "no-search", false, say(ctx, "不生成搜索索引（搜索页会说明搜索不可用）", "write no search index (the search page then says search is unavailable)"))
	cache := fs.String("cache", "", say(ctx, "保存构建结果供下次使用的`文件夹`，下次只重做有改动的部分（默认：站点文件夹中的 .gongkai-cache）", "the `folder` that keeps what a build leaves for the next, so it redoes only what changed (default: .gongkai-cache in the site folder)"))
	clean := fs.Bool("clean", false, say(ctx, "不用缓存，全部重新生成（并更新缓存）", "build everything afresh, without the cache (which is then renewed)"))
	quiet := fs.Bool("quiet", false, say(ctx, "只输出问题", "print problems only"))
	plain := fs.Bool("progress", false, say(ctx, "逐行输出各阶段的进度（在终端上，超过一秒的构建本就会显示一行实时进度）", "print each stage's progress as plain lines (on a terminal, a build that runs over a second shows a live line anyway)"))
	timings := fs.Bool("timings", false, say(ctx, "最后列出各阶段的用时和内存峰值", "print each stage's time and peak memory at the end"))
	today := todayFlag(ctx, fs)
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	var err error
	if opts.Today, err = parseToday(*today); err != nil {
		fail(ctx, stderr, "build", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, say(ctx, "gongkai build：多余的参数 %q\n", "gongkai build: unexpected argument %q\n"), fs.Arg(0))
		return 2
	}
	ctx, ok := openSite(ctx, "build", opts.Source, stderr)
	if !ok {
		return 2
	}
	opts.Cache = *cache
	if opts.Cache == "" {
		opts.Cache = filepath.Join(opts.Source, ".gongkai-cache")
	}
	opts.Clean = *clean
	var shown *progress
	if live := isTerminal(stderr) && !*quiet; live || *plain {
		shown = newProgress(ctx, stderr, live, time.Now)
		opts.Progress = shown
	}
	res, err := pipeline.Run(ctx, opts)
	if shown != nil {
		shown.Finish()
	}
	if res != nil {
		switch res.Cache {
		case pipeline.CacheDamaged:
			fmt.Fprintf(stderr, say(ctx, "gongkai build：缓存 %s 已损坏，未使用，已全部重新生成\n", "gongkai build: the cache in %s was damaged and was ignored; everything was built afresh\n"), opts.Cache)
		case pipeline.CacheOtherVersion:
			fmt.Fprintf(stderr, say(ctx, "gongkai build：缓存 %s 由另一版本的 gongkai 写入，未使用，已全部重新生成\n", "gongkai build: the cache in %s was written by another version of gongkai and was ignored; everything was built afresh\n"), opts.Cache)
		}
		_ = diag.WriteText(stderr, res.Diagnostics, langOf(ctx))
		if *timings {
			writeTimings(ctx, stderr, res.Timings, res.Duration)
		}
	}
	switch {
	case errors.Is(err, pipeline.ErrInvalid):
		fmt.Fprintf(stderr, say(ctx, "gongkai build：%d 个错误；%s 保持原样，未改动\n", "gongkai build: %d error(s); %s was left as it was\n"), res.Errors, res.Out)
		return 1
	case err != nil:
		fail(ctx, stderr, "build", err)
		return 2
	}
	if !*quiet {
		fmt.Fprintf(stdout, say(ctx, "已把 %d 条记录生成到 %s（%d 个文件，%d 个有改动），用时 %d 毫秒\n", "built %d records into %s (%d files, %d changed) in %d ms\n"), res.Records, res.Out, res.Files, res.Changed, res.Duration.Milliseconds())
	}
	return 0
}
