package i18n

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// tables pairs each Chinese table with its English one.
var tables = []struct {
	name   string
	zh, en map[string]string
}{{"interface", zh, en}, {"service", zhService, enService}, {"cli", zhCLI, enCLI}}

// TestEveryMessageHasBothLanguages: every key of each table is in both
// languages, with text in both (a suffix may be empty), taking the same formatting arguments.
func TestEveryMessageHasBothLanguages(t *testing.T) {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)
	verbs := func(s string) []string {
		var out []string
		for _, v := range verb.FindAllString(s, -1) {
			if v != "%%" {
				out = append(out, v[len(v)-1:])
			}
		}
		slices.Sort(out)
		return out
	}
	for _, tab := range tables {
		for k, z := range tab.zh {
			e, ok := tab.en[k]
			switch {
			case !ok:
				t.Errorf("%s: %q has no English", tab.name, k)
			case z == "" || e == "" && !strings.HasSuffix(k, "_suffix"): // English has no year suffix
				t.Errorf("%s: %q is empty in a language: %q, %q", tab.name, k, z, e)
			case !slices.Equal(verbs(z), verbs(e)):
				t.Errorf("%s: %q takes %v in Chinese, %v in English", tab.name, k, verbs(z), verbs(e))
			}
		}
		for k := range tab.en {
			if _, ok := tab.zh[k]; !ok {
				t.Errorf("%s: %q has no Chinese", tab.name, k)
			}
		}
	}
}

// TestKeysInOneTable: no key is in two tables of a language, where the
// later would never be read.
func TestKeysInOneTable(t *testing.T) {
	seen := map[string]string{}
	for _, tab := range tables {
		for k := range tab.zh {
			if other, dup := seen[k]; dup {
				t.Errorf("%q is in both %s and %s", k, other, tab.name)
			}
			seen[k] = tab.name
		}
	}
}

// TestFor: English for "en", Chinese for anything else, every table
// reachable, and a missing key shows as itself.
func TestFor(t *testing.T) {
	for _, c := range []struct{ lang, want string }{{"en", "en"}, {"zh-CN", "zh-CN"}, {"", "zh-CN"}, {"fr", "zh-CN"}} {
		s := For(c.lang)
		if s.Lang() != c.want {
			t.Errorf("For(%q).Lang() = %q, want %q", c.lang, s.Lang(), c.want)
		}
		for _, tab := range tables {
			m := tab.zh
			if c.want == "en" {
				m = tab.en
			}
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if got := s.T(k); got != m[k] {
					t.Errorf("For(%q).T(%q) = %q, want the %s table's %q", c.lang, k, got, tab.name, m[k])
				}
			}
		}
		if got := s.T("no.such.key"); got != "no.such.key" {
			t.Errorf("For(%q).T of a missing key = %q", c.lang, got)
		}
	}
}

// TestWith: text added With comes before the tables, which stay as they
// were for every other Strings.
func TestWith(t *testing.T) {
	base := For("en")
	home := base.T("home")
	s := base.With(map[string]string{"kind.memo": "Memos", "home": "Start"})
	if got := s.T("kind.memo"); got != "Memos" {
		t.Errorf("added key: %q", got)
	}
	if got := s.T("home"); got != "Start" {
		t.Errorf("added text does not come first: %q", got)
	}
	if got := s.T("skip"); got != en["skip"] {
		t.Errorf("the tables are lost: %q", got)
	}
	if got, other := base.T("home"), For("en").T("home"); got != home || other != home || base.T("kind.memo") != "kind.memo" {
		t.Errorf("With changed another Strings: %q, %q", got, other)
	}
	if s.Lang() != "en" {
		t.Errorf("With changed the language to %q", s.Lang())
	}
}
