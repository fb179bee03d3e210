package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/internal/pipeline"
)

// liveAfter is how long a build runs before its live line shows, and
// liveEvery how often the line is redrawn; plainEvery is how often a plain
// line is printed during a long stage.
const (
	liveAfter  = time.Second
	liveEvery  = 100 * time.Millisecond
	plainEvery = 5 * time.Second
)

// progress shows a build's progress on w, in the language of its context:
// live, as one line redrawn in place (on a terminal, once the build has run
// liveAfter), or as plain lines, one as each stage ends and one every
// plainEvery during a long stage. It is safe for concurrent use.
type progress struct {
	ctx  context.Context
	w    io.Writer
	live bool
	now  func() time.Time

	mu          sync.Mutex
	begun       time.Time // the build
	stage       pipeline.Stage
	total, done int
	since       time.Time // the stage began
	drawn       time.Time // the last line was drawn
	shown       bool      // a live line is on the terminal
}

// newProgress returns the progress of a build that began now.
func newProgress(ctx context.Context, w io.Writer, live bool, now func() time.Time) *progress {
	return &progress{ctx: ctx, w: w, live: live, now: now, begun: now()}
}

// Begin ends the stage under way and starts s.
func (p *progress) Begin(s pipeline.Stage, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended()
	p.stage, p.total, p.done, p.since = s, total, 0, p.now()
	p.drawn = p.since
	p.draw()
}

// Done counts n items of the stage under way.
func (p *progress) Done(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	p.draw()
}

// Finish ends the last stage and clears the live line.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// ended prints the plain line of the stage under way, if any.
func (p *progress) ended() {
	if p.stage != "" && !p.live {
		fmt.Fprintln(p.w, p.line(p.now()))
	}
	p.stage = ""
}

// draw redraws the live line, or prints a plain line, if it is time.
func (p *progress) draw() {
	now := p.now()
	switch {
	case p.live && now.Sub(p.begun) >= liveAfter && (!p.shown || now.Sub(p.drawn) >= liveEvery):
		fmt.Fprint(p.w, "\r\033[K"+p.line(now))
		p.shown, p.drawn = true, now
	case !p.live && now.Sub(p.drawn) >= plainEvery:
		fmt.Fprintln(p.w, p.line(now))
		p.drawn = now
	}
}

// line says how far the stage under way has got at now: its name, the
// items done (of how many, when known), the rate and the time it took.
func (p *progress) line(now time.Time) string {
	elapsed := now.Sub(p.since)
	var b strings.Builder
	b.WriteString(say(p.ctx, "gongkai build：", "gongkai build: "))
	b.WriteString(stageName(p.ctx, p.stage))
	switch {
	case p.done > 0 && p.total > 0:
		fmt.Fprintf(&b, say(p.ctx, " %d/%d %s", " %d of %d %s"), p.done, p.total, stageUnit(p.ctx, p.stage))
	case p.done > 0:
		fmt.Fprintf(&b, " %d %s", p.done, stageUnit(p.ctx, p.stage))
	}
	if p.done > 0 && elapsed >= 10*time.Millisecond {
		fmt.Fprintf(&b, say(p.ctx, "，每秒 %.0f", ", %.0f a second"), float64(p.done)/elapsed.Seconds())
	}
	fmt.Fprintf(&b, say(p.ctx, "，%.1f 秒", ", %.1f s"), elapsed.Seconds())
	return b.String()
}

// stageName is the name of s in the language of ctx.
func stageName(ctx context.Context, s pipeline.Stage) string {
	zh, en := map[pipeline.Stage]string{
		pipeline.StageLoad: "读取", pipeline.StageDecode: "解析", pipeline.StageCatalogue: "编目", pipeline.StageAnnual: "年度报告",
		pipeline.StageRender: "生成页面", pipeline.StageSearch: "搜索索引", pipeline.StageWrite: "写出",
	}[s], map[pipeline.Stage]string{
		pipeline.StageLoad: "reading", pipeline.StageDecode: "decoding", pipeline.StageCatalogue: "cataloguing", pipeline.StageAnnual: "annual reports",
		pipeline.StageRender: "rendering", pipeline.StageSearch: "search index", pipeline.StageWrite: "writing",
	}[s]
	if zh == "" {
		return string(s)
	}
	return say(ctx, zh, en)
}

// stageUnit names what stage s counts, in the language of ctx.
func stageUnit(ctx context.Context, s pipeline.Stage) string {
	switch s {
	case pipeline.StageLoad:
		return say(ctx, "个记录文件", "record files")
	case pipeline.StageSearch:
		return say(ctx, "篇文档", "documents")
	}
	return say(ctx, "条记录", "records")
}

// writeTimings prints each stage's wall time and the process's peak memory
// at its end, and the whole build's.
func writeTimings(ctx context.Context, w io.Writer, ts []pipeline.Timing, total time.Duration) {
	fmt.Fprintln(w, say(ctx, "阶段             用时（秒）  内存峰值（MiB）", "stage               time (s)  peak memory (MiB)"))
	var peak int64
	row := func(name string, d time.Duration, rss int64) {
		pad := 17 - displayWidth(name)
		fmt.Fprintf(w, "%s%s%10.3f  %8.1f\n", name, strings.Repeat(" ", max(pad, 1)), d.Seconds(), float64(rss)/(1<<20))
	}
	for _, t := range ts {
		row(stageName(ctx, t.Stage), t.Wall, t.PeakRSS)
		peak = max(peak, t.PeakRSS)
	}
	row(say(ctx, "全部", "whole build"), total, peak)
}

// displayWidth is the width of s on a terminal: two for a Chinese
// character, one for others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return n
}

// isTerminal reports whether w is a terminal, where a live line can be
// redrawn, and not a CI job's (CI set) or a dumb one.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
