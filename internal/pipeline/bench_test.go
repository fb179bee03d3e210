package pipeline_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gongkai/gongkai/bench/corpus"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// BenchmarkBuild10k builds the generated 10,000-record catalogue of the
// "Foundation" target (bench/build.sh measures the same with the binary).
//
//	go test -bench=Build10k -run='^$' -benchmem ./internal/pipeline/
func BenchmarkBuild10k(b *testing.B) { benchmarkBuild(b, 10000) }

// BenchmarkBuild1k is the same with 1,000 records, for quick runs.
func BenchmarkBuild1k(b *testing.B) { benchmarkBuild(b, 1000) }

// benchmarkBuild generates n records once, then times full builds of them,
// each into a new output folder, and reports records per second.
//
// The outputs are kept until the benchmark ends rather than deleted between
// iterations: on ext4 without a journal (as on the benchmark machine),
// creating files just after deleting tens of thousands costs seconds of
// system time in the inode allocator, which would swamp the build.
func benchmarkBuild(b *testing.B, n int) {
	if testing.Short() {
		b.Skipf("generates and builds %d records; skipped with -short", n)
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "site")
	if err := corpus.Write(src, n, 1); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	iters := 0
	for b.Loop() {
		out := filepath.Join(dir, "public-"+strconv.Itoa(iters))
		res, err := pipeline.Run(ctx, pipeline.Options{Source: src, Out: out})
		if err != nil {
			b.Fatalf("build: %v (%d errors; first: %v)", err, res.Errors, first(res))
		}
		if res.Records < n {
			b.Fatalf("built %d records, want %d", res.Records, n)
		}
		iters++
	}
	// records/s counts the n catalogue records, as bench/build.sh does (the
	// two plain pages are built but not counted).
	b.ReportMetric(float64(n*iters)/b.Elapsed().Seconds(), "records/s")
}

func first(res *pipeline.Result) any {
	if res == nil || len(res.Diagnostics) == 0 {
		return nil
	}
	return res.Diagnostics[0]
}
