package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/build"
)

// cmdReport runs "gongkai report draft YEAR": a complete YAML annual report
// for YEAR on stdout, with the figures the catalogue can count filled in.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "draft" {
		fmt.Fprint(stderr, "usage: gongkai report draft YEAR [--source DIR] [--format 2021|2019]\n")
		return 2
	}
	fs := flag.NewFlagSet("report draft", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := build.Options{}
	fs.StringVar(&opts.Source, "source", ".", "the site `folder` (with content/)")
	format := fs.String("format", "", "the report's `format`: 2021 or 2019 (default: the one due for YEAR)")
	// The year may come before or after the flags.
	rest := args[1:]
	var yearArg string
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		yearArg, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return 2
	}
	if yearArg == "" && fs.NArg() == 1 {
		yearArg = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gongkai report draft: unexpected %q\n", fs.Args())
		return 2
	}
	year, err := strconv.Atoi(yearArg)
	if err != nil || year < 1900 || year > 2999 {
		fmt.Fprintf(stderr, "gongkai report draft: %q is not a year such as 2024\n", yearArg)
		return 2
	}
	m, err := build.LoadModel(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report draft: %v\n", err)
		return 2
	}
	out, err := annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: year, Format: *format, Taken: m.IndexNos})
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report draft: %v\n", err)
		return 2
	}
	if n := m.Reporter.Errors(); n > 0 {
		fmt.Fprintf(stderr, "gongkai report draft: the catalogue has %d error(s); run gongkai check — the counts may be incomplete\n", n)
	}
	_, _ = stdout.Write(out)
	return 0
}
