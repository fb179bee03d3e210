package search

import (
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/record"
)

// namedValue is a filter value with the names it may be given by, the
// Chinese display name first.
type namedValue struct {
	value string
	names []string
}

// named lists the values of the filters whose values have names (kind,
// from kinds, and validity); nil for the others.
func named(field string, kinds config.KindTable) []namedValue {
	var out []namedValue
	switch field {
	case "kind":
		for _, k := range kinds {
			out = append(out, namedValue{string(k.Kind), k.Names})
		}
	case "validity":
		for _, v := range record.Validities {
			out = append(out, namedValue{string(v), record.ValidityNames(v)})
		}
	}
	return out
}

// FilterAliases maps each name a reader may give a value of field by, in
// Chinese or English, to the value as Docs hold it: 政策文件 and policy to
// policy, for the kinds of kinds. It is nil for the fields whose values are
// their own names.
func FilterAliases(field string, kinds config.KindTable) map[string]string {
	var m map[string]string
	for _, n := range named(field, kinds) {
		if m == nil {
			m = map[string]string{}
		}
		m[n.value] = n.value
		for _, name := range n.names {
			m[name] = n.value
		}
	}
	return m
}

// FilterChoices lists the values of kind or validity as an error about an
// unknown value names them, 政策文件/policy; nil for the other fields.
func FilterChoices(field string, kinds config.KindTable) []string {
	var out []string
	for _, n := range named(field, kinds) {
		out = append(out, n.names[0]+"/"+n.value)
	}
	return out
}
