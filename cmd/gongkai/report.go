package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/internal/annualreport"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// cmdReport runs "gongkai report draft YEAR": a complete YAML annual report
// for YEAR on stdout or, with --out, in a file, with the figures the
// catalogue can count filled in.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report draft", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai report draft 年份 [--source 文件夹] [--format 2021|2019] [--out 文件]",
		"usage: gongkai report draft YEAR [--source DIR] [--format 2021|2019] [--out FILE]")
	opts := pipeline.Options{}
	fs.StringVar(&opts.Source, "source", ".", say(ctx, "站点`文件夹`（含 content/）", "the site `folder` (with content/)"))
	format := fs.String("format", "", say(ctx, "年报`格式`：2021 或 2019（默认：该年度应采用的格式）", "the report's `format`: 2021 or 2019 (default: the one due for YEAR)"))
	outFile := fs.String("out", "", say(ctx, "把草稿写入`文件`（如 content/reports/annual/2025.yaml），要么完整写入，要么不写，而不是输出到标准输出", "write the draft to `FILE` (such as content/reports/annual/2025.yaml), whole or not at all, instead of to stdout"))
	force := fs.Bool("force", false, say(ctx, "与 --out 一起使用：替换已有的文件", "with --out, replace a file that is already there"))
	if len(args) == 0 || args[0] != "draft" && !helpWanted(args) {
		fs.Usage()
		return 2
	}
	rest := args
	if args[0] == "draft" {
		rest = args[1:]
	}
	// The year may come before or after the flags.
	var yearArg string
	if len(rest) > 0 && len(rest[0]) > 0 && rest[0][0] != '-' {
		yearArg, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return parseStatus(err)
	}
	if yearArg == "" && fs.NArg() == 1 {
		yearArg = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(stderr, say(ctx, "gongkai report draft：多余的参数 %q\n", "gongkai report draft: unexpected %q\n"), fs.Args())
		return 2
	}
	year, err := strconv.Atoi(yearArg)
	if err != nil || year < 1900 || year > 2999 {
		fmt.Fprintf(stderr, say(ctx, "gongkai report draft：%q 不是年份（如 2024）\n", "gongkai report draft: %q is not a year such as 2024\n"), yearArg)
		return 2
	}
	ctx, ok := openSite(ctx, "report draft", opts.Source, stderr)
	if !ok {
		return 2
	}
	content := filepath.Join(opts.Source, "content")
	if *outFile == "" {
		if in := fileInside(stdout, content); in != "" {
			fmt.Fprintf(stderr, say(ctx, "gongkai report draft：标准输出指向 content/ 中的文件 %[1]s，生成草稿时会把这个写了一半的文件当作记录读取。请改用：gongkai report draft %[2]d --out %[1]s\n",
				"gongkai report draft: stdout is the file %[1]s in content/, which the draft would read, half written, as a record; use: gongkai report draft %[2]d --out %[1]s\n"), in, year)
			return 2
		}
	} else {
		if fi, err := os.Stat(*outFile); err == nil && fi.Size() > 0 && !*force {
			fmt.Fprintf(stderr, say(ctx, "gongkai report draft：%s 已存在，未改动；要替换它请加 --force\n",
				"gongkai report draft: %s exists and was left as it is; add --force to replace it\n"), *outFile)
			return 2
		}
		// The draft must not count the report it replaces.
		if rel, ok := within(content, *outFile); ok {
			opts.Exclude = []string{rel}
		}
	}
	m, err := pipeline.LoadModel(ctx, opts)
	if err != nil {
		fail(ctx, stderr, "report draft", err)
		return 2
	}
	out, err := annualreport.Draft(m.Catalogue, m.Annual, annualreport.DraftOptions{Year: year, Format: *format, Taken: m.IndexNos})
	if err != nil {
		fail(ctx, stderr, "report draft", err)
		return 2
	}
	if n := m.Reporter.Errors(); n > 0 {
		fmt.Fprintf(stderr, say(ctx, "gongkai report draft：目录有 %d 个错误，统计的数字可能不全；请运行 gongkai check\n",
			"gongkai report draft: the catalogue has %d error(s); run gongkai check — the counts may be incomplete\n"), n)
	}
	if *outFile == "" {
		_, _ = stdout.Write(out)
		return 0
	}
	if err := output.WriteAtomic(*outFile, out); err != nil {
		fail(ctx, stderr, "report draft", err)
		return 2
	}
	fmt.Fprintln(stdout, *outFile)
	return 0
}

// within is the slash path of file relative to dir, when file is below it.
func within(dir, file string) (string, bool) {
	d, err1 := filepath.Abs(dir)
	f, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// fileInside is the path of the file below dir that w writes to (a shell's
// "> dir/file" redirection), or "".
func fileInside(w io.Writer, dir string) string {
	f, ok := w.(*os.File)
	if !ok {
		return ""
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	found := ""
	filepath.WalkDir(dir, func(p string, d iofs.DirEntry, err error) error {
		if err != nil || found != "" {
			return filepath.SkipAll
		}
		if d.Type().IsRegular() {
			if other, err := d.Info(); err == nil && os.SameFile(fi, other) {
				found = p
			}
		}
		return nil
	})
	return found
}
