package output

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// settle makes the last change of the folder around out later than every
// change inside out, as a commit's removal of its staging folder does once
// the file system's clock has moved on.
func settle(t *testing.T, out string) {
	t.Helper()
	time.Sleep(20 * time.Millisecond)
	tmp, err := os.MkdirTemp(filepath.Dir(out), "settle")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(tmp); err != nil {
		t.Fatal(err)
	}
}

// recorded makes out hold files, as a build would leave them, and records
// its folders.
func recorded(t *testing.T, out string, files map[string]string) (Manifest, Folders) {
	t.Helper()
	m := first(t, out, files)
	settle(t, out)
	known, err := RecordFolders(out, m)
	if err != nil {
		t.Fatal(err)
	}
	return m, known
}

// countingVerify is Verify, counting the folders it reads.
func countingVerify(m Manifest, out string, known Folders) (ok Manifest, stale bool, reads int, err error) {
	v := verifier{out: out, m: m, known: known, readDir: func(p string) ([]os.DirEntry, error) {
		reads++
		return os.ReadDir(p)
	}}
	ok, stale, err = v.run()
	return ok, stale, reads, err
}

var pages = map[string]string{
	"index.html": "i", "a/index.html": "a", "a/x/index.html": "ax", "a/y/index.html": "ay", "b/index.html": "b",
}

func TestVerifyTrustsRecordedFolders(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders' change times are recorded on Linux only; elsewhere every folder is read")
	}
	out := filepath.Join(t.TempDir(), "public")
	m, known := recorded(t, out, pages)
	for _, d := range []string{".", "a", "a/x", "a/y", "b"} {
		if _, ok := known[d]; !ok {
			t.Errorf("folder %s not recorded", d)
		}
	}
	ok, stale, reads, err := countingVerify(m, out, known)
	if err != nil || stale || len(ok) != len(m) {
		t.Fatalf("untouched output: stale=%v err=%v, %d of %d files", stale, err, len(ok), len(m))
	}
	if reads != 0 {
		t.Errorf("an untouched output with every folder recorded: %d folders read, want 0", reads)
	}
}

func TestVerifyWithFoldersFindsHandEdits(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders' change times are recorded on Linux only")
	}
	for name, change := range map[string]func(out string) error{
		// The folder's time does not change: the file's does.
		"edited": func(out string) error {
			return os.WriteFile(filepath.Join(out, "a/x/index.html"), []byte("by hand!"), 0o644)
		},
		"removed": func(out string) error { return os.Remove(filepath.Join(out, "a/x/index.html")) },
		"added":   func(out string) error { return os.WriteFile(filepath.Join(out, "a/x/stray.html"), nil, 0o644) },
		"added in a new folder": func(out string) error {
			return os.MkdirAll(filepath.Join(out, "a/x/new"), 0o755)
		},
		// Another folder in its place, holding the same file and another.
		"replaced": func(out string) error {
			x := filepath.Join(out, "a/x")
			if err := os.Rename(x, x+".old"); err != nil {
				return err
			}
			if err := os.Mkdir(x, 0o755); err != nil {
				return err
			}
			if err := os.Rename(filepath.Join(x+".old", "index.html"), filepath.Join(x, "index.html")); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(x, "stray.html"), nil, 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			m, known := recorded(t, out, pages)
			if err := change(out); err != nil {
				t.Fatal(err)
			}
			if name == "added in a new folder" {
				if err := os.WriteFile(filepath.Join(out, "a/x/new/stray.html"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ok, stale, err := m.Verify(out, known)
			if err != nil || !stale {
				t.Fatalf("stale=%v err=%v, want stale", stale, err)
			}
			for _, n := range []string{"index.html", "a/index.html", "a/y/index.html", "b/index.html"} {
				if ok[n] != m[n] {
					t.Errorf("the untouched %s is no longer trusted", n)
				}
			}
			if f, listed := ok["a/x/index.html"]; name != "added" && name != "added in a new folder" && name != "replaced" && listed && f == m["a/x/index.html"] {
				t.Error("a/x/index.html is still trusted")
			}
			for _, stray := range []string{"a/x/stray.html", "a/x/new/stray.html"} {
				if _, err := os.Lstat(filepath.Join(out, stray)); err == nil {
					if f, listed := ok[stray]; !listed || f.Size >= 0 {
						t.Errorf("%s, which no build wrote, is not listed for removal", stray)
					}
				}
			}
		})
	}
}

// A folder is not recorded while it holds a folder its manifest does not
// (a file put in that one later would go unseen), nor when it changed after
// the commit's last change (within the clock's tick of the recording, a
// change to it would not move its time).
func TestRecordFoldersLeavesOut(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders' change times are recorded on Linux only")
	}
	out := filepath.Join(t.TempDir(), "public")
	m := first(t, out, pages)
	if err := os.Mkdir(filepath.Join(out, "b/empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	settle(t, out)
	if err := os.WriteFile(filepath.Join(out, "a/y/late.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	known, err := RecordFolders(out, m)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := known["b"]; ok {
		t.Error("b, holding a folder no build made, was recorded")
	}
	if _, ok := known["a/y"]; ok {
		t.Error("a/y, changed after the commit, was recorded")
	}
	if _, ok := known["a/x"]; !ok {
		t.Error("a/x was not recorded")
	}
	// The file put in the folder no build made is found.
	if err := os.WriteFile(filepath.Join(out, "b/empty/stray.html"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ok, stale, err := m.Verify(out, known)
	if err != nil || !stale {
		t.Fatalf("stale=%v err=%v, want stale", stale, err)
	}
	if f, listed := ok["b/empty/stray.html"]; !listed || f.Size >= 0 {
		t.Error("b/empty/stray.html, which no build wrote, is not listed for removal")
	}
}

// TestUpdateFromPreviousWithFolders reuses a kept output with the folders
// recorded when it was the output, after changes by hand inside those
// folders, and expects the next output exact all the same.
func TestUpdateFromPreviousWithFolders(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders' change times are recorded on Linux only")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	keep := filepath.Join(dir, "cache", "kept")
	v1 := map[string]string{"index.html": "1", "a/index.html": "a", "a/x/index.html": "ax", "b/index.html": "b"}
	v2 := map[string]string{"index.html": "2", "a/index.html": "a", "a/x/index.html": "ax", "b/index.html": "b2"}
	v3 := map[string]string{"index.html": "3", "a/index.html": "a", "a/x/index.html": "ax", "b/index.html": "b3"}
	m, known := recorded(t, out, v1)
	if len(known) == 0 {
		t.Fatal("no folder recorded")
	}
	m, kept := update(t, out, m, Previous{Dir: keep}, v2)
	// The kept output is v1, its folders as recorded but for these.
	writeBytes(t, filepath.Join(keep, "a/x/stray.html"), "not a build's")
	writeBytes(t, filepath.Join(keep, "b/index.html"), "by hand")
	_, _ = update(t, out, m, Previous{Dir: keep, Manifest: kept, Folders: known}, v3)
	if got := files(t, out); !maps.Equal(got, v3) {
		t.Fatalf("the output holds %v, want %v", got, v3)
	}
}
