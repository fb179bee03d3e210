package output

import (
	"os"
	"syscall"
)

// folderOf is the identity, change time and link count of a folder; ok is
// false where the system does not give them.
func folderOf(info os.FileInfo) (f Folder, links uint64, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return Folder{}, 0, false
	}
	return Folder{Change: st.Ctim.Nano(), Inode: int64(st.Ino), Device: int64(st.Dev)}, uint64(st.Nlink), true
}
