package record

import (
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
)

// TestKeys: Keys lists, sorted and once each, the English name of every
// key the decoder accepts, and nothing it refuses; EnumValues lists an
// enumerated field's values in English.
func TestKeys(t *testing.T) {
	got := Keys()
	if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("Keys is not sorted and without repeats: %v", got)
	}
	for _, k := range []string{"title", "index_no", "interprets", "slug", "tables", "body"} {
		if !slices.Contains(got, k) {
			t.Errorf("Keys lacks %s", k)
		}
	}
	for k, en := range keys {
		if !slices.Contains(got, en) {
			t.Errorf("Keys lacks %s, the English name of %s", en, k)
		}
	}
	for _, k := range append(got, "no_such_key") {
		r := diag.NewReporter(false)
		src := "---\nindex_no: X1/2024-00001\ntitle: 通知\npublished: 2024-03-05\n" + k + ": x\n---\n"
		Decode(&load.File{Rel: policyRel, Path: "content/" + policyRel, Data: []byte(src)}, enSite(), nil, r)
		unknown := slices.ContainsFunc(r.Diagnostics(), func(d diag.Diagnostic) bool { return d.Rule == diag.RuleUnknownKey })
		if want := k == "no_such_key"; unknown != want {
			t.Errorf("%s: unknown-key diagnostic %v, want %v", k, unknown, want)
		}
	}
	if v := EnumValues("validity"); strings.Join(v, " ") != "amended expired in_force repealed" {
		t.Errorf("EnumValues(validity) = %v", v)
	}
	if v := EnumValues("title"); v != nil {
		t.Errorf("EnumValues(title) = %v, want nil", v)
	}
}
