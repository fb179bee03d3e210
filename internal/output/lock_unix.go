//go:build unix

package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// lock holds an exclusive lock on the folder dir while its build runs, so
// that another build knows the folder is in use; the system lets it go when
// the process ends, however it ends.
func lock(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// abandoned reports whether no running build holds the folder dir.
func abandoned(dir string) bool {
	unlock, err := lock(dir)
	if err != nil {
		return false
	}
	unlock()
	return true
}
