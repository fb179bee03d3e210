package claims

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/diag"
)

func TestClaims(t *testing.T) {
	a := Claimant{At: diag.Pos{Path: "content/a.md", Line: 5, Col: 11}, URL: "/x.html"}
	b := Claimant{At: diag.Pos{Path: "content/b.md", Line: 2, Col: 3}, URL: "/x.html/"}
	tab := New()
	rep := diag.NewReporter(false)
	for _, c := range []struct {
		name string
		c    Claimant
		ok   bool
	}{
		{"x.html", a, true},
		{"x.html", b, false},            // the same file
		{"x.html/index.html", b, false}, // a file where it needs a folder
		{"d/e/f.html", b, true},
		{"d/e", Claimant{}, false}, // a folder of a claimed file
		{"d/e/g.html", Claimant{}, true},
	} {
		if ok, err := tab.Take(c.name, c.c, rep); ok != c.ok || err != nil {
			t.Errorf("Take(%s) = %v, %v; want %v", c.name, ok, err, c.ok)
		}
	}
	if err := tab.TakeFolder("d/", Claimant{}, rep); err != nil {
		t.Fatal(err)
	}
	if ok, _ := tab.Take("d/h.html", a, rep); ok {
		t.Error("a record claimed a file in gongkai's folder")
	}
	if ok, _ := tab.Take("d/i.html", Claimant{}, rep); !ok {
		t.Error("gongkai could not claim a file in its own folder")
	}
	if !tab.Has("d/any/thing") || tab.Has("y.html") {
		t.Error("Has does not follow the claims")
	}
	if _, err := tab.Take("d/i.html", Claimant{}, rep); err == nil {
		t.Error("gongkai claiming its own file twice is no error")
	}
	var got []string
	for _, d := range rep.Diagnostics() {
		got = append(got, d.Format("en"))
	}
	want := []string{
		"content/a.md:5:11: error: URL /x.html is also the URL of gongkai's own /d/ [url-collision]",
		"content/b.md:2:3: error: URL /x.html/ is also the URL of content/a.md:5:11 [url-collision]",
		"content/b.md:2:3: error: URL /x.html/ is also the URL of content/a.md:5:11 [url-collision]",
		"content/b.md:2:3: error: URL /x.html/ is also the URL of gongkai's own /d/ [url-collision]",
		"content/b.md:2:3: error: URL /x.html/ is also the URL of gongkai's own /d/e [url-collision]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestClaimRooted: a name that starts with "/" (the URL of a record of no
// kind is "//slug/") is claimed, or refused, rather than walked up forever.
func TestClaimRooted(t *testing.T) {
	tab := New()
	a := Claimant{At: diag.Pos{Path: "content/a.md"}, URL: "//a/"}
	if _, _, ok := tab.Claim("/a/index.html", a); !ok {
		t.Fatal("the first claim of /a/index.html failed")
	}
	if _, _, ok := tab.Claim("/a/index.html", Claimant{URL: "//b/"}); ok {
		t.Error("a second claim of /a/index.html succeeded")
	}
}
