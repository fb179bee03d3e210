package output

import (
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
	f, err := os.CreateTemp(filepath.Dir(name), TempPrefix)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
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
