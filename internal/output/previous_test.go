package output

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// files reads every file of dir but the marker, by slash name.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == Marker {
			return nil
		}
		data, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// emptyFolders lists the folders under dir that hold nothing.
func emptyFolders(t *testing.T, dir string) []string {
	t.Helper()
	var empty []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			if entries, _ := os.ReadDir(p); len(entries) == 0 {
				empty = append(empty, p)
			}
		}
		return err
	})
	return empty
}

// update makes out hold files through an Update from the output kept in
// prev, and returns the new manifest and the kept one.
func update(t *testing.T, out string, m Manifest, prev Previous, files map[string]string) (Manifest, Manifest) {
	t.Helper()
	u, err := BeginUpdate(out, m, prev)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := u.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	next, err := u.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return next, u.Kept()
}

// TestUpdateFromPrevious updates an output several times, each from the
// output the update before kept, with files that change, come back, go,
// and turn from file to folder and back, and expects each output to be
// exactly its files, the kept one exactly the output before it, and the
// live output never written through a link it shares with the kept one.
func TestUpdateFromPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	keep := filepath.Join(dir, "cache", "kept")
	versions := []map[string]string{
		{"index.html": "home 1", "a/index.html": "a 1", "b/index.html": "b", "c": "c file", "old/deep/x.html": "x"},
		{"index.html": "home 2", "a/index.html": "a 2", "b/index.html": "b", "c": "c file", "new/y.html": "y"},
		{"index.html": "home 1", "a/index.html": "a 3", "b/index.html": "b", "c/index.html": "c folder", "new/y.html": "y"},
		{"index.html": "home 4", "a/index.html": "a 3", "b/index.html": "b", "c": "c file again"},
		{"index.html": "home 4", "a/index.html": "a 5", "b/index.html": "b changed", "c": "c file again", "old/deep/x.html": "x"},
	}
	m := first(t, out, versions[0])
	var kept Manifest
	for i, v := range versions[1:] {
		before := files(t, out)
		var next Manifest
		next, kept = update(t, out, m, Previous{Dir: keep, Manifest: kept}, v)
		if got := files(t, out); !maps.Equal(got, v) {
			t.Fatalf("update %d: the output holds %v, want %v", i+1, got, v)
		}
		if empty := emptyFolders(t, out); len(empty) > 0 {
			t.Errorf("update %d: empty folders left in the output: %v", i+1, empty)
		}
		if kept == nil {
			t.Fatalf("update %d: no output kept", i+1)
		}
		if got := files(t, keep); !maps.Equal(got, before) {
			t.Fatalf("update %d: the kept output holds %v, want the one before, %v", i+1, got, before)
		}
		if _, stale, err := next.Verify(out, nil); err != nil || stale {
			t.Fatalf("update %d: the manifest returned is not the output's (stale %v, %v)", i+1, stale, err)
		}
		if _, stale, err := kept.Verify(keep, nil); err != nil || stale {
			t.Fatalf("update %d: the kept manifest is not the kept output's (stale %v, %v)", i+1, stale, err)
		}
		m = next
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("beside the output: %d entries, want the output and the cache only", len(entries))
	}
}

// TestUpdateFromPreviousChangedByHand changes the kept output behind the
// manifest's back (a file edited, one added, one removed) and expects the
// next update's output exact all the same.
func TestUpdateFromPreviousChangedByHand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	keep := filepath.Join(dir, "kept")
	v1 := map[string]string{"index.html": "1", "a.html": "a", "b.html": "b", "c.html": "c"}
	v2 := map[string]string{"index.html": "2", "a.html": "a", "b.html": "b", "c.html": "c"}
	v3 := map[string]string{"index.html": "3", "a.html": "a", "b.html": "b", "c.html": "c"}
	m := first(t, out, v1)
	m, kept := update(t, out, m, Previous{Dir: keep}, v2)
	// The kept output (v1) shares a.html with the live one: editing it in
	// place edits both, which the live output's manifest must notice too.
	writeBytes(t, filepath.Join(keep, "b.html"), "edited")
	writeBytes(t, filepath.Join(keep, "stray.html"), "not a build's")
	if err := os.Remove(filepath.Join(keep, "c.html")); err != nil {
		t.Fatal(err)
	}
	ok, _, err := m.Verify(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = update(t, out, ok, Previous{Dir: keep, Manifest: kept}, v3)
	if got := files(t, out); !maps.Equal(got, v3) {
		t.Fatalf("the output holds %v, want %v", got, v3)
	}
}

// TestUpdateFromUnknownPrevious gives a kept folder without its manifest,
// as a clean build leaves one: nothing in it is trusted, and the output is
// exact all the same, with no folder of the kept one left over.
func TestUpdateFromUnknownPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	keep := filepath.Join(dir, "kept")
	v1 := map[string]string{"index.html": "1", "a/index.html": "a", "b/index.html": "b"}
	v2 := map[string]string{"index.html": "2", "a/index.html": "a", "b/index.html": "b", "c/index.html": "c"}
	m := first(t, out, v1)
	// What an older build kept: same names with other bytes, a stray file
	// in a folder of its own, and a file where v2 has a folder.
	writeBytes(t, filepath.Join(keep, "index.html"), "2")
	writeBytes(t, filepath.Join(keep, "a", "index.html"), "old a")
	writeBytes(t, filepath.Join(keep, "gone", "deep", "stray.html"), "?")
	writeBytes(t, filepath.Join(keep, "c"), "a file where a folder goes")
	next, kept := update(t, out, m, Previous{Dir: keep}, v2)
	if got := files(t, out); !maps.Equal(got, v2) {
		t.Fatalf("the output holds %v, want %v", got, v2)
	}
	if empty := emptyFolders(t, out); len(empty) > 0 {
		t.Errorf("empty folders left in the output: %v", empty)
	}
	if _, stale, err := next.Verify(out, nil); err != nil || stale {
		t.Fatalf("the manifest returned is not the output's (stale %v, %v)", stale, err)
	}
	if got := files(t, keep); !maps.Equal(got, v1) {
		t.Fatalf("the kept output holds %v, want the one before, %v", got, v1)
	}
	if kept == nil {
		t.Fatal("no output kept")
	}
}
