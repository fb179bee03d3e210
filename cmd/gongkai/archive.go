package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/gongkai/gongkai/internal/archive"
	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/diag"
)

func cmdArchive(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts archive.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (with content/, layouts/, static/)")
	fs.StringVar(&opts.Out, "out", "", "the zip `file` to write (default: NAME.zip in the current folder)")
	fs.StringVar(&opts.Name, "name", "", "the top `folder` in the zip (default: the host of base_url, or the site folder's name)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include records marked draft")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gongkai archive: unexpected argument %q\n", fs.Arg(0))
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
		_ = diag.WriteText(stderr, res.Build.Diagnostics)
	}
	switch {
	case errors.Is(err, build.ErrInvalid):
		fmt.Fprintf(stderr, "gongkai archive: %d error(s); no archive was written\n", res.Build.Errors)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "gongkai archive: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "archived %d records into %s (%d files, %d bytes); open index.html after unzipping\n", res.Build.Records, opts.Out, res.Files, res.Bytes)
	return 0
}
