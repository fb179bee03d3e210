package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/diag"
)

// describe renders errors as "line:col kind message" for comparison.
func describe(errs []*Error) []string {
	var out []string
	for _, e := range errs {
		var s string
		switch e.Kind {
		case Alias:
			s = fmt.Sprintf("%d:%d alias", e.Line, e.Col)
		case Duplicate:
			s = fmt.Sprintf("%d:%d duplicate %s first %d", e.Line, e.Col, e.Key, e.FirstLine)
		default:
			s = fmt.Sprintf("%d:%d syntax %s", e.Line, e.Col, e.Msg)
		}
		out = append(out, s)
	}
	return out
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want []string // nil: no errors
	}{
		{name: "valid", in: "title: 关于印发的通知\npublished: 2024-03-05\nissuer: [甲, 乙]\n"},
		{name: "empty", in: ""},
		{name: "comment only", in: "# nothing\n"},
		{name: "CRLF", in: "title: a\r\npublished: 2024-03-05\r\n"},

		// Scanner errors: yaml.v3 counts their lines from 1.
		{name: "mapping value in plain scalar", in: "a: 1\ntitle: a: b\n",
			want: []string{"2:9 syntax mapping values are not allowed in this context"}},
		{name: "character that cannot start a token", in: "a: 1\nb: @x\n",
			want: []string{"2:1 syntax found character that cannot start any token"}},
		{name: "unclosed quote", in: "a: 1\nb: 'x\n",
			want: []string{"2:1 syntax found unexpected end of stream"}},
		{name: "simple key without colon", in: "a: 1\n\n\nb: 2\nc\nd: 1\n",
			want: []string{"5:1 syntax could not find expected ':'"}},
		{name: "tab indentation", in: "a: 1\nb: c\n\tx: 2\n",
			want: []string{"2:1 syntax found a tab character that violates indentation"}},
		{name: "over-indented key", in: "a: 1\n  b: 2\n",
			want: []string{"2:3 syntax mapping values are not allowed in this context"}},

		// Parser errors: yaml.v3 counts their lines from 0, and names the
		// line of the construct being parsed, not of the problem.
		{name: "bad flow sequence", in: "a: 1\ntags: [a, b\nc: 2\n",
			want: []string{"2:7 syntax did not find expected ',' or ']'"}},
		{name: "bad flow mapping", in: "a: 1\nb: {x: 1\n",
			want: []string{"2:4 syntax did not find expected ',' or '}'"}},
		{name: "bad indentation", in: "title: x\nb:\n  c: 1\n d: 2\n",
			want: []string{"4:2 syntax did not find expected key"}},
		{name: "bad indentation after a comment", in: "# 政策文件\ntitle: x\nb:\n  c: 1\n d: 2\n",
			want: []string{"5:2 syntax did not find expected key"}},
		{name: "bad indentation after a blank line", in: "\ntitle: x\nb:\n  c: 1\n d: 2\n",
			want: []string{"5:2 syntax did not find expected key"}},
		{name: "bad indentation in a list", in: "title: x\nattachments:\n  - file: a.pdf\n    title: A\n   - file: b.pdf\n",
			want: []string{"5:4 syntax did not find expected '-' indicator"}},
		{name: "list item key outdented", in: "title: x\nattachments:\n  - file: a.pdf\n  title: A\n",
			want: []string{"4:3 syntax did not find expected '-' indicator"}},
		{name: "text after a quoted scalar", in: "a: 1\nb: \"x\" y\n",
			want: []string{"2:1 syntax did not find expected key"}},
		{name: "list after mapping", in: "a: 1\n- b\n",
			want: []string{"2:1 syntax did not find expected key"}},
		{name: "undefined tag handle", in: "a: 1\nb: !x!y z\n",
			want: []string{"2:1 syntax found undefined tag handle"}},

		// Problems on the first line: yaml.v3 gives no line at all.
		{name: "first line scanner error", in: "title: a: b\n",
			want: []string{"1:9 syntax mapping values are not allowed in this context"}},
		{name: "first line parser error", in: "b: !x!y z\n",
			want: []string{"1:1 syntax found undefined tag handle"}},

		// The end of input after a last line without a newline.
		{name: "unclosed at the end", in: "a: 1\nb: [x, y", want: []string{"2:4 syntax did not find expected ',' or ']'"}},
		{name: "only a bracket", in: "[", want: []string{"1:1 syntax did not find expected node content"}},
		{name: "unclosed at the end with newline", in: "a: 1\nb: [\n", want: []string{"3:1 syntax did not find expected node content"}},

		// Control characters, which yaml.v3 reports with no position.
		{name: "control character", in: "a: 1\nb: x\x0by\n",
			want: []string{"2:5 syntax control characters are not allowed"}},
		{name: "DEL", in: "a: 1\nb: 甲\x7f\n", want: []string{"2:5 syntax control characters are not allowed"}},
		{name: "C1 control", in: "a: 1\nb: x\u0090\n", want: []string{"2:5 syntax control characters are not allowed"}},
		{name: "noncharacter", in: "a: 1\nb: \uFFFE\n", want: []string{"2:4 syntax control characters are not allowed"}},
		{name: "form feed from a word processor", in: "title: 通知\nsummary: 第一段\f第二段\n", want: []string{"2:13 syntax control characters are not allowed"}},

		// Anchors and aliases.
		{name: "anchor", in: "a: &x 1\nb: 2\n", want: []string{"1:4 alias"}},
		{name: "alias", in: "a: &x 1\nb: *x\n", want: []string{"1:4 alias", "2:4 alias"}},
		{name: "alias without anchor", in: "a: 1\nb:  *x\n", want: []string{"2:5 alias"}},
		{name: "merge key", in: "base: &b {a: 1}\nc:\n  <<: *b\n", want: []string{"1:7 alias", "3:7 alias"}},

		// Duplicate keys, with the first line.
		{name: "duplicate key", in: "title: a\nissuer: x\ntitle: b\n", want: []string{"3:1 duplicate title first 1"}},
		{name: "duplicate key nested", in: "agency:\n  name: a\n  code: b\n  name: c\n", want: []string{"4:3 duplicate name first 2"}},
		{name: "three times", in: "a: 1\na: 2\na: 3\n", want: []string{"2:1 duplicate a first 1", "3:1 duplicate a first 1"}},
		{name: "same key in two mappings", in: "- a: 1\n- a: 2\n"},
		{name: "Chinese duplicate", in: "标题: 甲\n标题: 乙\n", want: []string{"2:1 duplicate 标题 first 1"}},

		// Nesting.
		{name: "nested deep but allowed", in: strings.Repeat("[", 60) + strings.Repeat("]", 60)},
		{name: "nested too deep", in: "a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n",
			want: []string{"1:68 syntax nested deeper than 64 levels"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			root, errs := Parse([]byte(c.in))
			got := describe(errs)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Parse(%q):\n got %q\nwant %q", c.in, got, c.want)
			}
			if len(errs) > 0 && root != nil {
				t.Errorf("Parse(%q) returned a node with errors", c.in)
			}
			if len(errs) == 0 && strings.TrimSpace(strings.TrimPrefix(c.in, "# nothing")) != "" && root == nil {
				t.Errorf("Parse(%q) returned no node and no error", c.in)
			}
		})
	}
}

