package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/diag"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Today: check (not build) warns when last year's annual report is late.
	opts := build.Options{Check: true, Today: time.Now()}
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (with content/)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "check records marked draft as published")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	format := fs.String("format", "text", "output `format`: text, json or github (workflow annotations)")
	today := fs.String("today", "", "check the annual-report deadline as on this `date` (YYYY-MM-DD; default today, \"none\" to skip)")
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	ctx, ok := openSite(ctx, "check", opts.Source, stderr)
	if !ok {
		return 2
	}
	switch *today {
	case "":
	case "none":
		opts.Today = time.Time{}
	default:
		t, err := time.Parse(time.DateOnly, *today)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai check: --today %q is not a date YYYY-MM-DD\n", *today)
			return 2
		}
		opts.Today = t
	}
	res, err := build.Run(ctx, opts)
	if err != nil && !errors.Is(err, build.ErrInvalid) {
		fmt.Fprintf(stderr, "gongkai check: %v\n", err)
		return 2
	}
	switch *format {
	case "json":
		_ = diag.WriteJSON(stdout, res.Diagnostics)
	case "github":
		writeGitHub(stdout, res.Diagnostics)
	case "text":
		_ = diag.WriteText(stdout, res.Diagnostics)
		fmt.Fprintf(stdout, "%d records, %d error(s), %d warning(s)\n", res.Records, res.Errors, len(res.Diagnostics)-res.Errors)
	default:
		fmt.Fprintf(stderr, "gongkai check: unknown format %q (text, json, github)\n", *format)
		return 2
	}
	if res.Errors > 0 {
		return 1
	}
	return 0
}

// writeGitHub writes GitHub Actions workflow commands, one per diagnostic.
func writeGitHub(w io.Writer, ds []diag.Diagnostic) {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	for _, d := range ds {
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", d.Severity, esc.Replace(d.Path), max(d.Line, 1), max(d.Col, 1), esc.Replace(string(d.Rule)), msg.Replace(d.Message))
	}
}
