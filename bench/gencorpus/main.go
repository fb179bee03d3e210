// Command gencorpus writes a synthetic disclosure catalogue for benchmarks:
//
//	go run ./bench/gencorpus -n 10000 -out DIR [-hugo DIR2] [-seed 1]
//
// DIR receives a gongkai site (DIR/content/site.yaml and N records of 1–5 KB
// of Chinese text each); DIR2, if given, the same corpus as a minimal Hugo
// site. The output depends only on -n and -seed, and every record passes
// "gongkai check" with no errors and no warnings.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/gongkai/gongkai/bench/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of `records`")
	out := flag.String("out", "", "the gongkai site `folder` to write (its content/ is replaced)")
	hugo := flag.String("hugo", "", "also write the corpus as a Hugo site in this `folder`")
	seed := flag.Int64("seed", 1, "random `seed`")
	flag.Parse()
	if *out == "" && *hugo == "" || flag.NArg() > 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N -out DIR [-hugo DIR2] [-seed S]")
		os.Exit(2)
	}
	start := time.Now()
	c := corpus.Generate(*n, *seed)
	if *out != "" {
		if err := c.WriteGongkai(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote %d records (+%d pages) to %s\n", len(c.Records), len(c.Pages), *out)
	}
	if *hugo != "" {
		if err := c.WriteHugo(*hugo); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote the same corpus as a Hugo site to %s\n", *hugo)
	}
	fmt.Printf("in %d ms\n", time.Since(start).Milliseconds())
}
