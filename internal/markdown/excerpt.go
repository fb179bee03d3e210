package markdown

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	listNumber = regexp.MustCompile(`^\d{1,9}[.)](\s+|$)`)
	linkDef    = regexp.MustCompile(`^\[[^\]]+\]:`)
	linkDest   = regexp.MustCompile(`\]\([^)]*\)`)
)

// Excerpt is the first n characters of a Markdown body's text, with the
// common Markdown punctuation and line structure removed. It is meant for
// listings of records with no summary, not for faithful rendering.
func Excerpt(src []byte, n int) string {
	var b strings.Builder
	b.Grow(min(len(src), 4*n))
	count := 0
	space := false
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		line = strings.TrimLeft(line, "#>-*+| ")
		// The expressions run only where they can match: most lines are prose.
		if line != "" && line[0] >= '0' && line[0] <= '9' {
			if m := listNumber.FindString(line); m != "" {
				line = line[len(m):] // "1. ", not the 2024 of "2024年"
			}
		}
		if line == "" || strings.Trim(line, "-|: ") == "" || strings.HasPrefix(line, "[^") ||
			line[0] == '[' && linkDef.MatchString(line) {
			continue
		}
		if strings.Contains(line, "](") {
			line = linkDest.ReplaceAllString(line, "]")
		}
		for _, r := range line {
			switch {
			case r == '*' || r == '_' || r == '`' || r == '#' || r == '|' || r == '[' || r == ']' || r == '<' || r == '>':
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
