package siteindex_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

type countSink struct {
	files, pfiles, tfiles int
	praw, pgz, traw, tgz  int
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 9)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func (c *countSink) WriteFile(name string, b []byte) error {
	c.files++
	if strings.Contains(name, "/c/") {
		c.pfiles++
		c.praw += len(b)
		c.pgz += gz(b)
	} else if strings.Contains(name, "/t/") {
		c.tfiles++
		c.traw += len(b)
		c.tgz += gz(b)
	}
	return nil
}

func TestZZFiles(t *testing.T) {
	site := os.Getenv("ZZ_SITE")
	if site == "" {
		t.Skip()
	}
	docs, _, err := pipeline.SearchDocs(context.Background(), pipeline.Options{Source: site})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []siteindex.Options{{}} {
		var c countSink
		st, err := siteindex.Write(context.Background(), docs, &c, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("P=%d T=%d: files %d (%.2f/doc) passages %d avg gz %d; term files %d avg gz %d; size %.2fx text, terms %d",
			o.PassageBytes, o.TermBytes, c.files, float64(c.files)/float64(len(docs)), c.pfiles, c.pgz/c.pfiles, c.tfiles, c.tgz/c.tfiles, float64(st.Bytes)/float64(st.TextBytes), st.Terms)
	}
}
