package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// helpWanted reports whether args ask for help anywhere before a "--".
func helpWanted(args []string) bool {
	end := slices.Index(args, "--")
	if end < 0 {
		end = len(args)
	}
	return slices.ContainsFunc(args[:end], func(a string) bool { return a == "-h" || a == "-help" || a == "--help" })
}

// parseStatus is the exit status after fs.Parse failed: 0 when it printed
// the help that was asked for, 2 for misuse.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// requireSite checks that source is a site folder (one with content/), so
// that no command reads or writes a site where there is none. The error
// says where it looked.
func requireSite(ctx context.Context, source string) error {
	content := filepath.Join(source, "content")
	if fi, err := os.Stat(content); err == nil && fi.IsDir() {
		return nil
	}
	abs, err := filepath.Abs(content)
	if err != nil {
		abs = content
	}
	return errors.New(say(ctx,
		fmt.Sprintf("这里不是 gongkai 站点：没有找到 %s 文件夹。请在站点文件夹中运行，或用 --source 指定站点文件夹；新建站点请用 gongkai init 文件夹名", abs),
		fmt.Sprintf("not a gongkai site: there is no folder %s. Run this in a site's folder or name one with --source; start a new site with gongkai init DIR", abs)))
}

// openSite returns ctx speaking the language of the site in source, or
// false after telling stderr that source is no site (see requireSite).
func openSite(ctx context.Context, name, source string, stderr io.Writer) (context.Context, bool) {
	ctx = withSiteLang(ctx, source)
	if err := requireSite(ctx, source); err != nil {
		fail(ctx, stderr, name, err)
		return ctx, false
	}
	return ctx, true
}
