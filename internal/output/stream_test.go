package output

import (
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// stream returns a write func for WriteStream that writes body in pieces.
func stream(body string) func(io.Writer) error {
	return func(w io.Writer) error {
		for len(body) > 0 {
			n := min(len(body), 7)
			if _, err := io.WriteString(w, body[:n]); err != nil {
				return err
			}
			body = body[n:]
		}
		return nil
	}
}

// TestStageWriteStream checks that a streamed file is written whole and
// listed in the manifest with its size and SHA-256, as WriteFile would.
func TestStageWriteStream(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Track()
	body := strings.Repeat("目录,catalogue\n", 10000) // over the writer's buffer
	if err := s.WriteStream("data/catalogue.csv", stream(body)); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteStream("../escape.csv", stream("x")); err == nil {
		t.Error("WriteStream of a name outside the output succeeded")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "data/catalogue.csv")); got != body {
		t.Errorf("the streamed file holds %d bytes, want %d", len(got), len(body))
	}
	f := s.Manifest()["data/catalogue.csv"]
	if f.Size != int64(len(body)) || f.Sum != sha256.Sum256([]byte(body)) {
		t.Errorf("manifest: size %d, sum %x; want %d, %x", f.Size, f.Sum[:4], len(body), sha256.Sum256([]byte(body)))
	}
}

// TestUpdateWriteStream checks that an update writes a streamed file only
// when its bytes changed, leaves no file of its own behind, and keeps
// nothing of a stream that failed.
func TestUpdateWriteStream(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		t.Run(map[bool]string{false: "swap", true: "in place"}[inPlace], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			m := first(t, out, map[string]string{"same.csv": "same", "changed.csv": "v1", "index.html": "home"})
			sameMod := modTime(t, filepath.Join(out, "same.csv"))
			time.Sleep(10 * time.Millisecond) // so that a rewrite would show in the time

			u := beginUpdate(t, out, m, inPlace)
			for name, body := range map[string]string{"same.csv": "same", "changed.csv": "v2", "new/a.json": "{}"} {
				if err := u.WriteStream(name, stream(body)); err != nil {
					t.Fatal(err)
				}
			}
			failed := errors.New("the layout failed")
			if err := u.WriteStream("broken.csv", func(w io.Writer) error {
				io.WriteString(w, "half")
				return failed
			}); !errors.Is(err, failed) {
				t.Errorf("a failing stream returned %v, want its error", err)
			}
			if err := u.Keep("index.html"); err != nil {
				t.Fatal(err)
			}
			if got := u.Changed(); len(got) != 2 || got[0] != "changed.csv" || got[1] != "new/a.json" {
				t.Errorf("Changed() = %q, want [changed.csv new/a.json]", got)
			}
			entries, err := os.ReadDir(u.stage.held)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".gongkai-stream-") {
					t.Errorf("the staging folder keeps %s", e.Name())
				}
			}
			next, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]string{"same.csv": "same", "changed.csv": "v2", "new/a.json": "{}", "index.html": "home"} {
				if got := read(t, filepath.Join(out, name)); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "broken.csv")); err == nil {
				t.Error("the failed stream's file is in the output")
			}
			if !modTime(t, filepath.Join(out, "same.csv")).Equal(sameMod) {
				t.Error("same.csv was rewritten with the same bytes")
			}
			if ok, stale, err := next.Verify(out, nil); err != nil || stale || len(ok) != len(next) {
				t.Errorf("Verify after Commit: stale=%v err=%v (%d of %d files)", stale, err, len(ok), len(next))
			}
		})
	}
}
