package output

import (
	"os"
	"path/filepath"
)

// Staging folders are made beside the output folder out, named after it.
func stagingPattern(out, what string) string {
	return "." + filepath.Base(out) + "." + what + "-"
}

// RemoveLeftovers removes the staging folders of builds into out that
// were killed before they could remove them, leaving those of builds still
// running. Begin and BeginUpdate call it; so does a build with nothing to
// write.
func RemoveLeftovers(out string) {
	for _, what := range []string{"building", "updating"} {
		dirs, _ := filepath.Glob(filepath.Join(filepath.Dir(out), glob(stagingPattern(out, what))+"*"))
		for _, dir := range dirs {
			if abandoned(dir) {
				_ = os.RemoveAll(dir)
			}
		}
	}
}

// glob escapes the pattern characters of a literal name.
func glob(name string) string {
	var b []byte
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, name[i])
	}
	return string(b)
}
