package lookup

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/search"
)

// UnknownValueError is a filter whose value names nothing of its field.
type UnknownValueError struct {
	Field, Value string
	Known        []string // the values the field accepts
}

func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("%s: unknown value %q; known: %s", e.Field, e.Value, strings.Join(e.Known, ", "))
}

// fieldClause is a field:value clause of a facet field, required or bare
// (not excluded), in a query's text.
var fieldClause = regexp.MustCompile(`^\+?(kind|topic|genre|issuer|year|validity):(?:"([^"]*)"|(\S+))$`)

// liftFilters takes the field:value clauses of the facet fields out of
// text: as filters they narrow the results, where bleve's query string
// would make them one more optional clause and widen them.
func liftFilters(text string) (rest string, lifted [][2]string) {
	var keep []string
	for _, tok := range tokens(text) {
		if m := fieldClause.FindStringSubmatch(tok); m != nil {
			lifted = append(lifted, [2]string{m[1], m[2] + m[3]})
			continue
		}
		keep = append(keep, tok)
	}
	return strings.Join(keep, " "), lifted
}

// tokens splits text at spaces outside double quotes.
func tokens(text string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case !quoted && (r == ' ' || r == '\t' || r == '\u3000'):
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// filterValue is v as the index holds values of field: kinds and
// validities in English, whichever language they were given in (see
// search.FilterAliases). A value must name one that exists: a kind or
// validity, or a value the catalogue has.
func (x *Index) filterValue(field, v string, kinds config.KindTable) (string, error) {
	if kinds == nil {
		kinds = config.BuiltinKinds()
	}
	v = strings.TrimSpace(v)
	if e, ok := search.FilterAliases(field, kinds)[v]; ok {
		return e, nil
	}
	known, err := x.terms(field)
	if err != nil {
		return "", err
	}
	if slices.Contains(known, v) {
		return v, nil
	}
	if choices := search.FilterChoices(field, kinds); choices != nil {
		known = choices
	}
	return "", &UnknownValueError{field, v, known}
}

// terms lists the values field has in the index.
func (x *Index) terms(field string) ([]string, error) {
	dict, err := x.idx.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		if e.Term != "" {
			out = append(out, e.Term)
		}
	}
}

// filter is the query for any of the values of field.
func filter(field string, values []string) query.Query {
	var any []query.Query
	for _, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		any = append(any, t)
	}
	return bleve.NewDisjunctionQuery(any...)
}
