package output

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of the temporary file WriteAtomic writes
// until it is renamed, for whoever cleans up after a killed writer.
const TempPrefix = ".gongkai-tmp-"

// WriteAtomic writes data to the file name through a temporary file beside
// it, renamed over name only once it is whole: a reader, or a failure half
// way, never sees a partial file.
func WriteAtomic(name string, data []byte) error {
	return WriteAtomicFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomicFunc is WriteAtomic of what write writes to w, for a file too
// large to hold whole in memory first. write's error, if any, leaves name
// as it was.
func WriteAtomicFunc(name string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), TempPrefix)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
