package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// preview starts a preview of a copy of the build fixture on 127.0.0.1 and
// subscribes to its events.
func preview(t *testing.T) (src string, base string, events <-chan string) {
	t.Helper()
	src = t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../pipeline/testdata/site")); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Source: src, Debounce: 50 * time.Millisecond, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := s.Build(ctx, false); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	t.Cleanup(cancel) // before hs.Close: ends the event stream
	go s.Watch(ctx)

	req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 32)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ch <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(ch)
	}()
	if first := next(t, ch); !strings.HasPrefix(first, "state ") {
		t.Fatalf("first event %q, want the state", first)
	}
	// The watcher must be running before the test changes files.
	time.Sleep(200 * time.Millisecond)
	return src, hs.URL, ch
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(15 * time.Second):
		t.Fatal("no event within 15 s")
	}
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func write(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestServeLiveEdits(t *testing.T) {
	src, base, events := preview(t)
	c := filepath.Join(src, "content")
	notice := filepath.Join(c, "notices/2024/tongzhi.md")
	page := base + "/notice/2024-00003/"

	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "关于开展房屋安全检查的通知") || !strings.Contains(body, Prefix+"live.js") {
		t.Fatalf("before any edit: %d, live script present: %v", code, strings.Contains(body, Prefix+"live.js"))
	}

	// Edit a record: its page changes, and open pages are told to reload.
	write(t, notice, "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 关于开展房屋安全专项检查的通知\npublished: 2024-05-10\ngenre: 通知\n---\n已修改。\n")
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after an edit: %q, want reload", ev)
	}
	if _, body := get(t, page); !strings.Contains(body, "关于开展房屋安全专项检查的通知") {
		t.Error("the edited title is not served")
	}
	if _, body := get(t, base+"/notice/"); !strings.Contains(body, "关于开展房屋安全专项检查的通知") {
		t.Error("the list does not show the edited title")
	}

	// Break it: the errors are sent with their positions, the last good
	// page is still served.
	write(t, notice, "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 坏\npublished: 2024-02-30\n---\n")
	ev := next(t, events)
	if !strings.HasPrefix(ev, "errors ") || !strings.Contains(ev, "content/notices/2024/tongzhi.md:4:12") {
		t.Fatalf("after breaking a record: %q", ev)
	}
	if _, body := get(t, page); !strings.Contains(body, "关于开展房屋安全专项检查的通知") {
		t.Error("a failed build replaced the last good page")
	}

	// Fix it: reload, and the errors are gone.
	write(t, notice, "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 已修复的通知\npublished: 2024-05-10\n---\n好。\n")
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after the fix: %q, want reload", ev)
	}
	if _, body := get(t, page); !strings.Contains(body, "已修复的通知") {
		t.Error("the fixed record is not served")
	}

	// A new record in a new folder.
	write(t, filepath.Join(c, "notices/2025/new/index.md"), "---\nindex_no: 11000000MB0000000T/2025-00001\ntitle: 新建的通知\npublished: 2025-01-06\n---\n新。\n")
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after adding: %q", ev)
	}
	if code, body := get(t, base+"/notice/2025-00001/"); code != 200 || !strings.Contains(body, "新建的通知") {
		t.Errorf("the added record: %d", code)
	}

	// Rename its file (and folder): the URL stays.
	if err := os.Rename(filepath.Join(c, "notices/2025/new"), filepath.Join(c, "notices/2025/renamed")); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after renaming: %q", ev)
	}
	if code, _ := get(t, base+"/notice/2025-00001/"); code != 200 {
		t.Errorf("the renamed record's page: %d", code)
	}

	// Delete it: its page is gone (404 page, status 404).
	if err := os.RemoveAll(filepath.Join(c, "notices/2025")); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after deleting: %q", ev)
	}
	if code, body := get(t, base+"/notice/2025-00001/"); code != 404 || !strings.Contains(body, "页面不存在") {
		t.Errorf("the deleted record's page: %d", code)
	}

	// A site layout: every page follows.
	write(t, filepath.Join(src, "layouts/404.html"), `{{define "main"}}<h1>自定义的404</h1>{{end}}`)
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after adding a layout: %q", ev)
	}
	if _, body := get(t, base+"/nowhere/"); !strings.Contains(body, "自定义的404") {
		t.Error("the new layout is not used")
	}

	// A new static folder is a change like any other; a stylesheet edited
	// alone then restyles pages without a reload.
	write(t, filepath.Join(src, "static/css/extra.css"), "body{}")
	if ev := next(t, events); !strings.HasPrefix(ev, "reload ") {
		t.Fatalf("after adding static/: %q, want reload", ev)
	}
	write(t, filepath.Join(src, "static/css/extra.css"), "body{color:#000}")
	if ev := next(t, events); !strings.HasPrefix(ev, "css ") {
		t.Fatalf("after a stylesheet change: %q, want css", ev)
	}
}

func TestServeFirstBuildFails(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "content/notices/x.md"), "---\ntitle: [\n---\n")
	s, err := New(Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Build(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	code, body := get(t, hs.URL+"/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "content/notices/x.md:3:1: YAML") {
		t.Errorf("with no good build: %d\n%s", code, body)
	}
}

func TestInject(t *testing.T) {
	got := string(inject([]byte("<html><body><p>x</p></body></html>")))
	if want := "<html><body><p>x</p>" + string(liveTag) + "</body></html>"; got != want {
		t.Errorf("inject = %q", got)
	}
}

// TestServeWarnings: the warnings of a build that succeeds reach the open
// pages with the state, the annual-report deadline among them (the
// fixture's last report is 2023's).
func TestServeWarnings(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../pipeline/testdata/site")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(src, "content/notices/2024/tongzhi.md"), "---\nindex_no: 11000000MB0000000T/2024-00003\ntitle: 通知\npublished: 2024-05-10\ncolour: red\n---\n正文。\n")
	s, err := New(Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Build(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	st := s.State()
	all := strings.Join(st.Warnings, "\n")
	for _, want := range []string{"content/notices/2024/tongzhi.md:5:1: 未知字段 colour", "《条例》第四十九条"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	if len(st.Messages) > 0 {
		t.Errorf("errors: %q", st.Messages)
	}
}
