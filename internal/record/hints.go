package record

import (
	"strings"
	"unicode/utf8"

	"github.com/gongkai/gongkai/internal/diag"
)

// Text pasted from Word or typed with a Chinese input method often holds
// full-width forms where YAML and the date format want ASCII ones. These
// find them and say what to type instead.

// zhNames maps each English key to its first Chinese name.
var zhNames = map[string]string{}

func init() {
	for k, en := range keys {
		if k != en && (zhNames[en] == "" || k < zhNames[en]) && !isEnglish(k) {
			zhNames[en] = k
		}
	}
	// The names an editor would use first.
	zhNames["title"], zhNames["keywords"], zhNames["doc_no"] = "标题", "主题词", "文号"
}

func isEnglish(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fullWidthColons reports each line of the YAML data that starts with a
// known key followed by a full-width colon (标题：…), which YAML cannot
// read as a key, and returns how many it found.
func fullWidthColons(data []byte, path string, offset int, rep *diag.Reporter) int {
	n := 0
	for i, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		key, _, ok := strings.Cut(line, "：")
		if !ok || strings.Contains(key, ":") {
			continue
		}
		if _, known := keys[strings.TrimSpace(key)]; !known {
			continue
		}
		col := utf8.RuneCountInString(key) + 1
		rep.Report(diag.Pos{Path: path, Line: i + 1 + offset, Col: col}, diag.RuleFullWidthColon, strings.TrimSpace(key))
		n++
	}
	return n
}

// fullWidthDigits is s with full-width digits and hyphens made ASCII.
func fullWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－':
			return '-'
		}
		return r
	}, s)
}

// spacedKey is a key with its full-width spaces taken out, when that makes
// it a known key.
func spacedKey(k string) (string, bool) {
	if !strings.ContainsRune(k, '\u3000') {
		return "", false
	}
	clean := strings.TrimSpace(strings.ReplaceAll(k, "\u3000", ""))
	_, ok := keys[clean]
	return clean, ok
}
