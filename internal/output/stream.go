package output

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteStream writes one file of the output with the bytes write gives,
// as they come: for files too large to hold whole, such as the exports of
// a large catalogue. It is safe for concurrent use with distinct names.
func (s *Stage) WriteStream(name string, write func(io.Writer) error) error {
	p, err := s.path(name)
	if err != nil {
		return err
	}
	if err := s.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	sum, err := writeHashed(f, write)
	if err != nil {
		return err
	}
	if s.sums != nil {
		s.sums.set(name, sum)
	}
	return nil
}

// WriteStream writes one file of the output with the bytes write gives,
// as they come, unless the output already holds these bytes under this
// name. The bytes go to a file of the staging folder first, since whether
// they changed is known only at their end.
func (u *Update) WriteStream(name string, write func(io.Writer) error) error {
	if _, err := u.stage.path(name); err != nil {
		return err
	}
	tmp := filepath.Join(u.stage.held, fmt.Sprintf(".gongkai-stream-%d", u.streams.Add(1)))
	t, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone already once moved into place
	f, err := writeHashed(t, write)
	if err != nil {
		return err
	}
	if o, ok := u.old[name]; ok && o.Size == f.Size && o.Sum == f.Sum {
		u.next.set(name, o)
		return nil
	}
	return u.write(name, f, func(p string) error { return os.Rename(tmp, p) })
}

// WriteStream gives write a writer that keeps nothing.
func (Discard) WriteStream(_ string, write func(io.Writer) error) error { return write(io.Discard) }

// writeHashed writes the bytes write gives to f, closes it, and returns
// their size and SHA-256.
func writeHashed(f *os.File, write func(io.Writer) error) (FileSum, error) {
	h := sha256.New()
	b := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	err := write(b)
	if err == nil {
		err = b.Flush()
	}
	var sum FileSum
	if err == nil {
		sum.Size, err = f.Seek(0, io.SeekCurrent)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileSum{}, err
	}
	h.Sum(sum.Sum[:0])
	return sum, nil
}
