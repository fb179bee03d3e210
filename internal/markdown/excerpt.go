package markdown

import (
	"strings"
	"unicode"
)

// Excerpt is the first n characters of a Markdown body's text, with the
// common Markdown punctuation and line structure removed. It is meant for
// listings of records with no summary, not for faithful rendering.
func Excerpt(src []byte, n int) string {
	var b strings.Builder
	count := 0
	space := false
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimLeft(line, "#>-*+|0123456789. ")
		if line == "" || strings.Trim(line, "-|: ") == "" || strings.HasPrefix(line, "[^") {
			continue
		}
		for _, r := range line {
			switch {
			case strings.ContainsRune("*_`#|[]<>", r):
				continue
			case unicode.IsSpace(r):
				space = true
				continue
			}
			if space && count > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			count++
			if count >= n {
				return b.String() + "…"
			}
		}
		space = true
	}
	return b.String()
}
