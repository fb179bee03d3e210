package deploy

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/cdn"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// stored is one object as read back from a target.
type stored struct {
	data    []byte
	headers cdn.Headers
}

// store is a target under test, with a way to read it back whole.
type store struct {
	target func(t *testing.T) Target
	// dump reads every object under the target's prefix, keyed relative
	// to it, StateKey left out.
	dump func(t *testing.T) map[string]stored
}

// counting passes calls to a Target and counts the writes; after cancelAt
// puts (if > 0) it cancels the deploy.
type counting struct {
	Target
	puts, deletes atomic.Int64
	mu            sync.Mutex
	keys          []string
	cancelAt      int64
	cancel        context.CancelFunc
}

func (c *counting) Put(ctx context.Context, f File) error {
	if err := c.Target.Put(ctx, f); err != nil {
		return err
	}
	c.mu.Lock()
	c.keys = append(c.keys, f.Key)
	c.mu.Unlock()
	if n := c.puts.Add(1); c.cancelAt > 0 && n >= c.cancelAt {
		c.cancel()
	}
	return nil
}

func (c *counting) Delete(ctx context.Context, key string) error {
	c.deletes.Add(1)
	return c.Target.Delete(ctx, key)
}

// fixtureSite is the small site of the build package's tests.
const fixtureSite = "../pipeline/testdata/site"

// buildFixture copies the fixture site, lets change edit it, builds it and
// returns the output folder.
func buildFixture(t *testing.T, change func(src string)) string {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(fixtureSite)); err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(src)
	}
	out := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := pipeline.Run(ctx, pipeline.Options{Source: src, Out: out})
	if err != nil {
		for _, d := range res.Diagnostics {
			t.Log(d)
		}
		t.Fatal(err)
	}
	return out
}

// readTree reads a built site by key.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := Scan(dir, cdn.For)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		m[f.Key] = data
	}
	if _, ok := m[output.Marker]; ok {
		t.Fatal("the output marker was scanned")
	}
	return m
}

// expectMirror checks that the target holds exactly the site in dir, byte
// for byte, each object with the headers hdr gives it.
func expectMirror(t *testing.T, s store, dir string, hdr func(string) cdn.Headers) {
	t.Helper()
	want := readTree(t, dir)
	got := s.dump(t)
	for k, data := range want {
		o, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s is missing from the target", k)
		case !bytes.Equal(o.data, data):
			t.Errorf("%s differs on the target", k)
		case o.headers != hdr(k):
			t.Errorf("%s has headers %+v on the target, want %+v", k, o.headers, hdr(k))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is on the target but not in the site", k)
		}
	}
}

