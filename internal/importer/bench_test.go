package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImport10000 imports a generated 10,000-row CSV export (HTML
// bodies, every date form, attachments, bad rows) into an empty site.
func BenchmarkImport10000(b *testing.B) {
	files := b.TempDir()
	rows := genExport(b, 10000, files)
	name := filepath.Join(b.TempDir(), "export.csv")
	writeCSV(b, name, rows)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		site := b.TempDir()
		write(b, filepath.Join(site, "content/site.yaml"), siteYAML)
		b.StartTimer()
		table, err := ReadTable(context.Background(), name, ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), Options{Source: site, Table: table, Files: files})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Written) != 8000 || len(res.Rejected) != 2000 {
			b.Fatalf("%d written", len(res.Written))
		}
		b.StopTimer()
		os.RemoveAll(site)
		b.StartTimer()
	}
}
