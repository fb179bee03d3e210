package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	src := fixture(t)
	cache := filepath.Join(t.TempDir(), "idx")
	for _, c := range []struct {
		args []string
		code int
		want string // in stdout
	}{
		{[]string{"search", "--source", src}, 2, ""},
		{[]string{"search", "--source", src, "--format", "xml", "x"}, 2, ""},
		{[]string{"search", "--source", src, "--cache", cache, "办法"}, 0, "索引已更新"},
		{[]string{"search", "--source", src, "--cache", cache, "--kind", "policy", "办法"}, 0, "信息类别：政策文件（2）\n"},
		{[]string{"search", "--lang", "en", "--source", src, "--cache", cache, "--kind", "policy", "办法"}, 0, "Kind: Policies (2)\n"},
		{[]string{"search", "--source", src, "--cache", cache, "--kind", "政策文件", "办法"}, 0, "信息类别：政策文件（2）\n"},
		{[]string{"search", "--source", src, "--cache", cache, "kind:政策文件 办法"}, 0, "信息类别：政策文件（2）\n"},
		{[]string{"search", "--source", src, "--cache", cache, "2024-00001"}, 0, "  1. 测试市房屋管理办法\n"},
	} {
		code, out, errs := cli(c.args...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d, want %d; stdout %q does not hold %q (stderr %s)", c.args, code, c.code, out, c.want, errs)
		}
	}
	// The second run found the index up to date: no "index updated".
	code, out, _ := cli("search", "--source", src, "--cache", cache, "--format", "json", "办法")
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Path string `json:"path"`
		} `json:"hits"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("json: exit %d, %v: %s", code, err, out)
	}
	if res.Total == 0 || len(res.Hits) == 0 || len(res.Facets["kind"]) == 0 {
		t.Errorf("json result %+v", res)
	}
	if code, _, errs := cli("search", "--source", src, "--cache", cache, "--kind", "备忘", "办法"); code != 2 || !strings.Contains(errs, "通知公告") {
		t.Errorf("an unknown kind: exit %d, %q; want 2 and the known kinds", code, errs)
	}
	if _, out, _ := cli("search", "--source", src, "--cache", cache, "办法"); strings.Contains(out, "索引已更新") {
		t.Errorf("unchanged records were indexed again: %s", out)
	}
}