// changed is the keys whose bytes differ between two built sites, or that
// only the second has; and those only the first has.
func changed(a, b map[string][]byte) (upload, remove []string) {
	for k, d := range b {
		if o, ok := a[k]; !ok || !bytes.Equal(o, d) {
			upload = append(upload, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			remove = append(remove, k)
		}
	}
	sort.Strings(upload)
	sort.Strings(remove)
	return upload, remove
}

func keysOf(cs ...[]Change) []string {
	var ks []string
	for _, c := range cs {
		for _, x := range c {
			ks = append(ks, x.Key)
		}
	}
	sort.Strings(ks)
	return ks
}

// runSuite runs the deploy scenarios against a store.
func runSuite(t *testing.T, s store) {
	ctx := context.Background()
	site1 := buildFixture(t, nil)
	opts := func(from string) Options { return Options{From: from, MaxDelete: 100} }

	// A target holding files but no record of a deploy is not gongkai's:
	// refused without --force, and left as it was.
	foreign := filepath.Join(t.TempDir(), "foreign.txt")
	if err := os.WriteFile(foreign, []byte("not the site's"), 0o644); err != nil {
		t.Fatal(err)
	}
	ff := File{Key: "unrelated/foreign.txt", Path: foreign, Object: Object{Headers: cdn.For("foreign.txt")}}
	if err := s.target(t).Put(ctx, ff); err != nil {
		t.Fatal(err)
	}
	c := &counting{Target: s.target(t)}
	if _, err := Run(ctx, c, opts(site1)); !errors.Is(err, ErrForeign) {
		t.Errorf("first deploy over a file gongkai did not write: %v, want ErrForeign", err)
	}
	if got := s.dump(t); c.puts.Load()+c.deletes.Load() != 0 || len(got) != 1 {
		t.Errorf("the refused deploy changed the target: %d writes, %d files", c.puts.Load()+c.deletes.Load(), len(got))
	}
	if err := s.target(t).Delete(ctx, ff.Key); err != nil {
		t.Fatal(err)
	}

	// First deploy: everything goes up, assets before pages.
	c = &counting{Target: s.target(t)}
	res, err := Run(ctx, c, opts(site1))
	if err != nil {
		t.Fatalf("first deploy: %v", err)
	}
	files := readTree(t, site1)
	if int(c.puts.Load()) != len(files) || res.Uploaded != len(files) {
		t.Errorf("first deploy uploaded %d (said %d) of %d files", c.puts.Load(), res.Uploaded, len(files))
	}
	firstPage := -1
	for i, k := range c.keys {
		if IsPage(k) && firstPage < 0 {
			firstPage = i
		}
		if !IsPage(k) && firstPage >= 0 {
			t.Errorf("asset %s went up after page %s", k, c.keys[firstPage])
			break
		}
	}
	expectMirror(t, s, site1, cdn.For)

	// No-op redeploy: no writes at all.
	c = &counting{Target: s.target(t)}
	res, err = Run(ctx, c, opts(site1))
	if err != nil {
		t.Fatalf("redeploy: %v", err)
	}
	if c.puts.Load() != 0 || c.deletes.Load() != 0 || len(res.Purge) != 0 || res.Plan.Unchanged != len(files) {
		t.Errorf("no-op redeploy: %d puts, %d deletes, %d to purge, %d unchanged of %d", c.puts.Load(), c.deletes.Load(), len(res.Purge), res.Plan.Unchanged, len(files))
	}

	// One record changes: exactly the files whose bytes changed go up.
	site2 := buildFixture(t, func(src string) {
		p := filepath.Join(src, "content/policies/2023/old.md")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(data, []byte("\n\n新增的一段正文：部署测试。\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	wantUp, wantDel := changed(files, readTree(t, site2))
	if len(wantUp) == 0 {
		t.Fatal("the record change changed no file")
	}
	c = &counting{Target: s.target(t)}
	res, err = Run(ctx, c, opts(site2))
	if err != nil {
		t.Fatalf("deploying a changed record: %v", err)
	}
	if got := keysOf(res.Plan.Assets, res.Plan.Pages); strings.Join(got, " ") != strings.Join(wantUp, " ") {
		t.Errorf("one record changed: uploaded %v, want %v", got, wantUp)
	}
	if got := keysOf(res.Plan.Deletes); strings.Join(got, " ") != strings.Join(wantDel, " ") {
		t.Errorf("one record changed: deleted %v, want %v", got, wantDel)
	}
	if int(c.puts.Load()) != len(wantUp) {
		t.Errorf("%d puts for %d changed files", c.puts.Load(), len(wantUp))
	}
	t.Logf("one record changed: %d of %d files uploaded: %v", len(wantUp), len(files), wantUp)
	expectMirror(t, s, site2, cdn.For)

	// Headers only: a new rule for one file sends that file again.
	const key = "css/site.css"
	hdr := func(k string) cdn.Headers {
		h := cdn.For(k)
		if k == key {
			h.CacheControl = "public, max-age=60"
		}
		return h
	}
	o := opts(site2)
	o.Headers = hdr
	c = &counting{Target: s.target(t)}
	res, err = Run(ctx, c, o)
	if err != nil {
		t.Fatalf("header change: %v", err)
	}
	if len(res.Plan.Assets) != 1 || res.Plan.Assets[0].Key != key || res.Plan.Assets[0].Reason != "headers" || len(res.Plan.Pages) != 0 || c.puts.Load() != 1 {
		t.Errorf("header change: plan %v/%v, %d puts; want %s alone, for its headers", keysOf(res.Plan.Assets), keysOf(res.Plan.Pages), c.puts.Load(), key)
	}
	expectMirror(t, s, site2, hdr)
	if _, err := Run(ctx, s.target(t), opts(site2)); err != nil { // and back
		t.Fatal(err)
	}

	// Deletion guard: a site missing files deletes nothing beyond the limit.
	site3 := t.TempDir()
	if err := os.CopyFS(site3, os.DirFS(site2)); err != nil {
		t.Fatal(err)
	}
	gone := []string{"policy", "notice"}
	for _, d := range gone {
		if err := os.RemoveAll(filepath.Join(site3, d)); err != nil {
			t.Fatal(err)
		}
	}
	_, wantDel = changed(readTree(t, site2), readTree(t, site3))
	before := s.dump(t)
	o = opts(site3)
	o.MaxDelete = len(wantDel) - 1
	c = &counting{Target: s.target(t)}
	_, err = Run(ctx, c, o)
	if !errors.Is(err, ErrTooManyDeletes) {
		t.Errorf("deleting %d files with --max-delete %d: %v, want ErrTooManyDeletes", len(wantDel), o.MaxDelete, err)
	}
	if c.puts.Load()+c.deletes.Load() != 0 || len(s.dump(t)) != len(before) {
		t.Error("the refused deploy changed the target")
	}
	o.Force = true
	res, err = Run(ctx, s.target(t), o)
	if err != nil || res.Deleted != len(wantDel) {
		t.Errorf("forced: %v, deleted %d of %d", err, res.Deleted, len(wantDel))
	}
	expectMirror(t, s, site3, cdn.For)

	// Interrupted, then resumed: the rerun finishes the job without
	// sending again what went up the first time.
	cctx, cancel := context.WithCancel(ctx)
	c = &counting{Target: s.target(t), cancelAt: 5, cancel: cancel}
	o = opts(site2)
	o.Jobs = 2
	_, err = Run(cctx, c, o)
	cancel()
	if err == nil {
		t.Fatal("the interrupted deploy reported success")
	}
	done := c.puts.Load()
	if done >= int64(len(files))-1 {
		t.Fatalf("the deploy was not interrupted: %d uploads", done)
	}
	c2 := &counting{Target: s.target(t)}
	if _, err = Run(ctx, c2, opts(site2)); err != nil {
		t.Fatalf("resuming: %v", err)
	}
	wantUp, _ = changed(readTree(t, site3), readTree(t, site2))
	// An upload cut off by the cancel may still have reached the target,
	// so the rerun may have less to send, never more.
	if n := c2.puts.Load(); n == 0 || int(done+n) > len(wantUp) || int(done+n) < len(wantUp)-o.Jobs {
		t.Errorf("interrupted after %d uploads, resumed with %d; want %d in all (less up to %d in flight)", done, n, len(wantUp), o.Jobs)
	}
	expectMirror(t, s, site2, cdn.For)

	// Dry run: the plan, no change.
	o = opts(site1)
	o.DryRun = true
	o.Lang = "en"
	var log bytes.Buffer
	o.Log = &log
	c = &counting{Target: s.target(t)}
	res, err = Run(ctx, c, o)
	if err != nil || c.puts.Load()+c.deletes.Load() != 0 || len(res.Plan.Assets)+len(res.Plan.Pages) == 0 || !strings.Contains(log.String(), "bytes") {
		t.Errorf("dry run: %v, %d writes, plan %d; log %q", err, c.puts.Load()+c.deletes.Load(), len(res.Plan.Assets)+len(res.Plan.Pages), log.String())
	}
	expectMirror(t, s, site2, cdn.For)
}

func TestDiff(t *testing.T) {
	h := cdn.For("a.html")
	f := func(key, sha string) File {
		return File{Key: key, Object: Object{Size: 1, SHA256: sha, Headers: cdn.For(key)}}
	}
	local := []File{f("a.html", "1"), f("b.css", "2"), f("c.js", "3"), f("d.html", "4")}
	remote := map[string]Object{
		"a.html": {Size: 1, SHA256: "1", Headers: h},
		"b.css":  {Size: 1, SHA256: "x", Headers: cdn.For("b.css")},
		"c.js":   {Size: 1, SHA256: "3", Headers: cdn.Headers{ContentType: "text/plain"}},
		"z.html": {Size: 1, SHA256: "9"},
	}
	p := Diff(local, remote)
	got := []string{}
	for _, c := range append(append(p.Assets, p.Pages...), p.Deletes...) {
		got = append(got, c.Reason+":"+c.Key)
	}
	want := "bytes:b.css headers:c.js new:d.html delete:z.html"
	if strings.Join(got, " ") != want || p.Unchanged != 1 {
		t.Errorf("plan %v (%d unchanged), want %s (1 unchanged)", got, p.Unchanged, want)
	}
	if pl := purgeList(p, "https://x.example/"); strings.Join(pl, " ") != "https://x.example/b.css https://x.example/c.js https://x.example/z.html" {
		t.Errorf("purge list %v", pl)
	}
}

func TestLocal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "www")
	runSuite(t, store{
		target: func(t *testing.T) Target { return &Local{Dir: dir} },
		dump: func(t *testing.T) map[string]stored {
			state := map[string]Object{}
			if data, err := os.ReadFile(filepath.Join(dir, StateKey)); err == nil {
				if state, err = decodeState(data); err != nil {
					t.Fatal(err)
				}
			}
			m := map[string]stored{}
			for k, data := range readTree(t, dir) {
				m[k] = stored{data: data, headers: state[k].Headers}
			}
			return m
		},
	})
}
