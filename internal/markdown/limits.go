package markdown

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// The limits Check applies to a body. goldmark spends far more per use of
// these constructs than per character of text, and for some of them time
// grows with the square of their number or of their line; with them
// bounded, rendering grows linearly with the size of a body, fast enough
// for the largest file (8 MiB) that gongkai reads. Real records stay far
// below every one.
const (
	MaxBrackets  = 20_000  // [ : links, images, footnotes, reference definitions
	MaxEmphasis  = 50_000  // * _ ~ : emphasis, strong, strikethrough
	MaxAngles    = 20_000  // < : autolinks and raw HTML
	MaxBackticks = 20_000  // ` : code spans
	MaxAts       = 20_000  // @ : e-mail addresses linked automatically
	MaxNesting   = 32      // block quotes and list items open on one line
	MaxMarkers   = 200_000 // block quote and list markers in all
	MaxRun       = 16      // backticks in a row, but for a code fence
	MaxParens    = 10_000  // ( after ]( on one line: parentheses in a link destination
	MaxIndent    = 256     // columns of indentation before a line's text
	MaxAngleDest = 50      // ](< on one line: link destinations in <…>
	MaxCells     = 500_000 // table cells, rows times columns, padding included
)

// LimitError is the first place where a body exceeds a limit.
type LimitError struct {
	Line, Col int    // in the body, 1-based; Col counts characters
	Zh, En    string // what there is too much of
	Max       int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d:%d: body too complex to render: more than %d %s", e.Line, e.Col, e.Max, e.En)
}

// Check returns the first place where src exceeds one of the limits, or
// nil. It reads src once.
func Check(src []byte) *LimitError {
	var brackets, emphasis, angles, backticks, ats, cells, markers int
	tableCols := 0 // columns of the table the lines are in; 0: none
	prev := []byte(nil)
	for lineNo, start := 1, 0; start < len(src); lineNo++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		fail := func(i int, zh, en string, max int) *LimitError {
			return &LimitError{Line: lineNo, Col: 1 + utf8.RuneCount(line[:i]), Zh: zh, En: en, Max: max}
		}
		// Containers and indentation opened before the text.
		depth, col := 0, 0
	lead:
		for i := 0; i < len(line); {
			c, n := line[i], 1
			switch {
			case c == ' ':
			case c == '\t':
				col += 3 - col%4
			case c == '>':
				depth++
			case (c == '-' || c == '*' || c == '+') && spaceAt(line, i+1):
				depth++
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j >= len(line) || (line[j] != '.' && line[j] != ')') || !spaceAt(line, j+1) {
					break lead
				}
				depth++
				n = j + 1 - i
			default:
				break lead
			}
			if c != ' ' && c != '\t' {
				if markers++; markers > MaxMarkers {
					return fail(i, "引用和列表标记", "block quote and list markers", MaxMarkers)
				}
			}
			if depth > MaxNesting {
				return fail(i, "同一行开始的引用和列表层级", "nested block quotes and list items on one line", MaxNesting)
			}
			if col += n; col > MaxIndent {
				return fail(i, "行首缩进的列数", "columns of indentation", MaxIndent)
			}
			i += n
		}
		// Tables: a delimiter row under a heading row starts one; each row
		// is as wide as the table however many cells it gives.
		blank := len(bytes.TrimSpace(line)) == 0
		switch {
		case blank:
			tableCols = 0
		case tableCols > 0:
			cells += tableCols
		case prev != nil && isDelimiterRow(line):
			tableCols = bytes.Count(bytes.Trim(bytes.TrimSpace(line), "|"), []byte("|")) + 1
			cells += 2 * tableCols
		}
		if cells > MaxCells {
			return fail(0, "表格单元格（行数乘列数）", "table cells (rows times columns)", MaxCells)
		}
		dests, parens, run := 0, -1, 0 // parens: -1 until ]( on this line
		for i, c := range line {
			if c == '`' {
				run++
			} else {
				run = 0
			}
			switch c {
			case '[':
				if brackets++; brackets > MaxBrackets {
					return fail(i, "方括号“[”", `"[" brackets`, MaxBrackets)
				}
			case '*', '_', '~':
				if emphasis++; emphasis > MaxEmphasis {
					return fail(i, "强调符号“*”“_”“~”", `emphasis marks ("*", "_", "~")`, MaxEmphasis)
				}
			case '<':
				if angles++; angles > MaxAngles {
					return fail(i, "尖括号“<”", `"<" signs`, MaxAngles)
				}
				if i >= 2 && line[i-1] == '(' && line[i-2] == ']' {
					if dests++; dests > MaxAngleDest {
						return fail(i, "同一行中以“](<”开始的链接地址", `link destinations opened by "](<" on one line`, MaxAngleDest)
					}
				}
			case '`':
				if backticks++; backticks > MaxBackticks {
					return fail(i, "反引号“`”", "backticks", MaxBackticks)
				}
				if run > MaxRun && !isFence(line) {
					return fail(i, "连续的反引号“`”", "backticks in a row", MaxRun)
				}
			case '(':
				if parens < 0 && i > 0 && line[i-1] == ']' {
					parens = 0
				}
				if parens >= 0 {
					if parens++; parens > MaxParens {
						return fail(i, "同一行中链接“](”之后的圆括号“(”", `"(" after "](" on one line`, MaxParens)
					}
				}
			case '@':
				if ats++; ats > MaxAts {
					return fail(i, "“@”符号", `"@" signs`, MaxAts)
				}
			}
		}
		if blank {
			prev = nil
		} else {
			prev = line
		}
		start = end + 1
	}
	return nil
}

// isDelimiterRow reports whether line is a table's delimiter row: cells of
// dashes with optional colons, separated by |, with at least one |.
func isDelimiterRow(line []byte) bool {
	line = bytes.TrimSpace(line)
	if bytes.IndexByte(line, '|') < 0 || bytes.IndexByte(line, '-') < 0 {
		return false
	}
	for _, c := range line {
		switch c {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

func spaceAt(line []byte, i int) bool {
	return i < len(line) && (line[i] == ' ' || line[i] == '\t')
}

// isFence reports whether line opens or closes a fenced code block with
// backticks: three or more of them, then an info string without any.
func isFence(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	n := 0
	for n < len(t) && t[n] == '`' {
		n++
	}
	return n >= 3 && bytes.IndexByte(t[n:], '`') < 0
}
