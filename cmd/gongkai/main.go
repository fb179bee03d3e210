// Command gongkai builds government information disclosure portals from a
// folder of Markdown and YAML records.
//
//	gongkai build [--source DIR] [--out DIR] [--offline] [--drafts] [--strict]
//	gongkai check [--source DIR] [--format text|json|github] [--drafts] [--strict]
//	gongkai serve [--source DIR] [--port N] [--bind ADDR] [--drafts]
//	gongkai new [--source DIR] KIND "title"
//	gongkai init DIR
//	gongkai search [--source DIR] [--format text|json] [--kind K] ... QUERY
//	gongkai import [--source DIR] [--mapping FILE] [--overwrite] FILE.csv|FILE.xlsx
//	gongkai report draft YEAR [--source DIR] [--format 2021|2019]
//	gongkai archive [--source DIR] [--out FILE.zip]
//	gongkai deploy [--from DIR] [--dry-run] [--max-delete N] ... s3://BUCKET/PREFIX|DIR
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

const usage = `gongkai: a static site generator for government information disclosure catalogues

Usage:
  gongkai build [flags]   build the site in the current folder into public/
  gongkai check [flags]   check every record and report all problems; write nothing
  gongkai serve [flags]   preview on http://127.0.0.1:1313/, rebuilding and reloading on change
  gongkai new KIND TITLE  write a new record with the next free index number
  gongkai init DIR        start a new site in DIR from the bundled example catalogue
  gongkai search QUERY    search the catalogue (bleve query syntax, filters, facets)
  gongkai import FILE     import the rows of a CSV or XLSX export as records
  gongkai report draft YEAR  print a YAML annual report for YEAR, counted figures filled in
  gongkai archive [flags]    write one zip of the offline build, with a manifest
  gongkai deploy TARGET      upload what changed to s3://bucket/prefix or a folder

Run "gongkai COMMAND -h" for the flags of a command.
`

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the exit status: 0 success, 1 the
// input has errors, 2 misuse or failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(ctx, args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "report":
		return cmdReport(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(ctx, args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "search":
		return cmdSearch(ctx, args[1:], stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "archive":
		return cmdArchive(ctx, args[1:], stdout, stderr)
	case "deploy":
		return cmdDeploy(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gongkai: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// tuneGC trades memory for speed where the user has not chosen: a build's
// live heap is small (about 170 MiB for 10,000 records) and short-lived, so
// collecting at 5x instead of 2x the live heap saves a seventh of the build
// time, and a 1 GiB soft limit keeps large catalogues from growing past that
// before collecting harder. GOGC and GOMEMLIMIT override both.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}
