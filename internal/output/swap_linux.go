package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts staged at final in one step: with an existing final the two are
// exchanged atomically, so readers see the old or the new output, never none.
func swap(staged, final string) error {
	err := unix.Renameat2(unix.AT_FDCWD, staged, unix.AT_FDCWD, final, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOENT):
		return os.Rename(staged, final)
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return swapByRenames(staged, final)
	}
	return err
}
