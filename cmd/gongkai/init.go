package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gongkai/gongkai"
)

// cmdInit writes the bundled example catalogue into DIR/content, so a new
// site starts from something that builds.
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
	if err != nil {
		fmt.Fprintf(stderr, "gongkai init: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "wrote the example catalogue to %s; build it with: cd %s && gongkai build\n", dest, args[0])
	return 0
}
