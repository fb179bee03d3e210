package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type of Register
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Name is the name of the analyzer in a bleve index mapping.
const Name = "gongkai_cjk"

const bigramName = "gongkai_cjk_bigram"

// Bleve is the analysis chain built from bleve's own components: the
// unicode tokenizer, cjk_width, to_lower and cjk_bigram with unigrams.
func Bleve() analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{
			cjk.NewCJKWidthFilter(),
			lowercase.NewLowerCaseFilter(),
			cjk.NewCJKBigramFilter(true),
		},
	}
}

// Register adds the analyzer to an index mapping under Name.
func Register(m *mapping.IndexMappingImpl) error {
	if err := m.AddCustomTokenFilter(bigramName, map[string]any{"type": cjk.BigramName, "output_unigram": true}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(Name, map[string]any{
		"type":          "custom",
		"tokenizer":     unicode.Name,
		"token_filters": []any{cjk.WidthName, lowercase.Name, bigramName},
	})
}
