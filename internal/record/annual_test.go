package record

import "testing"

// TestAnnualReportKeys: tables: and sections: are kept as YAML nodes for
// package annualreport, with the line offset of Markdown front matter.
func TestAnnualReportKeys(t *testing.T) {
	src := "---\nindex_no: X1/2024-00001\ntitle: 年报\npublished: 2024-01-20\nformat: \"2021\"\nsections:\n  overview: 概述\ntables:\n  reviews: {}\n---\n"
	rec, ds := decode(t, enSite(), "reports/annual/2023.md", src, nil)
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %q", ds)
	}
	if rec.Tables == nil || rec.Sections == nil || rec.YAMLOffset != 1 {
		t.Fatalf("Tables %v, Sections %v, offset %d", rec.Tables, rec.Sections, rec.YAMLOffset)
	}
	if line := rec.Tables.Content[0].Line + rec.YAMLOffset; line != 9 {
		t.Errorf("tables.reviews is on line %d of the file, want 9", line)
	}
	if rec.Year != 2023 || rec.Format != "2021" {
		t.Errorf("year %d, format %q", rec.Year, rec.Format)
	}
}