func TestParseValue(t *testing.T) {
	root, errs := Parse([]byte("title: 通知\r\nissuer:\r\n  - 甲\r\n  - 乙\r\n"))
	if len(errs) > 0 {
		t.Fatal(describe(errs))
	}
	if root.Kind != yaml.MappingNode || len(root.Content) != 4 {
		t.Fatalf("root %v with %d children", root.Kind, len(root.Content))
	}
	if v := root.Content[1]; v.Value != "通知" || v.Line != 1 || v.Column != 8 {
		t.Errorf("title %q at %d:%d, want 通知 at 1:8", v.Value, v.Line, v.Column)
	}
	// Columns count characters, not bytes.
	root, _ = Parse([]byte("标题: 甲\n"))
	if v := root.Content[1]; v.Column != 5 {
		t.Errorf("value after a Chinese key at column %d, want 5", v.Column)
	}
}

// aliasBomb is a "billion laughs": 19 levels of nine aliases each.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s"} {
		fmt.Fprintf(&b, "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	return b.String()
}

// An alias bomb must be rejected at once: the nodes are never expanded.
func TestBillionLaughs(t *testing.T) {
	start := time.Now()
	root, errs := Parse([]byte(aliasBomb()))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
	if root != nil || len(errs) == 0 {
		t.Fatalf("alias bomb accepted")
	}
	for _, e := range errs {
		if e.Kind != Alias {
			t.Errorf("alias bomb: %v error %q, want only alias errors", e.Kind, e.Msg)
		}
	}
	// One error per anchored value: its aliases are inside and not visited.
	if len(errs) != 19 {
		t.Errorf("alias bomb: %d errors, want 19", len(errs))
	}
}

func TestDeepNesting(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("[", 10000),
		strings.Repeat("[", 10001),
		strings.Repeat("{", 10000),
		strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
		strings.Repeat("- ", 5000) + "x\n",
		"a:\n" + func() string {
			var b strings.Builder
			for i := range 2000 {
				b.WriteString(strings.Repeat(" ", i+1) + "b:\n")
			}
			return b.String()
		}(),
	} {
		start := time.Now()
		root, errs := Parse([]byte(in))
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%.20q...: took %v", in, d)
		}
		if root != nil || len(errs) == 0 {
			t.Errorf("%.20q...: accepted", in)
		}
		for _, e := range errs {
			if e.Kind != Syntax || e.Line < 1 {
				t.Errorf("%.20q...: error %q, want a placed syntax error", in, describe([]*Error{e}))
			}
		}
	}
}

