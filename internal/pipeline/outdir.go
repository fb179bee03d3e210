package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// editorFolders are the folders of a site that editors write.
var editorFolders = []string{"content", "layouts", "static"}

// checkOut refuses an output folder that is the site folder, one of the
// folders editors write (content/, layouts/, static/), a folder inside
// one of them, or a folder holding them: a build replaces its output
// folder whole, so it would replace the editors' files with the site. The
// marker file does not matter: it may have been put there by mistake.
func checkOut(source, out string) error {
	site, err := realPath(source)
	if err != nil {
		return err
	}
	dst, err := realPath(out)
	if err != nil {
		return err
	}
	if within(site, dst) {
		return fmt.Errorf("输出文件夹 %s 是站点文件夹 %s 本身或包含它（其中有编辑写的 content/、layouts/、static/），构建会用生成的网站替换它们；请用 --out 另选一个文件夹（output folder %s is or holds the site folder %s)", out, source, out, source)
	}
	for _, name := range editorFolders {
		if within(dst, filepath.Join(site, name)) {
			return fmt.Errorf("输出文件夹 %s 是站点的 %s/ 或位于其中，构建会用生成的网站替换编辑写的文件；请用 --out 另选一个文件夹（output folder %s is or lies in the site's %s/)", out, name, out, name)
		}
	}
	return nil
}

// within reports whether p is dir or lies inside it; both are clean and
// absolute.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// realPath is p made absolute with the symbolic links of the part of it
// that exists resolved, so that two names of one folder compare equal.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for dir := abs; ; dir = filepath.Dir(dir) {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(dir) == dir {
			return "", err
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
	}
}
