package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// adversarial are bodies built from the patterns that make goldmark slow
// (unclosed brackets and emphasis, <…> destinations, reference
// definitions, backtick runs, deep nesting, wide tables), as many as Check
// allows, the rest of n bytes plain text on the same lines: the worst
// that reaches the renderer. The patterns Check does not count fill all n.
var adversarial = []struct {
	name string
	gen  func(n int) string
}{
	{"[a", func(n int) string { return fill(strings.Repeat("[a", MaxBrackets), n) }},
	{"[[[", func(n int) string { return fill(strings.Repeat("[", MaxBrackets), n) }},
	{"[^a", func(n int) string { return fill(strings.Repeat("[^a", MaxBrackets), n) }},
	{"![a", func(n int) string { return fill(strings.Repeat("![a", MaxBrackets), n) }},
	{"[a](<", func(n int) string {
		line := strings.Repeat("[a](<", MaxAngleDest)
		return lines(line, MaxBrackets/MaxAngleDest, n)
	}},
	{"[a]: b", func(n int) string { return fill(strings.Repeat("[a]: b\n", MaxBrackets), n) }},
	{"*a", func(n int) string { return fill(strings.Repeat("*a", MaxEmphasis), n) }},
	{"_a", func(n int) string { return fill(strings.Repeat("_a", MaxEmphasis), n) }},
	{"**a", func(n int) string { return fill(strings.Repeat("**a", MaxEmphasis/2), n) }},
	{"~~a", func(n int) string { return fill(strings.Repeat("~~a", MaxEmphasis/2), n) }},
	{"<", func(n int) string { return fill(strings.Repeat("<", MaxAngles), n) }},
	{"<a", func(n int) string { return fill(strings.Repeat("<a", MaxAngles), n) }},
	{"<!--", func(n int) string { return fill(strings.Repeat("<!--", MaxAngles), n) }},
	{"`runs", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len()+MaxRun < MaxBackticks; i++ {
			b.WriteString(strings.Repeat("`", 1+i%MaxRun) + "a")
		}
		return fill(b.String(), n)
	}},
	{"a@", func(n int) string { return fill(strings.Repeat("a@", MaxAts), n) }},
	{"> nested", func(n int) string { return lines(strings.Repeat(">", MaxNesting), MaxMarkers/MaxNesting, n) }},
	{"- nested", func(n int) string { return lines(strings.Repeat("- ", MaxNesting), MaxMarkers/MaxNesting, n) }},
	{"table", func(n int) string {
		const cols = 1000
		return "|" + strings.Repeat("a|", cols) + "\n|" + strings.Repeat("-|", cols) + "\n" + fill(strings.Repeat("|b\n", MaxCells/cols-3), n)
	}},
	{"](((", func(n int) string { return fill("[a]("+strings.Repeat("(", MaxParens-1), n) }},
	// Not counted by Check, or not on every line.
	{"www.", func(n int) string { return strings.Repeat("www.", n/4) }},
	{"&#", func(n int) string { return strings.Repeat("&#", n/2) }},
	{`\`, func(n int) string { return strings.Repeat(`\`, n) }},
	{"(((", func(n int) string { return strings.Repeat("(", n) }},
	{"|", func(n int) string { return strings.Repeat("|", n) }},
}

// fill pads s with text to n bytes on its last line.
func fill(s string, n int) string {
	if pad := n - len(s); pad > 0 {
		return s + strings.Repeat("文", pad/3)
	}
	return s
}

// lines writes k lines of head, each padded with text, n bytes in all.
func lines(head string, k, n int) string {
	per := max(n/k, len(head)+2)
	var b strings.Builder
	for i := 0; i < k && b.Len()+per <= n; i++ {
		b.WriteString(fill(head, per-1))
		b.WriteByte('\n')
	}
	return b.String()
}

// BenchmarkAdversarial renders each adversarial body at 1, 2, 4 and 8 MiB.
// Time per byte (ns/B) should not grow with the size; bench/markdown.sh
// prints the table.
func BenchmarkAdversarial(b *testing.B) {
	r := New(Options{})
	for _, a := range adversarial {
		for _, mib := range []int{1, 2, 4, 8} {
			src := []byte(a.gen(mib << 20))
			b.Run(fmt.Sprintf("%s/%dMiB", a.name, mib), func(b *testing.B) {
				if e := Check(src); e != nil {
					b.Fatalf("the body is over a limit: %v", e)
				}
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, _, err := r.Render(src, resolve); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(src)), "ns/B")
			})
		}
	}
}

// The adversarial bodies are within the limits, and the same patterns
// without them are refused, each at the first construct over its limit.
func TestAdversarialWithinLimits(t *testing.T) {
	for _, a := range adversarial {
		if e := Check([]byte(a.gen(1 << 20))); e != nil {
			t.Errorf("%s: %v", a.name, e)
		}
	}
	for _, s := range []string{strings.Repeat("[a", 4<<20), strings.Repeat("_a", 4<<20), strings.Repeat("[a](<", 1<<20), strings.Repeat("<", 8<<20)} {
		if Check([]byte(s)) == nil {
			t.Errorf("%.10q… accepted", s)
		}
	}
}