func TestSyntaxPos(t *testing.T) {
	for _, c := range []struct {
		err      error
		line     int
		msg      string
		describe string
	}{
		{errors.New("yaml: line 3: mapping values are not allowed in this context"), 3, "mapping values are not allowed in this context", "scanner"},
		{errors.New("yaml: line 3: did not find expected key"), 4, "did not find expected key", "parser, 0-based"},
		{errors.New("yaml: something odd"), 0, "something odd", "no line"},
		{&yaml.TypeError{Errors: []string{"line 7: cannot unmarshal !!str `x` into int"}}, 7, "cannot unmarshal !!str `x` into int", "type error"},
	} {
		line, msg := SyntaxPos(c.err)
		if line != c.line || msg != c.msg {
			t.Errorf("%s: SyntaxPos = %d, %q; want %d, %q", c.describe, line, msg, c.line, c.msg)
		}
	}
}

func TestReport(t *testing.T) {
	r := diag.NewReporter(false)
	for _, e := range []*Error{
		{Line: 2, Col: 3, Kind: Syntax, Msg: "did not find expected key"},
		{Line: 4, Col: 1, Kind: Duplicate, Key: "title", FirstLine: 1},
		{Line: 5, Col: 8, Kind: Alias},
		{Line: 0, Col: 0, Kind: Syntax, Msg: "odd"},
	} {
		e.Report(r, "content/a.md", 1)
	}
	var got []string
	for _, d := range r.Diagnostics() {
		got = append(got, d.Format("en"))
	}
	want := []string{
		"content/a.md: error: YAML syntax error: odd [yaml-syntax]",
		"content/a.md:3:3: error: YAML syntax error: did not find expected key [yaml-syntax]",
		"content/a.md:5:1: error: key title repeated; first given on line 2 [duplicate-key]",
		"content/a.md:6:8: error: YAML anchors and aliases (&, *) are not allowed [yaml-alias]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Finding the line of a parser problem must stay fast in a large file; in a
// huge one it gives up and keeps yaml.v3's line, still quickly.
func TestSyntaxErrorInLargeFile(t *testing.T) {
	for _, c := range []struct {
		items int
		want  string
	}{
		{5000, "10003:4 syntax did not find expected '-' indicator"},
		{50000, "3:3 syntax did not find expected '-' indicator"},
	} {
		var b strings.Builder
		b.WriteString("# 年度报告\nitems:\n")
		for i := range c.items {
			fmt.Fprintf(&b, "  - name: 项目%d\n    value: %d\n", i, i)
		}
		b.WriteString("   - name: bad\n")
		start := time.Now()
		_, errs := Parse([]byte(b.String()))
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%d items: took %v", c.items, d)
		}
		if got := describe(errs); strings.Join(got, "") != c.want {
			t.Errorf("%d items: got %q, want %q", c.items, got, c.want)
		}
	}
}

// FuzzParse: Parse never panics, returns within a second, and places every
// problem of UTF-8 input on a line and column of it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title: 通知\npublished: 2024-03-05\n", "a: &x 1\nb: *x\n", "a: [b, c\n", "a: 1\n  b: 2\n", "- [[[{\n",
		"a: 1\na: 2\n", "# c\na:\n  b: 1\n c: 2\n", "b: !x!y z\n", "a: *x\n", "a: \"\\q\"\n", "%YAML 1.1\n---\na: 1\n",
		"a: |\n x\ny\n", "\ta: 1\n", "a: 1\n---\nb: 2\n", "? [a]\n: b\n", "a: x\x0by\n", "[", "{a: [", "a:\n- b\n - c\n",
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte(aliasBomb()))
	f.Add([]byte(strings.Repeat("[", 10001)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			root *yaml.Node
			errs []*Error
		)
		done := make(chan bool)
		go func() {
			root, errs = Parse(data)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Fatalf("Parse(%q) takes more than a second", data)
		}
		if root != nil && len(errs) > 0 {
			t.Fatalf("Parse(%q): a node and errors %q", data, describe(errs))
		}
		if !utf8.Valid(data) || bytes.ContainsAny(data, "\ufeff") {
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Fatalf("Parse(%q): error %q not placed in %d lines", data, describe([]*Error{e}), lines)
			}
			if e.Kind == Duplicate && (e.FirstLine < 1 || e.FirstLine >= e.Line) {
				t.Fatalf("Parse(%q): duplicate %q first on line %d", data, e.Key, e.FirstLine)
			}
		}
	})
}
