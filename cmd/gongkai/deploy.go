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

	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/deploy"
	"github.com/gongkai/gongkai/internal/diag"
)

func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: gongkai deploy [flags] TARGET\n\nTARGET is s3://bucket/prefix or a local folder.\n\n")
		fs.PrintDefaults()
	}
	source := fs.String("source", ".", "the site `folder` to build")
	from := fs.String("from", "", "deploy this built `folder` instead of building")
	var s3o deploy.S3Options
	fs.StringVar(&s3o.Endpoint, "endpoint", "", "the S3 endpoint `URL` (default: AWS)")
	fs.StringVar(&s3o.Region, "region", "", "the S3 `region` (default: from the AWS configuration, else us-east-1)")
	fs.BoolVar(&s3o.PathStyle, "path-style", false, "put the bucket in the path, not the host name")
	var opts deploy.Options
	fs.IntVar(&opts.MaxDelete, "max-delete", 100, "refuse to delete more than `N` files")
	fs.BoolVar(&opts.Force, "force", false, "delete however many files the deploy would")
	fs.BoolVar(&opts.DryRun, "dry-run", false, "print the plan and change nothing")
	fs.IntVar(&opts.Jobs, "jobs", 8, "`N` uploads at once")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the site's `URL`, for the purge list (default: base_url of site.yaml)")
	purgeFile := fs.String("purge-list", "", "write the changed URLs to `FILE`, one a line")
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
	if opts.From == "" {
		var ok bool
		if ctx, ok = openSite(ctx, "deploy", *source, stderr); !ok {
			return 2
		}
		res, err := build.Run(ctx, build.Options{Source: *source})
		if res != nil {
			_ = diag.WriteText(stderr, res.Diagnostics)
		}
		switch {
		case errors.Is(err, build.ErrInvalid):
			fmt.Fprintf(stderr, "gongkai deploy: %d error(s); nothing was deployed\n", res.Errors)
			return 1
		case err != nil:
			fmt.Fprintf(stderr, "gongkai deploy: %v\n", err)
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
			fmt.Fprintf(stderr, "gongkai deploy: %v\n", err)
			return 2
		}
		t = s
	} else {
		abs, err := filepath.Abs(target)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai deploy: %v\n", err)
			return 2
		}
		t = &deploy.Local{Dir: abs}
	}
	opts.Log = stdout
	res, err := deploy.Run(ctx, t, opts)
	if res != nil {
		p := res.Plan
		verb := "changed"
		if opts.DryRun {
			verb = "would change"
		}
		fmt.Fprintf(stdout, "%s: %d assets and %d pages to upload, %d to delete, %d unchanged; %s %d URLs\n",
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
				fmt.Fprintf(stderr, "gongkai deploy: %v\n", werr)
				return 2
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "gongkai deploy: %v\n", err)
		if errors.Is(err, deploy.ErrTooManyDeletes) {
			return 1
		}
		return 2
	}
	return 0
}
