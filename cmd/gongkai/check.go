package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/pipeline"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	setUsage(ctx, fs, "用法：gongkai check [选项]\n\n检查全部记录，列出所有问题；不写入任何文件。选项：",
		"usage: gongkai check [flags]\n\ncheck every record and report all problems; write nothing. Flags:")
	opts := pipeline.Options{Check: true}
	fs.StringVar(&opts.Source, "source", ".", say(ctx, "站点`文件夹`（含 content/）", "the site `folder` (with content/)"))
	fs.BoolVar(&opts.Drafts, "drafts", false, say(ctx, "把标为草稿的记录当作已发布来检查", "check records marked draft as published"))
	fs.BoolVar(&opts.Strict, "strict", false, say(ctx, "把警告当作错误", "treat warnings as errors"))
	format := fs.String("format", "text", say(ctx, "输出`格式`：text、json 或 github（工作流注释）", "output `format`: text, json or github (workflow annotations)"))
	today := todayFlag(ctx, fs)
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	ctx, ok := openSite(ctx, "check", opts.Source, stderr)
	if !ok {
		return 2
	}
	lang := langOf(ctx)
	var err error
	if opts.Today, err = parseToday(*today); err != nil {
		fail(ctx, stderr, "check", err)
		return 2
	}
	res, err := pipeline.Run(ctx, opts)
	if err != nil && !errors.Is(err, pipeline.ErrInvalid) {
		fail(ctx, stderr, "check", err)
		return 2
	}
	switch *format {
	case "json":
		_ = diag.WriteJSON(stdout, res.Diagnostics, lang)
	case "github":
		writeGitHub(stdout, res.Diagnostics, lang)
	case "text":
		_ = diag.WriteText(stdout, res.Diagnostics, lang)
		fmt.Fprintf(stdout, say(ctx, "%d 条记录，%d 个错误，%d 个警告\n", "%d records, %d error(s), %d warning(s)\n"), res.Records, res.Errors, len(res.Diagnostics)-res.Errors)
	default:
		fmt.Fprintf(stderr, say(ctx, "gongkai check：没有格式 %q（可用：text、json、github）\n", "gongkai check: unknown format %q (text, json, github)\n"), *format)
		return 2
	}
	if res.Errors > 0 {
		return 1
	}
	return 0
}

// todayFlag is the --today flag of check and build: the day on which the
// annual-report deadline is checked.
func todayFlag(ctx context.Context, fs *flag.FlagSet) *string {
	return fs.String("today", "", say(ctx, "按此`日期`检查年报是否逾期（YYYY-MM-DD；默认今天，\"none\" 不检查）", "check the annual-report deadline as on this `date` (YYYY-MM-DD; default today, \"none\" to skip)"))
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

// writeGitHub writes GitHub Actions workflow commands, one per diagnostic,
// the messages in lang.
func writeGitHub(w io.Writer, ds []diag.Diagnostic, lang string) {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	for _, d := range ds {
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", d.Severity, esc.Replace(d.Path), max(d.Line, 1), max(d.Col, 1), esc.Replace(string(d.Rule)), msg.Replace(d.Message(lang)))
	}
}
