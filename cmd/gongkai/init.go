package main

import (
	"errors"
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
func cmdInit(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: gongkai init DIR")
		return 2
	}
	dest := filepath.Join(args[0], "content")
	if _, err := os.Stat(dest); err == nil {
		fmt.Fprintf(stderr, "gongkai init: %s already exists; nothing was written\n", dest)
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
		fmt.Fprintf(stderr, "gongkai init: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "wrote the example catalogue to %s; build it with: cd %s && gongkai build\n", dest, args[0])
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
