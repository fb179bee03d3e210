package siteindex_test

import (
	"context"
	"os"
	"testing"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/search"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

type nullSink struct{}

func (nullSink) WriteFile(string, []byte) error { return nil }

// BenchmarkWrite indexes the site in $GONGKAI_BENCH_SITE (for example the
// generated corpus of bench/build.sh, bench/out/corpus).
func BenchmarkWrite(b *testing.B) {
	docs := benchDocs(b)
	for b.Loop() {
		if _, err := siteindex.Write(context.Background(), docs, nullSink{}, siteindex.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

type keepSink struct{ nullSink }

func (keepSink) Keep(string) error { return nil }

// BenchmarkPatch brings the index of the site in $GONGKAI_BENCH_SITE up to
// date after one document's body changed, as serve does after a save.
func BenchmarkPatch(b *testing.B) {
	docs := benchDocs(b)
	analyses := siteindex.NewAnalyses()
	opts := siteindex.Options{Analyses: analyses}
	if _, err := siteindex.Write(context.Background(), docs, keepSink{}, opts); err != nil {
		b.Fatal(err)
	}
	analyses.Commit()
	i, body := len(docs)/2, docs[len(docs)/2].Body
	edits := 0
	for b.Loop() {
		docs[i].Body = body
		if edits%2 == 0 {
			docs[i].Body = "编辑后的一段新文字，" + body
		}
		docs[i].Source = [32]byte{} // the analysis is keyed by the text, not the file
		edits++
		if _, err := siteindex.Write(context.Background(), docs, keepSink{}, opts); err != nil {
			b.Fatal(err)
		}
		analyses.Commit()
	}
}

// benchDocs are the documents of the site in $GONGKAI_BENCH_SITE; without
// one the benchmark is skipped.
func benchDocs(b *testing.B) []search.Doc {
	site := os.Getenv("GONGKAI_BENCH_SITE")
	if site == "" {
		b.Skip("set GONGKAI_BENCH_SITE to a site folder")
	}
	docs, _, err := pipeline.SearchDocs(context.Background(), pipeline.Options{Source: site})
	if err != nil {
		b.Fatal(err)
	}
	return docs
}
