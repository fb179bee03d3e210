package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// first writes a tracked output with files and returns its manifest.
func first(t *testing.T, out string, files map[string]string) Manifest {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Track()
	for name, body := range files {
		if err := s.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	return s.Manifest()
}

func modTime(t *testing.T, p string) time.Time {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

func TestUpdateWritesOnlyChanges(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		t.Run(map[bool]string{false: "swap", true: "in place"}[inPlace], func(t *testing.T) { updateWritesOnlyChanges(t, inPlace) })
	}
}

// beginUpdate begins an update of out, which holds m, moving the changed
// files in place or swapping the whole output.
func beginUpdate(t *testing.T, out string, m Manifest, inPlace bool) *Update {
	t.Helper()
	u, err := BeginUpdate(out, m, Previous{})
	if err != nil {
		t.Fatal(err)
	}
	if inPlace {
		u.InPlace()
	}
	return u
}

func updateWritesOnlyChanges(t *testing.T, inPlace bool) {
	out := filepath.Join(t.TempDir(), "public")
	m := first(t, out, map[string]string{"same.html": "same", "changed.html": "v1", "kept/index.html": "kept", "gone/deep/index.html": "gone"})
	sameMod := modTime(t, filepath.Join(out, "same.html"))
	time.Sleep(10 * time.Millisecond) // so that a rewrite would show in the time

	u := beginUpdate(t, out, m, inPlace)
	for name, body := range map[string]string{"same.html": "same", "changed.html": "v2", "new/a.css": "css"} {
		if err := u.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := u.Keep("kept/index.html"); err != nil {
		t.Fatal(err)
	}
	if err := u.Keep("never-written.html"); err == nil {
		t.Error("Keep of a file the previous build did not write succeeded")
	}
	if got := read(t, filepath.Join(out, "changed.html")); got != "v1" {
		t.Errorf("before Commit, changed.html = %q; the output changed early", got)
	}
	if got := u.Changed(); len(got) != 2 || got[0] != "changed.html" || got[1] != "new/a.css" {
		t.Errorf("Changed() = %q, want [changed.html new/a.css]", got)
	}
	next, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"same.html": "same", "changed.html": "v2", "new/a.css": "css", "kept/index.html": "kept"} {
		if got := read(t, filepath.Join(out, name)); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
		if _, ok := next[name]; !ok {
			t.Errorf("%s missing from the new manifest", name)
		}
	}
	if !modTime(t, filepath.Join(out, "same.html")).Equal(sameMod) {
		t.Error("same.html was rewritten with the same bytes")
	}
	if _, err := os.Stat(filepath.Join(out, "gone")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("gone/ (no longer written) is still there: %v", err)
	}
	if u.Removed() != 1 {
		t.Errorf("Removed() = %d, want 1", u.Removed())
	}
	if _, ok := next["gone/deep/index.html"]; ok {
		t.Error("the new manifest lists a removed file")
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		t.Errorf("the marker went: %v", err)
	}
	if ok, stale, err := next.Verify(out, nil); err != nil || stale || len(ok) != len(next) {
		t.Errorf("Verify after Commit: stale=%v err=%v (%d of %d files)", stale, err, len(ok), len(next))
	}
}

func TestUpdateAbortLeavesOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m := first(t, out, map[string]string{"a.html": "a"})
	u, err := BeginUpdate(out, m, Previous{})
	if err != nil {
		t.Fatal(err)
	}
	if err := u.WriteFile("a.html", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	u.Abort()
	if got := read(t, filepath.Join(out, "a.html")); got != "a" {
		t.Errorf("a.html = %q after Abort", got)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("Abort left %d entries beside the output, want none", len(entries)-1)
	}
}

func TestUpdateRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	if _, err := BeginUpdate(out, Manifest{}, Previous{}); err == nil {
		t.Error("BeginUpdate of a folder without the marker succeeded")
	}
}

func TestCopyFileSkipsUnchangedSource(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.pdf")
	writeBytes(t, src, "%PDF-1")
	out := filepath.Join(dir, "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Track()
	if err := s.CopyFile("r/a.pdf", src); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"%PDF-1", "%PDF-2"} {
		if i > 0 {
			writeBytes(t, src, body)
		}
		u, err := BeginUpdate(out, s.Manifest(), Previous{})
		if err != nil {
			t.Fatal(err)
		}
		if err := u.CopyFile("r/a.pdf", src); err != nil {
			t.Fatal(err)
		}
		if got := len(u.Changed()); got != i {
			t.Errorf("source %q: %d files changed, want %d", body, got, i)
		}
		m, err := u.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(out, "r/a.pdf")); got != body {
			t.Errorf("r/a.pdf = %q, want %q", got, body)
		}
		s.sums = &sums{m: m}
	}
}

func writeBytes(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFindsHandEdits(t *testing.T) {
	for name, change := range map[string]func(out string) error{
		"edited":  func(out string) error { return os.WriteFile(filepath.Join(out, "a.html"), []byte("by hand!"), 0o644) },
		"removed": func(out string) error { return os.Remove(filepath.Join(out, "a.html")) },
		"added":   func(out string) error { return os.WriteFile(filepath.Join(out, "stray.html"), nil, 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			m := first(t, out, map[string]string{"a.html": "a", "b.html": "b"})
			if _, stale, err := m.Verify(out, nil); err != nil || stale {
				t.Fatalf("untouched output: stale=%v err=%v", stale, err)
			}
			if err := change(out); err != nil {
				t.Fatal(err)
			}
			ok, stale, err := m.Verify(out, nil)
			if err != nil || !stale {
				t.Fatalf("stale=%v err=%v, want stale", stale, err)
			}
			if ok["b.html"] != m["b.html"] {
				t.Error("the untouched b.html is no longer trusted")
			}
			if f, listed := ok["a.html"]; name != "added" && listed && f == m["a.html"] {
				t.Error("a.html is still trusted")
			}
			// An update over the verified manifest gives the intended output.
			u, err := BeginUpdate(out, ok, Previous{})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"a.html", "b.html"} {
				if err := u.WriteFile(n, []byte(n[:1])); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := u.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := read(t, filepath.Join(out, "a.html")); got != "a" {
				t.Errorf("a.html = %q", got)
			}
			if _, err := os.Stat(filepath.Join(out, "stray.html")); err == nil {
				t.Error("stray.html, which no build wrote, is still there")
			}
		})
	}
}

func TestLeftoversRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	m := first(t, out, map[string]string{"a.html": "a"})
	// What builds killed after making their staging folders leave.
	for _, name := range []string{".public.updating-123", ".public.building-456", ".public.building-789.old"} {
		writeBytes(t, filepath.Join(parent, name, "big.html"), "stale")
	}
	// A staging folder of a build still running, and others' files.
	running := filepath.Join(parent, ".public.updating-999")
	if err := os.Mkdir(running, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := lock(running)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	writeBytes(t, filepath.Join(parent, ".other.updating-1", "f"), "not ours")
	writeBytes(t, filepath.Join(parent, "notes.txt"), "not ours")

	u, err := BeginUpdate(out, m, Previous{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Commit(); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".other.updating-1", ".public.updating-999", "notes.txt", "public"}; !slices.Equal(names, want) {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
}
