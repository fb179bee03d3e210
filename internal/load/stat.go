package load

import (
	"os"
	"time"
)

// Stat is what the file system says of a file without reading it. Two
// equal Stats of a file taken at different times mean its bytes are the
// same, provided the first was Settled: a file can change within the
// clock tick of its last modification and keep its time.
type Stat struct {
	Size, ModTime, Change, Inode, Device int64
	Settled                              bool
}

// settle is how long before a read a file's last change must be for its
// Stat to be trusted later: far above any file system's clock tick.
const settle = 2 * time.Second

// statOf is the Stat of the file info describes, taken at now.
func statOf(info os.FileInfo, now time.Time) Stat {
	st := Stat{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	st.Change, st.Inode, st.Device = sysStat(info)
	if st.Change == 0 {
		st.Change = st.ModTime
	}
	limit := now.Add(-settle).UnixNano()
	st.Settled = st.ModTime < limit && st.Change < limit
	return st
}

// Same reports whether st and a Stat taken earlier, prev, say the file's
// bytes are as they were then.
func (st Stat) Same(prev Stat) bool {
	return prev.Settled && st.Size == prev.Size && st.ModTime == prev.ModTime && st.Change == prev.Change && st.Inode == prev.Inode && st.Device == prev.Device
}
