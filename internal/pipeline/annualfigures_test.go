package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnnualYearIncremental: after an annual report's year changes, an
// incremental build (in memory and on disk) writes its figures under the
// new year's name and keeps none under the old, as a clean build does.
func TestAnnualYearIncremental(t *testing.T) {
	site := exampleSite(t)
	dir := t.TempDir()
	ctx := context.Background()
	rel := "reports/annual/2019.yaml"
	mem := Options{Source: site, Out: filepath.Join(dir, "mem"), Session: NewSession()}
	disk := Options{Source: site, Out: filepath.Join(dir, "disk"), Cache: filepath.Join(dir, "cache")}
	mustBuild(t, mem)
	mustBuild(t, disk)
	p := filepath.Join(site, "content", filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nyear: 2019\n") {
		t.Fatalf("%s does not give year: 2019", rel)
	}
	writeFile(t, p, strings.Replace(string(data), "\nyear: 2019\n", "\nyear: 2009\n", 1))
	mem.Changed = []string{rel}
	if _, err := Run(ctx, mem); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, disk)
	clean := mustBuild(t, Options{Source: site, Out: filepath.Join(dir, "clean")})
	want := tree(t, clean.Out)
	if _, ok := want["annual-report/2020-00001/figures-2009.csv"]; !ok {
		t.Fatal("the clean build has no figures-2009.csv")
	}
	sameTree(t, tree(t, mem.Out), want)
	sameTree(t, tree(t, disk.Out), want)
}
