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
	opts := build.Options{Check: true}
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (with content/)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "check records marked draft as published")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	format := fs.String("format", "text", "output `format`: text, json or github (workflow annotations)")
	today := todayFlag(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var err error
	if opts.Today, err = parseToday(*today); err != nil {
		fmt.Fprintf(stderr, "gongkai check: %v\n", err)
		return 2
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

// todayFlag is the --today flag of check and build: the day on which the
// annual-report deadline is checked.
func todayFlag(fs *flag.FlagSet) *string {
	return fs.String("today", "", "check the annual-report deadline as on this `date` (YYYY-MM-DD; default today, \"none\" to skip)")
}

// parseToday reads --today: "" is today, "none" no deadline check.
func parseToday(s string) (time.Time, error) {
	switch s {
	case "":
		return time.Now(), nil
	case "none":
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--today %q is not a date YYYY-MM-DD", s)
	}
	return t, nil
}

// writeGitHub writes GitHub Actions workflow commands, one per diagnostic.
func writeGitHub(w io.Writer, ds []diag.Diagnostic) {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	for _, d := range ds {
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", d.Severity, esc.Replace(d.Path), max(d.Line, 1), max(d.Col, 1), esc.Replace(string(d.Rule)), msg.Replace(d.Message))
	}
}
