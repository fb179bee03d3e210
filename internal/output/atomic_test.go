package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteAtomicFunc: a file written through WriteAtomicFunc appears
// whole, and a write that fails half way leaves the old file and no
// temporary one.
func TestWriteAtomicFunc(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := WriteAtomic(name, []byte("old")); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	err := WriteAtomicFunc(name, func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("new", 1<<16)); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("error %v, want %v", err, failed)
	}
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Errorf("after a failed write the file holds %d bytes, want the old 3", len(b))
	}
	if err := WriteAtomicFunc(name, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Repeat("new", 1<<16))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != strings.Repeat("new", 1<<16) {
		t.Errorf("the file holds %d bytes, want %d", len(b), 3<<16)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the one written", len(entries))
	}
}
