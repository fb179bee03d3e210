package deploy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A folder deploy removes the partial files a killed deploy left; a dry
// run leaves them.
func TestLocalRemovesPartialFiles(t *testing.T) {
	ctx := context.Background()
	site := buildFixture(t, nil)
	dir := filepath.Join(t.TempDir(), "www")
	if _, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100}); err != nil {
		t.Fatal(err)
	}
	partial := []string{filepath.Join(dir, ".gongkai-tmp-123"), filepath.Join(dir, "policy", ".gongkai-tmp-456")}
	for _, p := range partial {
		if err := os.WriteFile(p, []byte("half a page"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	for _, p := range partial {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("the dry run removed %s: %v", p, err)
		}
	}
	res, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range partial {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind: %v", p, err)
		}
	}
	if res.Uploaded+res.Deleted != 0 {
		t.Errorf("the rerun changed %d files of the site", res.Uploaded+res.Deleted)
	}
}

// --force deploys over a folder gongkai did not write, deleting what the
// site lacks.
func TestLocalForeignForced(t *testing.T) {
	ctx := context.Background()
	site := buildFixture(t, nil)
	dir := t.TempDir()
	for i := range 3 {
		if err := os.WriteFile(filepath.Join(dir, "mine"+string(rune('a'+i))+".txt"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100, Lang: "en"}); !errors.Is(err, ErrForeign) || !strings.Contains(err.Error(), "holds 3 files") {
		t.Fatalf("%v, want ErrForeign", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "minea.txt")); err != nil {
		t.Fatal("the refused deploy deleted a file")
	}
	res, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100, Force: true})
	if err != nil || res.Deleted != 3 {
		t.Fatalf("forced: %v, deleted %d", err, res.Deleted)
	}
	// Now it is gongkai's: a rerun needs no --force.
	if _, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100}); err != nil {
		t.Fatal(err)
	}
}

// Keys with an empty, . or .. segment are never sent to the store.
func TestS3RefusesUncleanKeys(t *testing.T) {
	s := &S3{Bucket: "b", Prefix: "site/"} // no client: a request would panic
	ctx := context.Background()
	for _, k := range []string{"../x", "a/../../x", "a//b", "./a", "a/", ""} {
		if err := s.Put(ctx, File{Key: k, Path: os.DevNull}); err == nil || !strings.Contains(err.Error(), "segment") {
			t.Errorf("Put(%q): %v", k, err)
		}
		if err := s.Delete(ctx, k); err == nil || !strings.Contains(err.Error(), "segment") {
			t.Errorf("Delete(%q): %v", k, err)
		}
	}
	if _, err := NewS3(ctx, "s3://bucket/pre/../../x", S3Options{}); err == nil {
		t.Error("NewS3 took s3://bucket/pre/../../x")
	}
}

// dying is a target whose process dies after a number of uploads: nothing
// more reaches it, not even the record a finished deploy writes.
type dying struct {
	Target
	left int
}

func (d *dying) Put(ctx context.Context, f File) error {
	if d.left <= 0 {
		return errors.New("killed")
	}
	d.left--
	return d.Target.Put(ctx, f)
}

func (d *dying) SaveState(ctx context.Context, state map[string]Object) error {
	if d.left <= 0 {
		return nil
	}
	return d.Target.SaveState(ctx, state)
}

// The rerun of a first deploy killed half way is not refused as foreign.
func TestLocalFirstDeployKilled(t *testing.T) {
	ctx := context.Background()
	site := buildFixture(t, nil)
	dir := filepath.Join(t.TempDir(), "www")
	if _, err := Run(ctx, &dying{&Local{Dir: dir}, 5}, Options{From: site, MaxDelete: 100, Jobs: 1}); err == nil {
		t.Fatal("the killed deploy succeeded")
	}
	if _, err := Run(ctx, &Local{Dir: dir}, Options{From: site, MaxDelete: 100}); err != nil {
		t.Fatalf("rerun: %v", err)
	}
}
