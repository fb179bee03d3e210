package urls

import "testing"

func TestRel(t *testing.T) {
	for _, c := range []struct {
		from, to string
		offline  bool
		want     string
	}{
		{"/", "/policy/2024-00001/", false, "policy/2024-00001/"},
		{"/", "/policy/2024-00001/", true, "policy/2024-00001/index.html"},
		{"/policy/2024-00001/", "/", false, "../../"},
		{"/policy/2024-00001/", "/", true, "../../index.html"},
		{"/policy/2024-00001/", "/css/site.css", false, "../../css/site.css"},
		{"/policy/2024-00001/", "/policy/2024-00002/", false, "../2024-00002/"},
		{"/policy/2024-00001/", "/policy/2024-00001/附件1.pdf", false, "附件1.pdf"},
		{"/policy/2024-00001/", "/policy/2024-00001/", false, "./"},
		{"/policy/2024-00001/", "/policy/2024-00001/", true, "index.html"},
		{"/policy/2024-00001/", "/policy/2024-00001/#第一条", false, "#第一条"},
		{"/topics/城乡建设/", "/topics/城乡建设、环境保护/", false, "../城乡建设、环境保护/"},
		{"/404.html", "/css/site.css", false, "css/site.css"},
		{"/policy/page/2/", "/policy/", false, "../../"},
		{"/a/b/", "/a/bc/", false, "../bc/"},
		{"/feed.xml", "/notice/x/", true, "notice/x/index.html"},
	} {
		if got := Rel(c.from, c.to, c.offline); got != c.want {
			t.Errorf("Rel(%q, %q, %v) = %q, want %q", c.from, c.to, c.offline, got, c.want)
		}
	}
}

func TestFile(t *testing.T) {
	for in, want := range map[string]string{"/": "index.html", "/policy/x/": "policy/x/index.html", "/404.html": "404.html", "/a/b.pdf": "a/b.pdf"} {
		if got := File(in); got != want {
			t.Errorf("File(%q) = %q, want %q", in, got, want)
		}
	}
}
