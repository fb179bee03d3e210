package static_test

import (
	"context"
	"os"
	"testing"

	"github.com/gongkai/gongkai/internal/build"
	"github.com/gongkai/gongkai/internal/search/static"
)

type nullSink struct{}

func (nullSink) WriteFile(string, []byte) error { return nil }

// BenchmarkWrite indexes the site in $GONGKAI_BENCH_SITE (for example the
// generated corpus of bench/build.sh, bench/out/corpus).
func BenchmarkWrite(b *testing.B) {
	site := os.Getenv("GONGKAI_BENCH_SITE")
	if site == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a site folder")
	}
	docs, _, err := build.SearchDocs(context.Background(), build.Options{Source: site})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := static.Write(context.Background(), docs, nullSink{}, static.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
