package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/pipeline"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// TestProgressPlainLines: with --progress off a terminal, a line as each
// stage ends and one every plainEvery during a long stage, saying the
// stage, the items done of the total, the rate and the time.
func TestProgressPlainLines(t *testing.T) {
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{
			"gongkai build: decoding 100 of 400 records, 20 a second, 5.0 s",
			"gongkai build: decoding 400 of 400 records, 50 a second, 8.0 s",
			"gongkai build: annual reports, 0.5 s",
			"gongkai build: rendering 3 of 400 records, 30 a second, 0.1 s",
		}},
		{"zh-CN", []string{
			"gongkai build：解析 100/400 条记录，每秒 20，5.0 秒",
			"gongkai build：解析 400/400 条记录，每秒 50，8.0 秒",
			"gongkai build：年度报告，0.5 秒",
			"gongkai build：生成页面 3/400 条记录，每秒 30，0.1 秒",
		}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			var w bytes.Buffer
			p := newProgress(withLang(context.Background(), c.lang), &w, false, clock.now)
			p.Begin(pipeline.StageDecode, 400)
			clock.advance(time.Second)
			p.Done(50)
			if w.Len() != 0 {
				t.Fatalf("a line before the stage ended or ran %v: %q", plainEvery, w.String())
			}
			clock.advance(4 * time.Second)
			p.Done(50) // 5 s into the stage: a line
			clock.advance(3 * time.Second)
			p.Done(300)
			p.Begin(pipeline.StageAnnual, 0) // the decode stage's last line
			clock.advance(500 * time.Millisecond)
			p.Begin(pipeline.StageRender, 400)
			clock.advance(100 * time.Millisecond)
			p.Done(3)
			p.Finish()
			got := strings.Split(strings.TrimSuffix(w.String(), "\n"), "\n")
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if strings.Contains(w.String(), "\r") {
				t.Errorf("plain lines redraw: %q", w.String())
			}
		})
	}
}

// TestProgressLive: on a terminal, nothing for a build's first second,
// then one line redrawn in place no more often than liveEvery, cleared at
// the end.
func TestProgressLive(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var w bytes.Buffer
	p := newProgress(withLang(context.Background(), "en"), &w, true, clock.now)
	p.Begin(pipeline.StageLoad, 0)
	clock.advance(300 * time.Millisecond)
	p.Done(10)
	p.Begin(pipeline.StageDecode, 12)
	clock.advance(600 * time.Millisecond)
	p.Done(4)
	if w.Len() != 0 {
		t.Fatalf("a line within the first second: %q", w.String())
	}
	clock.advance(200 * time.Millisecond) // 1.1 s into the build
	p.Done(4)
	clock.advance(50 * time.Millisecond) // too soon to redraw
	p.Done(1)
	clock.advance(150 * time.Millisecond)
	p.Done(3)
	p.Finish()
	want := "\r\033[Kgongkai build: decoding 8 of 12 records, 10 a second, 0.8 s" +
		"\r\033[Kgongkai build: decoding 12 of 12 records, 12 a second, 1.0 s" +
		"\r\033[K"
	if w.String() != want {
		t.Errorf("live output %q\nwant %q", w.String(), want)
	}
}

// TestBuildTimings: build --timings lists every stage of a clean build,
// with the whole build's, in the CLI's language.
func TestBuildTimings(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		src := fixture(t)
		code, _, stderr := cli("--lang", lang, "build", "--source", src, "--out", filepath.Join(t.TempDir(), "public"), "--timings")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		ctx := withLang(context.Background(), lang)
		rows := map[string]bool{}
		for _, line := range strings.Split(stderr, "\n") {
			if name, _, ok := strings.Cut(strings.TrimSpace(line), "  "); ok {
				rows[strings.TrimSpace(name)] = true
			}
		}
		for _, s := range pipeline.Stages() {
			if !rows[stageName(ctx, s)] {
				t.Errorf("%s: no row for stage %s (%q) in:\n%s", lang, s, stageName(ctx, s), stderr)
			}
		}
		if !rows[say(ctx, "全部", "whole build")] {
			t.Errorf("%s: no row for the whole build in:\n%s", lang, stderr)
		}
	}
}

// TestDamagedCacheSaysSo: a build whose cache is damaged says, in one
// line in the CLI's language, that it ignored it, and builds.
func TestDamagedCacheSaysSo(t *testing.T) {
	for _, lang := range []string{"en", "zh-CN"} {
		src := fixture(t)
		cache := filepath.Join(t.TempDir(), "cache")
		args := []string{"--lang", lang, "build", "--source", src, "--out", filepath.Join(t.TempDir(), "public"), "--cache", cache}
		if code, _, stderr := cli(args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		files, _ := filepath.Glob(filepath.Join(cache, "build", "*.gob"))
		if len(files) != 1 {
			t.Fatalf("%s: cache files %v, want one", lang, files)
		}
		if err := os.WriteFile(files[0], []byte("not a cache"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := cli(args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		if n := strings.Count(stderr, cache); n != 1 {
			t.Errorf("%s: %d lines name the cache, want one:\n%s", lang, n, stderr)
		}
		checkLines(t, lang, "build with a damaged cache", code, stderr)
	}
}
