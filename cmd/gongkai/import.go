package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gongkai/gongkai/internal/importer"
)

// cmdImport imports the rows of a CSV or XLSX export into content/.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "the site `folder` (with content/)")
	mapping := fs.String("mapping", "", "a YAML mapping `file`: columns → fields, default kind, attachment folder")
	kind := fs.String("kind", "", "the `kind` of rows without one (overrides the mapping's)")
	files := fs.String("files", "", "the `folder` attachment names are relative to (default: the mapping's files:, else the spreadsheet's folder)")
	overwrite := fs.Bool("overwrite", false, "replace existing records that the rows would write")
	dry := fs.Bool("dry-run", false, "report what would be imported; write nothing")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gongkai import [--source DIR] [--mapping FILE] [--kind KIND] [--files DIR] [--overwrite] [--dry-run] FILE.csv|FILE.xlsx")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	ctx, ok := openSite(ctx, "import", *source, stderr)
	if !ok {
		return 2
	}
	table, err := importer.ReadTable(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "gongkai import: %s: %v\n", fs.Arg(0), err)
		return 2
	}
	m := &importer.Mapping{}
	if *mapping != "" {
		if m, err = importer.ReadMapping(*mapping); err != nil {
			fmt.Fprintf(stderr, "gongkai import: %v\n", err)
			return 2
		}
	}
	if *kind != "" {
		m.Kind = *kind
	}
	dir := *files
	switch {
	case dir == "" && m.Files != "":
		dir = filepath.Join(filepath.Dir(*mapping), m.Files)
	case dir == "":
		dir = filepath.Dir(fs.Arg(0))
	}
	res, err := importer.Run(ctx, importer.Options{Source: *source, Table: table, Mapping: m, Files: dir, Overwrite: *overwrite, Check: *dry})
	if err != nil {
		fmt.Fprintf(stderr, "gongkai import: %v\n", err)
		return 2
	}
	for _, r := range res.Rejected {
		fmt.Fprintf(stderr, "%s: %s\n", fs.Arg(0), r)
	}
	verb := "imported"
	if *dry {
		verb = "would import"
	}
	fmt.Fprintf(stdout, "%s %d records (%d replaced), %d unchanged, %d rows rejected\n",
		verb, len(res.Written), len(res.Replaced), len(res.Unchanged), len(res.Rejected))
	if len(res.Rejected) > 0 {
		return 1
	}
	return 0
}
