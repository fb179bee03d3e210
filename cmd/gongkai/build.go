package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/diag"
)

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts build.Options
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (with content/, layouts/, static/)")
	fs.StringVar(&opts.Out, "out", "", "the output `folder` (default: public/ in the site folder)")
	fs.BoolVar(&opts.Offline, "offline", false, "write links that also work from file:// (a copied folder or zip)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include records marked draft")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&opts.NoSearch, "no-search", false, "write no search index (the search page then says search is unavailable)")
	cache := fs.String("cache", "", "the `folder` that keeps what a build leaves for the next, so it redoes only what changed (default: .gongkai-cache in the site folder)")
	clean := fs.Bool("clean", false, "build everything afresh, without the cache (which is then renewed)")
	quiet := fs.Bool("quiet", false, "print problems only")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gongkai build: unexpected argument %q\n", fs.Arg(0))
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
	if *clean {
		opts.Session = build.NewSession() // empty: a clean build, saved as the next one's basis
	}
	res, err := build.Run(ctx, opts)
	if res != nil {
		_ = diag.WriteText(stderr, res.Diagnostics)
	}
	switch {
	case errors.Is(err, build.ErrInvalid):
		fmt.Fprintf(stderr, "gongkai build: %d error(s); %s was left as it was\n", res.Errors, res.Out)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "gongkai build: %v\n", err)
		return 2
	}
	if !*quiet {
		fmt.Fprintf(stdout, "built %d records into %s (%d files, %d changed) in %d ms\n", res.Records, res.Out, res.Files, res.Changed, res.Duration.Milliseconds())
	}
	return 0
}
