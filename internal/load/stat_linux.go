package load

import (
	"os"
	"syscall"
)

// sysStat is the time of the last change to the file or its metadata,
// which no program can set back, and the file's identity.
func sysStat(info os.FileInfo) (change, inode, device int64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0
	}
	return st.Ctim.Nano(), int64(st.Ino), int64(st.Dev)
}
