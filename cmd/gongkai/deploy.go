package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gongkai/gongkai/internal/deploy"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai deploy [选项] 目标\n\n目标是 s3://存储桶/前缀 或本机的一个文件夹。选项：",
		"usage: gongkai deploy [flags] TARGET\n\nTARGET is s3://bucket/prefix or a local folder. Flags:")
	source := fs.String("source", ".", say(ctx, "要生成的站点`文件夹`", "the site `folder` to build"))
	from := fs.String("from", "", say(ctx, "发布这个已生成的`文件夹`，不再生成", "deploy this built `folder` instead of building"))
	var s3o deploy.S3Options
	fs.StringVar(&s3o.Endpoint, "endpoint", "", say(ctx, "S3 服务`地址`（默认：AWS）", "the S3 endpoint `URL` (default: AWS)"))
	fs.StringVar(&s3o.Region, "region", "", say(ctx, "S3 `区域`（默认：取自 AWS 配置，否则 us-east-1）", "the S3 `region` (default: from the AWS configuration, else us-east-1)"))
	fs.BoolVar(&s3o.PathStyle, "path-style", false, say(ctx, "把存储桶放在路径中，而不是主机名中", "put the bucket in the path, not the host name"))
	var opts deploy.Options
	fs.IntVar(&opts.MaxDelete, "max-delete", 100, say(ctx, "要删除的文件超过 `N` 个时拒绝发布", "refuse to delete more than `N` files"))
	fs.BoolVar(&opts.Force, "force", false, say(ctx, "无论要删除多少文件都照删", "delete however many files the deploy would"))
	fs.BoolVar(&opts.DryRun, "dry-run", false, say(ctx, "只列出计划，不做任何改动", "print the plan and change nothing"))
	fs.IntVar(&opts.Jobs, "jobs", 8, say(ctx, "同时上传 `N` 个文件", "`N` uploads at once"))
	fs.StringVar(&opts.BaseURL, "base-url", "", say(ctx, "网站`地址`，用于刷新列表（默认：site.yaml 的 base_url）", "the site's `URL`, for the purge list (default: base_url of site.yaml)"))
	purgeFile := fs.String("purge-list", "", say(ctx, "把有改动的网址写入`文件`，每行一个", "write the changed URLs to `FILE`, one a line"))
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	target := fs.Arg(0)
	s3o.Jobs = opts.Jobs

	opts.From = *from
	ctx = withSiteLang(ctx, *source)
	if opts.From == "" {
		var ok bool
		if ctx, ok = openSite(ctx, "deploy", *source, stderr); !ok {
			return 2
		}
		res, err := pipeline.Run(ctx, pipeline.Options{Source: *source})
		if res != nil {
			_ = diag.WriteText(stderr, res.Diagnostics, langOf(ctx))
		}
		switch {
		case errors.Is(err, pipeline.ErrInvalid):
			fmt.Fprintf(stderr, say(ctx, "gongkai deploy：%d 个错误；未发布任何文件\n", "gongkai deploy: %d error(s); nothing was deployed\n"), res.Errors)
			return 1
		case err != nil:
			fail(ctx, stderr, "deploy", err)
			return 2
		}
		opts.From = res.Out
	}
	if opts.BaseURL == "" {
		opts.BaseURL = deploy.SiteBaseURL(*source)
	}

	var t deploy.Target
	if strings.HasPrefix(target, "s3://") {
		s, err := deploy.NewS3(ctx, target, s3o)
		if err != nil {
			fail(ctx, stderr, "deploy", err)
			return 2
		}
		t = s
	} else {
		abs, err := filepath.Abs(target)
		if err != nil {
			fail(ctx, stderr, "deploy", err)
			return 2
		}
		t = &deploy.Local{Dir: abs}
	}
	opts.Log = stdout
	opts.Lang = langOf(ctx)
	res, err := deploy.Run(ctx, t, opts)
	if res != nil {
		p := res.Plan
		verb := say(ctx, "已更新", "changed")
		if opts.DryRun || err != nil {
			verb = say(ctx, "将更新", "would change")
		}
		fmt.Fprintf(stdout, say(ctx, "%s：上传 %d 个资源文件和 %d 个页面，删除 %d 个，%d 个未变；%s %d 个网址\n", "%s: %d assets and %d pages to upload, %d to delete, %d unchanged; %s %d URLs\n"),
			t, len(p.Assets), len(p.Pages), len(p.Deletes), p.Unchanged, verb, len(res.Purge))
		if !opts.DryRun && err == nil {
			for _, u := range res.Purge {
				fmt.Fprintln(stdout, u)
			}
		}
		if *purgeFile != "" && !opts.DryRun && err == nil {
			data := strings.Join(res.Purge, "\n")
			if data != "" {
				data += "\n"
			}
			if werr := os.WriteFile(*purgeFile, []byte(data), 0o644); werr != nil {
				fail(ctx, stderr, "deploy", werr)
				return 2
			}
		}
	}
	if err != nil {
		fail(ctx, stderr, "deploy", err)
		return 2
	}
	return 0
}
