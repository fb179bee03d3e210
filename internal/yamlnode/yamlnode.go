// Package yamlnode parses YAML into position-carrying nodes, safely: it
// rejects anchors and aliases (so no alias bomb can expand), reports
// duplicate keys with both lines, and turns yaml.v3 errors into positions.
//
// It knows nothing of what the keys mean.
package yamlnode

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/diag"
)

// Error is a YAML problem at a position (1-based; Col 0 if unknown).
type Error struct {
	Line, Col int
	Kind      ErrorKind
	Msg       string
	Key       string // for Duplicate: the key
	FirstLine int    // for Duplicate: where it was first given
}

// ErrorKind classifies Errors.
type ErrorKind int

const (
	Syntax ErrorKind = iota
	Alias
	Duplicate
)

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// maxDepth bounds nesting; real records are a few levels deep.
const maxDepth = 64

// Parse parses one YAML document and returns its root node (nil for an
// empty document) and every problem found.
func Parse(data []byte) (*yaml.Node, []*Error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := SyntaxPos(err)
		if e := unplaced(data, line, msg); e != nil {
			return nil, []*Error{e}
		}
		if isParserProblem(msg) {
			line = problemLine(data, err, line)
		}
		// yaml.v3 puts the end of input on a line of its own, after a last
		// line without a newline.
		line = min(line, bytes.Count(data, []byte("\n"))+1)
		return nil, []*Error{{Line: line, Col: column(data, line, msg), Kind: Syntax, Msg: msg}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	var errs []*Error
	check(doc.Content[0], 0, &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return doc.Content[0], nil
}

func check(n *yaml.Node, depth int, errs *[]*Error) {
	if depth > maxDepth {
		*errs = append(*errs, &Error{Line: n.Line, Col: n.Column, Kind: Syntax, Msg: fmt.Sprintf("nested deeper than %d levels", maxDepth)})
		return
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		*errs = append(*errs, &Error{Line: n.Line, Col: n.Column, Kind: Alias})
		return
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode {
				if first, dup := seen[k.Value]; dup {
					*errs = append(*errs, &Error{Line: k.Line, Col: k.Column, Kind: Duplicate, Key: k.Value, FirstLine: first})
				} else {
					seen[k.Value] = k.Line
				}
			}
		}
	}
	for _, c := range n.Content {
		check(c, depth+1, errs)
	}
}

// column places a syntax error within its line, which is all yaml.v3
// reports: at the unclosed bracket for flow collections, at the colon for
// "mapping values are not allowed", else at the line's first non-blank
// character. Columns count characters from 1; 0 when the line is unknown.
func column(data []byte, line int, msg string) int {
	if line < 1 {
		return 0
	}
	lines := strings.Split(string(data), "\n")
	if line > len(lines) {
		return 0
	}
	text := []rune(lines[line-1])
	find := func(pred func(i int) bool) int {
		for i := range text {
			if pred(i) {
				return i + 1
			}
		}
		return 0
	}
	var col int
	switch {
	case strings.Contains(msg, "',' or ']'"):
		col = find(func(i int) bool { return text[i] == '[' })
	case strings.Contains(msg, "',' or '}'"):
		col = find(func(i int) bool { return text[i] == '{' })
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		first := find(func(i int) bool { return text[i] == ':' })
		if first > 0 {
			col = find(func(i int) bool { return i >= first && text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ') })
		}
	}
	if col == 0 {
		col = find(func(i int) bool { return text[i] != ' ' && text[i] != '\t' })
	}
	return max(col, 1)
}

// unplaced handles the errors yaml.v3 gives without a line: those of its
// reader (control characters), which it places nowhere, and an alias of an
// unknown anchor; others without a line are on line 1, where yaml.v3 omits
// it. It returns nil for errors with a line.
func unplaced(data []byte, line int, msg string) *Error {
	if line > 0 {
		return nil
	}
	switch {
	case msg == "control characters are not allowed":
		for i, r := range []rune(string(data)) {
			if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7F && r < 0xA0 && r != 0x85 || r == 0xFFFE || r == 0xFFFF {
				l, c := lineCol([]rune(string(data))[:i])
				return &Error{Line: l, Col: c, Kind: Syntax, Msg: msg}
			}
		}
	case strings.HasPrefix(msg, "unknown anchor '") && strings.HasSuffix(msg, "' referenced"):
		alias := "*" + strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if i := bytes.Index(data, []byte(alias)); i >= 0 {
			l, c := lineCol([]rune(string(data[:i])))
			return &Error{Line: l, Col: c, Kind: Alias}
		}
		return &Error{Kind: Alias}
	case strings.HasPrefix(msg, "invalid ") || strings.HasPrefix(msg, "incomplete ") || strings.HasPrefix(msg, "input error") ||
		strings.HasPrefix(msg, "unknown anchor") || strings.Contains(msg, "surrogate"):
	default:
		return &Error{Line: 1, Col: column(data, 1, msg), Kind: Syntax, Msg: msg}
	}
	return nil
}

const maxRefine = 1 << 20

// lineCol is the 1-based line and column of the character after before.
func lineCol(before []rune) (int, int) {
	line, col := 1, 1
	for _, r := range before {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// problemLine finds the line of a parser problem. yaml.v3 names the line on
// which the construct being parsed began (the mapping, the list), which may
// be far above the problem. Its parser streams, so the problem is on the
// first line n such that the first n lines alone fail the same way. That
// takes a few parses of the input, so it is done only for inputs up to
// maxRefine bytes: far beyond any front matter or YAML record.
func problemLine(data []byte, err error, line int) int {
	if len(data) > maxRefine {
		return line
	}
	var ends []int // ends[n-1]: where line n ends, newline included
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	same := func(n int) bool {
		var doc yaml.Node
		e := yaml.Unmarshal(data[:ends[n-1]], &doc)
		return e != nil && e.Error() == err.Error()
	}
	if line < 1 || line >= len(ends) {
		return line
	}
	lo, hi := line, len(ends) // same(hi) holds: it is the whole input
	for lo < hi {
		mid := lo + (hi-lo)/2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

// SyntaxPos pulls the line out of a yaml.v3 error and returns the rest.
func SyntaxPos(err error) (int, string) {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		rest := msg[len(m[0]):]
		if isParserProblem(rest) {
			line++ // yaml.v3 counts parser (not scanner) problem lines from 0
		}
		return line, rest
	}
	return 0, msg
}

// parserProblems are the messages of yaml.v3's parser, as opposed to its
// scanner; only these carry a 0-based line.
var parserProblems = []string{
	"did not find expected key", "did not find expected node content",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected <stream-end>", "did not find expected <stream-start>",
	"found undefined tag handle", "found duplicate %YAML directive",
	"found duplicate %TAG directive", "found incompatible YAML document",
}

func isParserProblem(msg string) bool {
	for _, p := range parserProblems {
		if msg == p {
			return true
		}
	}
	return false
}

// Report reports e as a diagnostic of path, whose YAML starts lineOffset
// lines into the file.
func (e *Error) Report(r *diag.Reporter, path string, lineOffset int) {
	pos := diag.Pos{Path: path, Line: e.Line + lineOffset, Col: e.Col}
	if e.Line == 0 {
		pos.Line = 0
	}
	switch e.Kind {
	case Alias:
		r.Report(pos, diag.RuleYAMLAlias)
	case Duplicate:
		r.Report(pos, diag.RuleDuplicateKey, e.Key, e.FirstLine+lineOffset)
	default:
		r.Report(pos, diag.RuleYAMLSyntax, e.Msg)
	}
}
