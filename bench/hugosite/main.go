// Command hugosite writes the records of a gongkai site as the minimal Hugo
// site of bench/corpus (the same theme and front matter as the generated
// corpus's), so that bench/build.sh can build the same records with Hugo:
//
//	go run ./bench/hugosite -site SITE -out DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/gongkai/gongkai/bench/corpus"
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/pipeline"
)

func main() {
	site := flag.String("site", "", "the gongkai site `folder` to read")
	out := flag.String("out", "", "the Hugo site `folder` to write")
	flag.Parse()
	if *site == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hugosite -site SITE -out DIR")
		os.Exit(2)
	}
	m, err := pipeline.LoadModel(context.Background(), pipeline.Options{Source: *site})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		os.Exit(1)
	}
	var c corpus.Corpus
	for _, e := range m.Catalogue.Records {
		c.Records = append(c.Records, record(e))
	}
	for _, e := range m.Catalogue.Pages {
		c.Pages = append(c.Pages, record(e))
	}
	if err := c.WriteHugo(*out); err != nil {
		fmt.Fprintln(os.Stderr, "hugosite:", err)
		os.Exit(1)
	}
	fmt.Printf("hugosite: %d records and %d pages into %s\n", len(c.Records), len(c.Pages), *out)
}

// kinds maps gongkai's kinds to the corpus's.
var kinds = map[string]string{"policy": "policy", "notice": "notice", "interpretation": "interpretation",
	"report": "report", "annual_report": "report", "page": "page"}

// record is one entry as a corpus record: its stem from its file, its year
// from its publication, its links to other records left as they are.
func record(e *catalogue.Entry) *corpus.Record {
	r := &corpus.Record{Kind: kinds[string(e.Kind)], Title: e.Title, IndexNo: e.IndexNo, DocNo: e.DocNo, Issuers: e.Issuers,
		Published: e.Published, Year: e.Published.Year(), Topic: e.Topic, Genre: e.Genre, Summary: e.Summary, Body: string(e.Body())}
	r.Stem = strings.TrimSuffix(path.Base(e.Rel), path.Ext(e.Rel))
	if r.Stem == "index" {
		r.Stem = path.Base(path.Dir(e.Rel))
	}
	if r.Kind == "" {
		r.Kind = "page"
	}
	return r
}
