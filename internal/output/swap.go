package output

import (
	"errors"
	"io/fs"
	"os"
)

// swapByRenames moves final aside, staged into place, and the old output to
// staged's name. Between the two renames final is briefly missing.
func swapByRenames(staged, final string) error {
	aside := staged + ".old"
	if err := os.Rename(final, aside); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return os.Rename(staged, final)
		}
		return err
	}
	if err := os.Rename(staged, final); err != nil {
		_ = os.Rename(aside, final)
		return err
	}
	return os.Rename(aside, staged)
}

// Discard is a sink that keeps nothing: `gongkai check` renders with it.
type Discard struct{}

func (Discard) WriteFile(string, []byte) error { return nil }
func (Discard) CopyFile(string, string) error  { return nil }
