package gongkai

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
)

// heading is one Markdown heading: its level (the number of #) and text.
type heading struct {
	level int
	text  string
}

// headings lists the ATX headings of the Markdown file name, those in
// fenced code blocks aside.
func headings(t *testing.T, name string) []heading {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []heading
	fenced := false
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		level := len(line) - len(strings.TrimLeft(line, "#"))
		if fenced || level == 0 || level > 6 || !strings.HasPrefix(line[level:], " ") {
			continue
		}
		out = append(out, heading{level, strings.TrimSpace(line[level:])})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestChineseDocsInStep: README.md and docs/content-format.md each have a
// Chinese version with the same headings, level for level in the same
// order, so that a section added to, moved in or dropped from one alone
// fails; and each links to the other.
func TestChineseDocsInStep(t *testing.T) {
	for _, pair := range [][2]string{
		{"README.md", "README.zh-CN.md"},
		{"docs/content-format.md", "docs/content-format.zh-CN.md"},
	} {
		en, zh := headings(t, pair[0]), headings(t, pair[1])
		for i := range max(len(en), len(zh)) {
			var e, z heading
			if i < len(en) {
				e = en[i]
			}
			if i < len(zh) {
				z = zh[i]
			}
			if e.level != z.level {
				t.Errorf("%s and %s part at heading %d: %s against %s; a section changed in one only",
					pair[0], pair[1], i+1, show(e), show(z))
				break
			}
		}
		for _, p := range [][2]string{pair, {pair[1], pair[0]}} {
			data, err := os.ReadFile(p[0])
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), "]("+path.Base(p[1])+")") {
				t.Errorf("%s does not link to %s", p[0], p[1])
			}
		}
	}
}

func show(h heading) string {
	if h.level == 0 {
		return "nothing"
	}
	return fmt.Sprintf("%s %s", strings.Repeat("#", h.level), h.text)
}
