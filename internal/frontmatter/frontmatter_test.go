package frontmatter

import (
	"bytes"
	"errors"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		name     string
		in       string
		front    string
		body     string
		bodyLine int
		err      error
	}{
		{"simple", "---\ntitle: a\n---\n正文\n", "title: a\n", "正文\n", 4, nil},
		{"empty front matter", "---\n---\nbody", "", "body", 3, nil},
		{"no body", "---\ntitle: a\n---\n", "title: a\n", "", 4, nil},
		{"closing fence at end of file", "---\ntitle: a\n---", "title: a\n", "", 4, nil},
		{"dots close", "---\ntitle: a\n...\nbody\n", "title: a\n", "body\n", 4, nil},
		{"fences with trailing blanks", "--- \t\ntitle: a\n---  \nbody\n", "title: a\n", "body\n", 4, nil},
		{"body holds a rule", "---\na: 1\nb: 2\n---\n\n---\nmore\n", "a: 1\nb: 2\n", "\n---\nmore\n", 5, nil},
		{"dashes inside a value are not a fence", "---\na: ----\nb: '---'\n---\nx", "a: ----\nb: '---'\n", "x", 5, nil},

		{"no front matter", "# 标题\n正文\n", "", "# 标题\n正文\n", 1, ErrMissing},
		{"empty file", "", "", "", 1, ErrMissing},
		{"fence not on the first line", "\n---\ntitle: a\n---\n", "", "\n---\ntitle: a\n---\n", 1, ErrMissing},
		{"four dashes", "----\ntitle: a\n----\n", "", "----\ntitle: a\n----\n", 1, ErrMissing},
		{"dots cannot open", "...\ntitle: a\n...\n", "", "...\ntitle: a\n...\n", 1, ErrMissing},
		{"leading blank before fence", " ---\ntitle: a\n---\n", "", " ---\ntitle: a\n---\n", 1, ErrMissing},

		{"unclosed", "---\ntitle: a\n正文\n", "", "", 0, ErrUnclosed},
		{"only a fence", "---", "", "", 0, ErrUnclosed},
		{"only a fence line", "---\n", "", "", 0, ErrUnclosed},
		{"indented closing fence", "---\ntitle: a\n ---\n", "", "", 0, ErrUnclosed},
	} {
		t.Run(c.name, func(t *testing.T) {
			front, body, line, err := Split([]byte(c.in))
			if !errors.Is(err, c.err) || (c.err == nil) != (err == nil) {
				t.Fatalf("Split(%q) error %v, want %v", c.in, err, c.err)
			}
			if string(front) != c.front || string(body) != c.body || line != c.bodyLine {
				t.Errorf("Split(%q) = %q, %q, %d; want %q, %q, %d", c.in, front, body, line, c.front, c.body, c.bodyLine)
			}
			if err == nil {
				checkReassembles(t, []byte(c.in), front, body, line)
			}
		})
	}
}

// checkReassembles asserts that src is the opening fence line, front, the
// closing fence line and body, and that body starts on line bodyLine.
func checkReassembles(t *testing.T, src, front, body []byte, bodyLine int) {
	t.Helper()
	open, rest, ok := bytes.Cut(src, []byte("\n"))
	if !ok || !isFence(open, false) {
		t.Fatalf("%q: no opening fence line but no error", src)
	}
	if !bytes.HasPrefix(rest, front) {
		t.Fatalf("%q: front %q does not follow the opening fence", src, front)
	}
	rest = rest[len(front):]
	closing, after, hasNL := bytes.Cut(rest, []byte("\n"))
	if !isFence(closing, true) {
		t.Fatalf("%q: front %q is not followed by a fence line but by %q", src, front, closing)
	}
	if !bytes.Equal(after, body) {
		t.Fatalf("%q: body %q, want %q", src, body, after)
	}
	if !hasNL && len(body) != 0 {
		t.Fatalf("%q: body %q after a last line", src, body)
	}
	if len(front) > 0 && front[len(front)-1] != '\n' {
		t.Fatalf("%q: front %q does not end in a newline", src, front)
	}
	if want := 3 + bytes.Count(front, []byte("\n")); bodyLine != want {
		t.Fatalf("%q: body line %d, want %d", src, bodyLine, want)
	}
	// No earlier line of the front matter closes it.
	for _, l := range bytes.Split(front, []byte("\n")) {
		if isFence(l, true) {
			t.Fatalf("%q: front %q contains a fence line %q", src, front, l)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: a\n---\n正文\n", "---\n---\n", "---", "---\n", "--- \n...\nx", "---\na\n---",
		"# x\n", "", "---\r\ntitle: a\r\n---\r\n", "\n---\n---\n", "---\n\n\n---\n\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, err := Split(src)
		switch {
		case errors.Is(err, ErrMissing):
			if !bytes.Equal(body, src) || line != 1 || front != nil {
				t.Fatalf("ErrMissing: got %q, %q, %d", front, body, line)
			}
		case errors.Is(err, ErrUnclosed):
			if front != nil || body != nil {
				t.Fatalf("ErrUnclosed with front %q, body %q", front, body)
			}
		case err != nil:
			t.Fatalf("unexpected error %v", err)
		default:
			checkReassembles(t, src, front, body, line)
		}
	})
}
