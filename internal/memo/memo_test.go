package memo

import "testing"

func TestHasherSeparatesValues(t *testing.T) {
	sum := func(parts ...string) Sum {
		h := NewHasher()
		for _, p := range parts {
			h.String(p)
		}
		return h.Done()
	}
	if sum("ab", "c") == sum("a", "bc") {
		t.Error(`("ab","c") and ("a","bc") have the same fingerprint`)
	}
	if sum("a") != sum("a") {
		t.Error("the same values gave different fingerprints")
	}
	if sum("a", "") == sum("a") {
		t.Error("an empty string added nothing")
	}
}

func TestCommitAndDiscard(t *testing.T) {
	m := New()
	m.Done("page", Unit{Sum: Sum{1}, Files: []string{"a.html"}})
	if _, ok := m.Prev("page"); ok {
		t.Fatal("a unit of the build under way is visible before Commit")
	}
	m.Commit()
	if u, ok := m.Prev("page"); !ok || u.Sum != (Sum{1}) {
		t.Fatalf("after Commit: %v %v", u, ok)
	}
	m.Done("page", Unit{Sum: Sum{2}})
	m.Discard()
	if u, _ := m.Prev("page"); u.Sum != (Sum{1}) {
		t.Error("Discard changed the committed build")
	}
	m.Commit() // of an empty build: nothing was rendered
	if _, ok := m.Prev("page"); ok {
		t.Error("a unit not done in the last build is still remembered")
	}
	units := map[string]Unit{"x": {Sum: Sum{3}}}
	if u, ok := FromUnits(units).Prev("x"); !ok || u.Sum != (Sum{3}) {
		t.Error("FromUnits lost a unit")
	}
	m = FromUnits(units)
	m.Forget()
	if _, ok := m.Prev("x"); ok {
		t.Error("Forget kept a unit")
	}
}

func TestDependents(t *testing.T) {
	m := FromUnits(map[string]Unit{
		"a": {Deps: []string{"X/1", "X/2"}},
		"b": {Deps: []string{"X/3"}},
		"c": {},
	})
	got := m.Dependents(map[string]bool{"X/2": true, "X/9": true})
	if len(got) != 1 || got[0] != "a" {
		t.Errorf("Dependents = %q, want [a]", got)
	}
	if got := m.Dependents(map[string]bool{}); len(got) != 0 {
		t.Errorf("Dependents of nothing = %q", got)
	}
}
