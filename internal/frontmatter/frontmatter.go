// Package frontmatter splits a Markdown record into its YAML front matter and
// its body. It knows nothing of YAML or of record fields.
package frontmatter

import (
	"bytes"
	"errors"
)

// ErrMissing means the file does not start with a --- line.
var ErrMissing = errors.New("no front matter")

// ErrUnclosed means the front matter has no closing --- (or ...) line.
var ErrUnclosed = errors.New("front matter not closed")

// Split returns the front matter (without its fence lines), the body, and the
// 1-based line of the file on which the body starts. The front matter starts
// on line 2. src must already have LF line endings.
func Split(src []byte) (front, body []byte, bodyLine int, err error) {
	first, rest, ok := bytes.Cut(src, []byte("\n"))
	if !isFence(first, false) {
		return nil, src, 1, ErrMissing
	}
	if !ok {
		return nil, nil, 0, ErrUnclosed
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(rest)-off, len(rest)+1
		}
		if isFence(rest[off:off+end], true) {
			body = nil
			if next <= len(rest) {
				body = rest[next:]
			}
			return rest[:off], body, line + 1, nil
		}
		off = next
		line++
	}
	return nil, nil, 0, ErrUnclosed
}

func isFence(l []byte, closing bool) bool {
	l = bytes.TrimRight(l, " \t")
	return string(l) == "---" || (closing && string(l) == "...")
}
