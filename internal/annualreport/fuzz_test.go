package annualreport

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/record"
)

// FuzzTables decodes and checks arbitrary tables: in both formats. It must
// not panic, and every diagnostic must have a position in the file.
func FuzzTables(f *testing.F) {
	f.Add("2021", "  requests:\n    new: {natural_person: 1, total: 2}\n")
	f.Add("2019", "  proactive:\n    fees: {previous: -1, change: x}\n")
	f.Add("2021", "  reviews: [1, 2]\n")
	f.Add("2021", "  requests:\n    refused:\n      total: {business: 1.5}\n")
	f.Fuzz(func(t *testing.T, format, tables string) {
		src := "index_no: X/2024-00001\ntitle: 年报\nyear: 2023\nformat: \"" + strings.ReplaceAll(format, "\"", "") + "\"\npublished: 2024-01-20\ntables:\n" + tables
		site := config.Default()
		site.IndexNoPattern = ""
		rep := diag.NewReporter(false)
		rec := record.Decode(&load.File{Rel: "reports/annual/2023.yaml", Path: "content/reports/annual/2023.yaml", Data: []byte(src)}, site, nil, rep)
		if rec == nil {
			return
		}
		cat := catalogue.Build(site, []*record.Record{rec}, catalogue.Options{}, rep)
		set := Analyse(cat, Options{}, rep)
		for _, r := range set.Reports {
			r.CSV()
			for _, s := range []string{Section2, Section3, Section4} {
				r.Grid(s)
			}
		}
		set.Charts()
		for _, d := range rep.Diagnostics() {
			if d.Path == "" {
				t.Errorf("diagnostic without a file: %v", d)
			}
		}
	})
}
