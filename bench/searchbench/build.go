package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// usage is what one run of a command cost: wall time and the peak resident
// memory of it and its children.
type usage struct {
	Wall    time.Duration
	PeakRSS int64 // bytes
}

// timed runs the command and returns its usage; its output goes to stderr
// only when it fails.
func timed(name string, args ...string) (usage, error) {
	cmd := exec.Command(name, args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return usage{}, fmt.Errorf("%s %v: %w\n%s", name, args, err, out)
	}
	u := usage{Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.PeakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return u, nil
}

// builds are the clean builds of a site with and without search.
type builds struct {
	With, Without    []usage
	Out, OutNoSearch string // one output of each
}

// buildSite builds site runs times with and without search, alternating so
// both see the same machine, each into a fresh output and cache folder under
// tmp. Every output is kept until the end: creating tens of thousands of
// files just after deleting as many costs seconds of system time in ext4's
// inode allocator, which would be charged to whichever build came next.
func buildSite(bin, site, tmp string, runs int) (builds, error) {
	var b builds
	for i := range runs {
		for _, noSearch := range []bool{true, false} {
			tag := fmt.Sprintf("%d-%v", i, map[bool]string{true: "nosearch", false: "search"}[noSearch])
			out, cache := filepath.Join(tmp, "out-"+tag), filepath.Join(tmp, "cache-"+tag)
			args := []string{"build", "--quiet", "--clean", "--source", site, "--out", out, "--cache", cache}
			if noSearch {
				args = append(args, "--no-search")
			}
			u, err := timed(bin, args...)
			if err != nil {
				return b, err
			}
			if noSearch {
				b.Without = append(b.Without, u)
				b.OutNoSearch = out
			} else {
				b.With = append(b.With, u)
				b.Out = out
			}
		}
	}
	return b, nil
}

// medianUsage is the median wall time and the median peak memory.
func medianUsage(us []usage) usage {
	var ws []time.Duration
	var ms []int64
	for _, u := range us {
		ws = append(ws, u.Wall)
		ms = append(ms, u.PeakRSS)
	}
	slices.Sort(ws)
	slices.Sort(ms)
	return usage{Wall: ws[len(ws)/2], PeakRSS: ms[len(ms)/2]}
}

// fileStats describes a set of files: their number, bytes, gzip -9 bytes and
// the largest gzip -9 file.
type fileStats struct {
	Files       int
	Bytes, Gzip int
	MaxGzip     int
	MaxGzipFile string
}

// indexFiles lists the files of the output with search that the output
// without search lacks: the index, whatever its layout.
func indexFiles(with, without string) (fileStats, error) {
	var st fileStats
	err := filepath.WalkDir(with, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(with, p)
		if _, err := os.Stat(filepath.Join(without, rel)); err == nil {
			return nil
		}
		return st.add(p, filepath.ToSlash(rel))
	})
	return st, err
}

// dirFiles lists every file under dir.
func dirFiles(dir string) (fileStats, error) {
	var st fileStats
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		return st.add(p, filepath.ToSlash(rel))
	})
	return st, err
}

func (st *fileStats) add(p, rel string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	z := min(len(gzip9(data)), len(data))
	st.Files++
	st.Bytes += len(data)
	st.Gzip += z
	if z > st.MaxGzip {
		st.MaxGzip, st.MaxGzipFile = z, rel
	}
	return nil
}
