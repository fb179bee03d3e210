package config

import (
	"slices"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
)

// TestBuiltinKinds: every built-in kind is declared whole, and no two
// share a folder, a URL segment or a name.
func TestBuiltinKinds(t *testing.T) {
	seen := map[string]Kind{}
	once := func(k Kind, what, v string) {
		t.Helper()
		if o, dup := seen[what+v]; dup {
			t.Errorf("%s and %s share the %s %q", o, k, what, v)
		}
		seen[what+v] = k
	}
	for _, s := range BuiltinKinds() {
		if s.Folder == "" || s.Segment == "" || len(s.Names) == 0 || s.English == "" || s.SchemaType == "" {
			t.Errorf("%s is not declared whole: %+v", s.Kind, s)
		}
		if s.Listed != s.Requires("index_no") {
			t.Errorf("%s: listed %v but requires an index number %v", s.Kind, s.Listed, s.Requires("index_no"))
		}
		once(s.Kind, "folder", s.Folder)
		once(s.Kind, "segment", s.Segment)
		for _, n := range append([]string{string(s.Kind)}, s.Names...) {
			once(s.Kind, "name", n)
		}
	}
}

// TestKindTableCopies: BuiltinKinds is a copy; changing it changes no other.
func TestKindTableCopies(t *testing.T) {
	a := BuiltinKinds()
	a[0].Names[0] = "changed"
	a[0].Required = append(a[0].Required, "doc_no")
	b := BuiltinKinds()
	if b[0].Names[0] == "changed" || slices.Contains(b[0].Required, "doc_no") || slices.Contains(b[1].Required, "doc_no") {
		t.Errorf("a change to one copy shows in another: %+v", b[:2])
	}
}

// TestOptionsKinds: a site's kinds are those of its Options, with their
// folders and defaults, and site.yaml may name them.
func TestOptionsKinds(t *testing.T) {
	kinds := append(BuiltinKinds(), KindSpec{Kind: "circular", Folder: "circulars", Segment: "circular",
		Names: []string{"情况通报"}, English: "Circulars", Listed: true, Defaults: Defaults{Genre: "通报"}})
	s := Options{Kinds: kinds}.Parse("site.yaml", []byte("kinds: {情况通报: tb}\n"), diag.NewReporter(false))
	if k, ok := s.KindOf("tb/2024/a.md"); !ok || k != "circular" {
		t.Errorf("KindOf(tb/2024/a.md) = %q, %v", k, ok)
	}
	if g := s.Defaults["circular"].Genre; g != "通报" {
		t.Errorf("the kind's default genre is %q", g)
	}
	if _, ok := Default().Kinds.Spec("circular"); ok {
		t.Error("a kind of one site's options is in the default site")
	}
}
