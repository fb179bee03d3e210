package scaffold

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/record"
)

func site(t *testing.T) *config.Site {
	t.Helper()
	rep := diag.NewReporter(false)
	s := config.Parse("site.yaml", []byte("agency: {name: 测试局, code: 11000000MB0000000T}\n"), rep)
	if rep.Errors() > 0 {
		t.Fatal(rep.Diagnostics())
	}
	return s
}

func TestNewWritesAValidRecord(t *testing.T) {
	dir := t.TempDir()
	s := site(t)
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	existing := []string{"11000000MB0000000T/2026-00007", "11000000MB0000000T/2026-00003", "11000000MB0000000T/2025-00042"}
	for _, kind := range []config.Kind{config.Policy, config.Notice, config.Report, config.AnnualReport, config.Page} {
		// The annual report's text is package annualreport's draft.
		report := func(indexNo string) ([]byte, error) {
			return fmt.Appendf(nil, "index_no: %s\ntitle: '关于\"测试\"的通知'\nyear: 2025\nformat: narrative\npublished: 2026-11-27\nsummary: 摘要\n", indexNo), nil
		}
		rel, err := New(Options{Content: dir, Site: s, Kind: kind, Title: `关于"测试"的通知`, Today: today, Existing: existing, Report: report})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !strings.HasPrefix(rel, s.Folders[kind]+"/") {
			t.Errorf("%s written to %s, outside %s/", kind, rel, s.Folders[kind])
		}
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		rep := diag.NewReporter(true) // strict: no warnings either
		r := record.Decode(&load.File{Rel: rel, Path: rel, Data: data}, s, nil, rep)
		if r == nil || rep.Errors() > 0 {
			t.Errorf("%s: the new record does not check: %v\n%s", kind, rep.Diagnostics(), data)
			continue
		}
		if r.Title != `关于"测试"的通知` || !r.Published.Equal(today) {
			t.Errorf("%s: title %q published %v", kind, r.Title, r.Published)
		}
		if kind != config.Page && r.IndexNo != "11000000MB0000000T/2026-00008" {
			t.Errorf("%s: index_no = %q, want the one after 2026-00007", kind, r.IndexNo)
		}
	}
}

// TestNewUsesTheKindsDefaults: a new record is placed in the catalogue tree
// by site.yaml's defaults for its kind, or else the built-in ones.
func TestNewUsesTheKindsDefaults(t *testing.T) {
	dir := t.TempDir()
	rep := diag.NewReporter(false)
	s := config.Parse("site.yaml", []byte("agency: {code: 11000000MB0000000T}\ndefaults:\n  政策文件: {genre: 行政规范性文件, topic: 城乡建设、环境保护/城乡建设（含住房）}\n"), rep)
	if rep.Errors() > 0 {
		t.Fatal(rep.Diagnostics())
	}
	today := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for kind, want := range map[config.Kind]string{
		config.Policy: "catalogue: \"法定主动公开内容/法规、规章和规范性文件\"\ngenre: \"行政规范性文件\"\ntopic: \"城乡建设、环境保护/城乡建设（含住房）\"\n",
		config.Notice: "catalogue: \"法定主动公开内容/其他法定主动公开信息\"\ngenre: \"通知\"\n",
	} {
		rel, err := New(Options{Content: dir, Site: s, Kind: kind, Title: "标题", Today: today})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, rel))
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %q:\n%s", kind, want, data)
		}
	}
}

func TestNewInterpretationNeedsItsPolicy(t *testing.T) {
	dir := t.TempDir()
	s := site(t)
	rel, err := New(Options{Content: dir, Site: s, Kind: config.Interpretation, Title: "解读", Today: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, rel))
	rep := diag.NewReporter(false)
	record.Decode(&load.File{Rel: rel, Path: rel, Data: data}, s, nil, rep)
	ds := rep.Diagnostics()
	if len(ds) != 1 || ds[0].Rule != diag.RuleRequired || !strings.Contains(ds[0].Message("en"), "interprets") {
		t.Errorf("a new interpretation should lack only interprets: %v", ds)
	}
	if !strings.Contains(string(data), "2026-00001") {
		t.Errorf("the first record of a year should be 00001:\n%s", data)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	s := site(t)
	opts := Options{Content: dir, Site: s, Kind: config.Notice, Title: "通知", Today: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	rel, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, rel)
	if err := os.WriteFile(target, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(opts); !errors.Is(err, ErrExists) {
		t.Fatalf("second New with the same number: %v, want ErrExists", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "edited" {
		t.Error("New overwrote an existing file")
	}
	if _, err := New(Options{Content: dir, Site: s, Kind: config.Notice, Title: "两行\n标题", Today: opts.Today}); err == nil {
		t.Error("a two-line title was accepted")
	}
}
