package e2e

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gongkai/gongkai/internal/archive"
)

// TestArchiveBrowse archives the example catalogue, unzips it into a
// temporary folder, checks every file against the manifest, and browses it
// from file://: the top index.html opens the portal, links lead to pages
// with their stylesheet, and the search page finds a typed title.
func TestArchiveBrowse(t *testing.T) {
	ctx := newTab(t)
	source, err := filepath.Abs(exampleSite)
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "site.zip")
	res, err := archive.Write(context.Background(), archive.Options{Source: source, Out: zipPath})
	if err != nil {
		if res != nil {
			logDiagnostics(t, res.Build, 10)
		}
		t.Fatalf("archiving the example catalogue: %v", err)
	}
	dir := t.TempDir()
	unzip(t, zipPath, dir)

	// Every file is in the manifest with its hash, and every manifest line
	// names a file with that hash.
	mf, err := os.Open(filepath.Join(dir, archive.Manifest))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(mf)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("manifest line %q", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("manifest names %s: %v", name, err)
			continue
		}
		if s := sha256.Sum256(data); hex.EncodeToString(s[:]) != sum {
			t.Errorf("%s does not match its manifest hash", name)
		}
		listed[name] = true
	}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel != archive.Manifest && !listed[rel] {
			t.Errorf("%s is not in the manifest", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The top index.html opens the portal's home page.
	title := siteTitle(t, source)
	home := filepath.Join(dir, res.Name, "index.html")
	navigate(t, ctx, fileURL(filepath.Join(dir, "index.html")))
	// The refresh navigates again; until it has, evaluation may fail.
	for deadline := time.Now().Add(actionTimeout); ; time.Sleep(50 * time.Millisecond) {
		p, err := tryEval[string](ctx, `document.readyState === 'complete' ? decodeURIComponent(location.pathname) : ''`)
		if err == nil && p == filepath.ToSlash(home) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the top index.html did not lead to %s (at %q, %v)", home, p, err)
		}
	}
	st := state(t, ctx)
	if !st.HasMain || !strings.Contains(st.Title, title) {
		t.Fatalf("the top index.html led to %s titled %q, want the home page of %q", st.URL, st.Title, title)
	}
	// Follow a few links within the archive.
	followed := 0
	for _, l := range st.Links {
		if followed == 4 {
			break
		}
		if !strings.HasPrefix(l.Abs, "file://") || strings.Contains(l.Raw, "#") || !strings.HasSuffix(l.Abs, ".html") {
			continue
		}
		navigate(t, ctx, l.Abs)
		ps := state(t, ctx)
		if !ps.HasMain || ps.H1 == "" {
			t.Errorf("%s (from the home page): no main or h1", l.Raw)
		}
		if len(ps.Sheets) == 0 || ps.HeaderBG == transparent {
			t.Errorf("%s: the stylesheet did not load (%v)", l.Raw, ps.Sheets)
		}
		followed++
	}
	if followed < 3 {
		t.Errorf("followed %d links from the home page, want at least 3", followed)
	}

	// Search from file://: type a record's title, see it first.
	docs := exampleDocs(t)
	q := ""
	for _, d := range docs {
		if d.Kind == "policy" && len([]rune(d.Title)) >= 8 {
			q = d.Title
			break
		}
	}
	if q == "" {
		t.Fatal("no policy in the example catalogue")
	}
	navigate(t, ctx, fileURL(filepath.Join(dir, res.Name, "search", "index.html")))
	do(t, ctx, "typing a query",
		chromedp.Click("#search-q"),
		chromedp.SendKeys("#search-q", q),
		chromedp.KeyEvent(kb.Enter))
	actx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Run(actx, chromedp.Poll[bool](`document.querySelectorAll('#search-results li').length > 0`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for search results: %v", err)
	}
	if first := eval[string](t, ctx, `document.querySelector('#search-results li a').textContent`); first != q {
		t.Errorf("first result %q, want %q", first, q)
	}
	href := eval[string](t, ctx, `document.querySelector('#search-results li a').href`)
	navigate(t, ctx, href)
	if ps := state(t, ctx); ps.H1 != q {
		t.Errorf("the first result leads to %s with h1 %q, want %q", href, ps.H1, q)
	}
}

// unzip extracts the zip into dir, refusing names that leave it.
func unzip(t *testing.T, zipPath, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			t.Fatalf("zip entry %q leaves the folder", f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
