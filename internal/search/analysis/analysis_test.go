package analysis

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

type tok struct {
	Term       string
	Pos        int
	Start, End int
	Kind       Kind
}

func fromBleve(text string) []tok {
	var out []tok
	for _, t := range Bleve().Analyze([]byte(text)) {
		k := Word
		switch t.Type {
		case analysis.Single:
			k = Unigram
		case analysis.Double:
			k = Bigram
		}
		out = append(out, tok{string(t.Term), t.Position, t.Start, t.End, k})
	}
	return out
}

func fromFast(text string) []tok {
	var out []tok
	Analyze(text, func(t Token) { out = append(out, tok{t.Term, t.Pos, t.Start, t.End, t.Kind}) })
	return out
}

func compare(t *testing.T, name, text string) {
	t.Helper()
	want, got := fromBleve(text), fromFast(text)
	if fmt.Sprint(want) != fmt.Sprint(got) {
		for i := range max(len(want), len(got)) {
			var w, g any
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			if fmt.Sprint(w) != fmt.Sprint(g) {
				t.Errorf("%s: token %d: bleve %v, Analyze %v (text %.80q)", name, i, w, g, text)
				return
			}
		}
	}
}

// TestBleveParity holds Analyze to bleve's analysis on the vectors.
func TestBleveParity(t *testing.T) {
	for i, v := range Vectors {
		compare(t, fmt.Sprintf("vector %d", i), v)
	}
}

// TestBleveParityCatalogue holds Analyze to bleve's analysis on every file
// of the example catalogue, front matter included.
func TestBleveParityCatalogue(t *testing.T) {
	root := "../../../content"
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".yaml")) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		compare(t, p, string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no files in the example catalogue")
	}
}

// TestEdge checks which unigrams are marked as touching a word.
func TestEdge(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"ab甲乙丙c丁", "甲,丙,丁"},
		{"ab 甲乙丙 c 丁", ""},
		{"2024年度", "年"},
		{"第3号", "第,号"},
		{"年，度", ""},
		{"税", ""},
	} {
		var edges []string
		Analyze(c.text, func(tk Token) {
			if tk.Kind == Unigram && tk.Edge {
				edges = append(edges, tk.Term)
			}
		})
		if got := strings.Join(edges, ","); got != c.want {
			t.Errorf("%q: edges %q, want %q", c.text, got, c.want)
		}
	}
}

func FuzzBleveParity(f *testing.F) {
	for _, v := range Vectors {
		f.Add(v)
	}
	// The fuzzer's bytes pick characters of the text gongkai indexes:
	// Chinese (not Japanese kana), Latin letters and digits in both widths, and the punctuation
	// that joins or splits words. (Scripts with combining marks are not
	// held to bleve's segmentation.)
	alphabet := []rune("政府信息公开条例第号年〇AbZz09Ｑｑ０９ ._:,;'’·，。：；、〔〕[]【】（）-/%\n\t")
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteRune(alphabet[int(s[i])%len(alphabet)])
		}
		compare(t, "fuzz", b.String())
	})
}
