package load

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
)

// TestStatSettled: a file changed just now is not settled, so its Stat is
// never trusted later; the same file looked at well after is.
func TestStatSettled(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.md")
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	now := statOf(info, time.Now())
	later := statOf(info, time.Now().Add(3*time.Second))
	if now.Settled {
		t.Error("a file written just now is settled")
	}
	if !later.Settled {
		t.Error("a file written 3 s before is not settled")
	}
	if later.Same(now) {
		t.Error("a Stat that was not settled is trusted")
	}
	if !now.Same(later) {
		t.Error("the same file is not the same after a settled Stat")
	}
	for name, change := range map[string]func(*Stat){
		"size": func(s *Stat) { s.Size++ }, "time": func(s *Stat) { s.ModTime++ }, "change": func(s *Stat) { s.Change++ },
		"inode": func(s *Stat) { s.Inode++ }, "device": func(s *Stat) { s.Device++ },
	} {
		st := now
		change(&st)
		if st.Same(later) {
			t.Errorf("another %s: the same file", name)
		}
	}
}

// TestContentSinceKnown reads content/ with one file known: that one is
// not read until Read, which then gives its text and checks nothing else
// changed; the other is read as Content reads it.
func TestContentSinceKnown(t *testing.T) {
	dir := t.TempDir()
	a, b := "---\ntitle: 甲\n---\n正文\n", "---\ntitle: 乙\n---\n"
	for name, text := range map[string]string{"a.md": a, "b.md": b} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	known := func(rel string, st Stat) ([32]byte, bool) {
		return sha256.Sum256([]byte(a)), rel == "a.md" && st.Size == int64(len(a))
	}
	tr, err := ContentSince(context.Background(), dir, "content", Reading{Known: known}, diag.NewReporter(false))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Records) != 2 {
		t.Fatalf("%d records, want 2", len(tr.Records))
	}
	fa, fb := tr.Records[0], tr.Records[1]
	if fa.Data != nil || fa.Sum != sha256.Sum256([]byte(a)) {
		t.Errorf("the known file was read (%q) or has another sum", fa.Data)
	}
	if string(fb.Data) != b || fb.Stat.Size != int64(len(b)) {
		t.Errorf("the other file: %q, size %d", fb.Data, fb.Stat.Size)
	}
	if !tr.Read(fa, diag.NewReporter(false)) || string(fa.Data) != a || fa.Sum != sha256.Sum256([]byte(a)) {
		t.Errorf("Read: %q", fa.Data)
	}
}
