package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// syncBuffer is a bytes.Buffer safe to write from one goroutine while
// another reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// notWords are what a line may hold in another language: URLs, paths and
// file names, flags, placeholders in capitals, field:value, numbers.
var notWords = regexp.MustCompile(`[a-z0-9]+://\S*|\S*[/\\]\S*|\S+\.[a-z0-9]{2,5}\b|--?[a-z][a-z0-9-]*(=\S*)?|\b[A-Z][A-Z0-9_]+\b|\b[a-z_]+:\S*|\S*\d\S*`)

// asciiWord is an English word: two letters or more.
var asciiWord = regexp.MustCompile(`\b[A-Za-z]{2,}\b`)

// names are the words every language keeps: the program, its commands,
// formats and the names of things.
var names = map[string]bool{"gongkai": true, "build": true, "check": true, "serve": true, "new": true, "init": true, "search": true,
	"import": true, "report": true, "draft": true, "archive": true, "deploy": true, "help": true, "bleve": true, "text": true,
	"json": true, "github": true, "relevance": true, "date": true, "en": true, "zh": true, "CN": true, "s3": true, "zip": true,
	"narrative": true, "policy": true, "notice": true, "error": true, "warning": true, "Ctrl": true, "AWS": true, "URL": true,
	"CSV": true, "XLSX": true, "YAML": true, "JSON": true, "HTML": true, "ICP": true, "S3": true, "ID": true, "SHA": true, "MiB": true}

// untranslated reports whether line, printed in a Chinese site, is in
// English: it has English words (not names, paths, URLs, flags or values)
// and no Chinese.
func untranslated(line string) bool {
	if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return false
	}
	for _, w := range asciiWord.FindAllString(notWords.ReplaceAllString(line, " "), -1) {
		if !names[w] {
			return true
		}
	}
	return false
}

// chineseLine reports whether line, printed in English, is Chinese text:
// Chinese punctuation, or Chinese with no English word beside it (paths,
// URLs and values aside).
func chineseLine(line string) bool {
	line = notWords.ReplaceAllString(line, " ")
	if strings.ContainsAny(line, "，。：；") {
		return true
	}
	if strings.IndexFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) < 0 {
		return false
	}
	for _, w := range asciiWord.FindAllString(line, -1) {
		if !names[w] {
			return false
		}
	}
	return true
}

// TestEveryLineInTheSiteLanguage runs every command, its help, its
// progress and summaries, its refusals, in Chinese and in English, and
// fails on a line in the other language.
func TestEveryLineInTheSiteLanguage(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			src := fixture(t)
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			csv := filepath.Join(dir, "export.csv")
			os.WriteFile(csv, []byte("索引号,标题,发布日期,正文\n11000000MB0000000T/2025-00001,导入的通知,2025-03-08,正文\n11000000MB0000000T/2025-00002,,2025-03-09,无标题\n"), 0o644)
			runs := [][]string{
				{"-h"}, {"nothing"},
				{"build", "-h"}, {"check", "-h"}, {"serve", "-h"}, {"new", "-h"}, {"init", "-h"}, {"search", "-h"},
				{"import", "-h"}, {"report", "-h"}, {"report", "draft", "-h"}, {"archive", "-h"}, {"deploy", "-h"},
				{"build", "--source", src, "--out", out}, {"build", "--source", src, "--out", out},
				{"build", "--source", src, "--out", out, "--clean", "--progress", "--timings"},
				{"build", "--source", src, "--out", out, "extra"}, {"build", "--source", src, "--nonsense"},
				{"check", "--source", src}, {"check", "--source", src, "--format", "xml"},
				{"search", "--source", src, "--cache", filepath.Join(dir, "idx"), "办法"},
				{"search", "--source", src, "--cache", filepath.Join(dir, "idx"), "--kind", "memo", "办法"},
				{"search", "--source", src, "--cache", filepath.Join(dir, "idx"), "--limit", "0", "办法"},
				{"new", "--source", src, "notice", "测试通知"}, {"new", "--source", src, "memo", "测试"},
				{"report", "draft", "--source", src, "2024"}, {"report", "draft", "--source", src, "twenty"},
				{"import", "--source", src, "--dry-run", csv}, {"import", "--source", src, filepath.Join(dir, "missing.csv")},
				{"archive", "--source", src, "--out", filepath.Join(dir, "site.zip")}, {"archive", "--source", src, "extra"},
				{"deploy", "--source", src, "--dry-run", filepath.Join(dir, "www")},
				{"deploy", "--source", src, filepath.Join(dir, "www")},
				{"deploy", "--source", src, filepath.Join(dir, "www")},
				{"deploy", "--source", src, "s3://"},
				{"init", filepath.Join(dir, "site"), "extra"},
			}
			// Records that fail: their diagnostics too.
			broken := fixture(t)
			breakFixture(t, broken)
			runs = append(runs, []string{"check", "--source", broken}, []string{"build", "--source", broken, "--out", filepath.Join(dir, "b")})
			for _, args := range runs {
				code, stdout, stderr := cli(append([]string{"--lang", lang}, args...)...)
				switch {
				case args[0] == "report" && code == 0:
					stdout = "" // the draft: a record, in Chinese whatever the language
				case args[0] == "search" && code == 0:
					stdout = gongkaiLines(stdout)
				}
				checkLines(t, lang, strings.Join(args, " "), code, stdout+stderr)
			}
			// serve: its first lines, then stopped.
			ctx, cancel := context.WithCancel(context.Background())
			var o syncBuffer
			done := make(chan int)
			go func() { done <- run(ctx, []string{"--lang", lang, "serve", "--source", src, "--port", "0"}, &o, &o) }()
			deadline := time.Now().Add(30 * time.Second)
			for !strings.Contains(o.String(), "http://") && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			cancel()
			checkLines(t, lang, "serve", <-done, o.String())
			if !strings.Contains(o.String(), "http://") {
				t.Errorf("serve did not start: %s", o.String())
			}
		})
	}
}

// gongkaiLines is what output says of its own rather than quoting
// records: of search's results, the summary and the facets (the lines not
// indented).
func gongkaiLines(output string) string {
	var keep []string
	for _, l := range strings.Split(output, "\n") {
		if !strings.HasPrefix(l, " ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// checkLines fails the test for each line of output in the other language.
func checkLines(t *testing.T, lang, what string, code int, output string) {
	t.Helper()
	for _, line := range strings.Split(output, "\n") {
		if lang == "en" && chineseLine(line) || lang != "en" && untranslated(line) {
			t.Errorf("gongkai %s (exit %d): a line not in %s: %q", what, code, lang, line)
		}
	}
}
