package markdown

import (
	"errors"
	"strings"
	"testing"
)

// Each limit lets its maximum through and refuses one more, at the place
// of the one too many.
func TestCheckLimits(t *testing.T) {
	table := func(cols, rows int) string {
		return "|" + strings.Repeat("a|", cols) + "\n|" + strings.Repeat("-|", cols) + "\n" + strings.Repeat("|b\n", rows)
	}
	for _, c := range []struct {
		name      string
		ok, over  string
		line, col int
	}{
		{"brackets", strings.Repeat("[a", MaxBrackets), "正文\n" + strings.Repeat("[a", MaxBrackets+1), 2, 2*MaxBrackets + 1},
		{"emphasis", strings.Repeat("*a_", MaxEmphasis/2), strings.Repeat("~a", MaxEmphasis+1), 1, 2*MaxEmphasis + 1},
		{"angles", strings.Repeat("<", MaxAngles), strings.Repeat("<", MaxAngles+1), 1, MaxAngles + 1},
		{"backticks", strings.Repeat("a`", MaxBackticks), strings.Repeat("`", MaxBackticks+1), 1, MaxBackticks + 1},
		{"at signs", strings.Repeat("a@", MaxAts), strings.Repeat("@", MaxAts+1), 1, MaxAts + 1},
		{"nesting", strings.Repeat("> ", MaxNesting) + "a", "一\n" + strings.Repeat(">", MaxNesting+1) + "a", 2, MaxNesting + 1},
		{"nested lists", strings.Repeat("- ", MaxNesting) + "a", strings.Repeat("1. ", MaxNesting+1) + "a", 1, 3*MaxNesting + 1},
		{"indentation", strings.Repeat(" ", MaxIndent) + "a", strings.Repeat(" ", MaxIndent+1) + "a", 1, MaxIndent + 1},
		{"<…> destinations", strings.Repeat("[a](<", MaxAngleDest), "[a](<" + strings.Repeat("[a](<", MaxAngleDest), 1, 5*MaxAngleDest + 5},
		{"markers", strings.Repeat("> a\n", MaxMarkers), strings.Repeat("- a\n", MaxMarkers) + "* b", MaxMarkers + 1, 1},
		{"backtick run", strings.Repeat("`", MaxRun) + "a" + strings.Repeat("`", MaxRun), "a" + strings.Repeat("`", MaxRun+1), 1, MaxRun + 2},
		{"code fence", strings.Repeat("`", 40) + "go\ncode\n" + strings.Repeat("`", 40), "  " + strings.Repeat("`", 40) + "go`", 1, MaxRun + 3},
		{"parentheses", "[a](" + strings.Repeat("(", MaxParens-1) + "\n" + strings.Repeat("(", 3*MaxParens), "a ](" + strings.Repeat("(", MaxParens), 1, MaxParens + 4},
		{"table cells", table(100, MaxCells/100-2), table(100, MaxCells/100-1), MaxCells/100 + 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if e := Check([]byte(c.ok)); e != nil {
				t.Errorf("at the limit: %v", e)
			}
			e := Check([]byte(c.over))
			if e == nil {
				t.Fatal("over the limit: accepted")
			}
			if e.Line != c.line || e.Col != c.col || e.Zh == "" || e.En == "" {
				t.Errorf("over the limit: %+v, want %d:%d", e, c.line, c.col)
			}
			_, _, err := New(Options{}).Render([]byte(c.over), resolve)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Errorf("Render: %v, want a *LimitError", err)
			}
		})
	}
	// Text that only looks like the constructs is not counted.
	if e := Check([]byte(strings.Repeat("2024年第1号文件，共 3 项。\n", 100_000))); e != nil {
		t.Errorf("prose: %v", e)
	}
}
