//go:build linux || darwin || freebsd || netbsd || openbsd

package pipeline

import (
	"runtime"
	"syscall"
)

// peakRSS is the process's peak resident set size in bytes, as the kernel
// counts it: what /usr/bin/time and the bench report as peak memory.
func peakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there
	}
	return int64(ru.Maxrss) << 10 // kilobytes elsewhere
}
