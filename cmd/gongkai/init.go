package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gongkai/gongkai"
)

// cmdInit writes the bundled example catalogue into DIR/content, so a new
// site starts from something that builds, and a .gitignore for the build's
// output and cache.
func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(flags.Output(), say(ctx, "用法：gongkai init 文件夹\n\n在该文件夹中新建站点：写入自带的示例目录（content/）和 .gitignore。",
			"usage: gongkai init DIR\n\nstart a new site in DIR: the bundled example catalogue (content/) and a .gitignore."))
	}
	if err := flags.Parse(args); err != nil {
		return parseStatus(err)
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}
	args = flags.Args()
	dest := filepath.Join(args[0], "content")
	if _, err := os.Stat(dest); err == nil {
		fmt.Fprintf(stderr, say(ctx, "gongkai init：%s 已存在，未写入任何文件\n", "gongkai init: %s already exists; nothing was written\n"), dest)
		return 2
	}
	example := gongkai.Example()
	err := fs.WalkDir(example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dest, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(example, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err == nil {
		err = writeGitignore(args[0])
	}
	if err != nil {
		fail(ctx, stderr, "init", err)
		return 2
	}
	fmt.Fprintf(stdout, say(ctx, "已把示例目录写入 %s；生成网站：cd %s && gongkai build\n", "wrote the example catalogue to %s; build it with: cd %s && gongkai build\n"), dest, args[0])
	return 0
}

// gitignore keeps what builds write out of the site's repository.
const gitignore = "/public/\n/.gongkai-cache/\n"

// writeGitignore writes dir/.gitignore unless there is one.
func writeGitignore(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, ".gitignore"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(gitignore); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
