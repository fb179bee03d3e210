package output

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"maps"
	"slices"
)

// A Manifest and Folders are kept between builds (in the cache's core,
// read by every build, a no-op one too) in a compact form: the names in
// order, each as the length of the part it shares with the one before and
// the rest, then the fields as variable-length integers. Gob's own
// encoding of a map costs several times as much to read.

// MarshalBinary encodes m; the same manifest gives the same bytes.
func (m Manifest) MarshalBinary() ([]byte, error) {
	return marshalMap(m, 64, func(b []byte, f FileSum) []byte {
		b = append(b, f.Sum[:]...)
		b = binary.AppendVarint(b, f.Size)
		b = binary.AppendVarint(b, f.ModTime)
		b = binary.AppendVarint(b, f.SrcSize)
		return binary.AppendVarint(b, f.SrcModTime)
	}), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (m *Manifest) UnmarshalBinary(data []byte) error {
	return unmarshalMap((*map[string]FileSum)(m), data, func(d *decoder) (f FileSum) {
		copy(f.Sum[:], d.bytes(sha256.Size))
		f.Size, f.ModTime, f.SrcSize, f.SrcModTime = d.int(), d.int(), d.int(), d.int()
		return f
	})
}

// MarshalBinary encodes fs; the same folders give the same bytes.
func (fs Folders) MarshalBinary() ([]byte, error) {
	return marshalMap(fs, 32, func(b []byte, f Folder) []byte {
		b = binary.AppendVarint(b, f.Change)
		b = binary.AppendVarint(b, f.Inode)
		return binary.AppendVarint(b, f.Device)
	}), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (fs *Folders) UnmarshalBinary(data []byte) error {
	return unmarshalMap((*map[string]Folder)(fs), data, func(d *decoder) Folder {
		return Folder{Change: d.int(), Inode: d.int(), Device: d.int()}
	})
}

// marshalMap encodes m: its size, then each name in order with its value,
// which appendValue encodes in about size bytes.
func marshalMap[V any](m map[string]V, size int, appendValue func([]byte, V) []byte) []byte {
	names := slices.Sorted(maps.Keys(m))
	b := binary.AppendUvarint(make([]byte, 0, size*len(m)), uint64(len(names)))
	prev := ""
	for _, name := range names {
		b = appendName(b, prev, name)
		prev = name
		b = appendValue(b, m[name])
	}
	return b
}

// unmarshalMap decodes into *m what marshalMap encoded, leaving *m as it
// was when data is malformed.
func unmarshalMap[V any](m *map[string]V, data []byte, value func(*decoder) V) error {
	d := decoder{b: data}
	n := d.count()
	out := make(map[string]V, n)
	prev := ""
	for range n {
		name := d.name(prev)
		prev = name
		out[name] = value(&d)
	}
	if err := d.done(); err != nil {
		return err
	}
	*m = out
	return nil
}

// appendName appends name as the length of its prefix shared with prev
// and the rest.
func appendName(b []byte, prev, name string) []byte {
	shared := 0
	for shared < len(prev) && shared < len(name) && prev[shared] == name[shared] {
		shared++
	}
	b = binary.AppendUvarint(b, uint64(shared))
	b = binary.AppendUvarint(b, uint64(len(name)-shared))
	return append(b, name[shared:]...)
}

var errEncoding = errors.New("output: malformed encoding")

// decoder reads what the MarshalBinary methods wrote; after its first
// error it reads zeros, and done reports the error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	d.err, d.b = errEncoding, nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// int reads what binary.AppendVarint wrote: a zig-zag encoded uvarint.
func (d *decoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) bytes(n uint64) []byte {
	if uint64(len(d.b)) < n {
		d.fail()
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

// count is a number of entries, each at least one byte long.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) name(prev string) string {
	shared := d.uint()
	if shared > uint64(len(prev)) {
		d.fail()
		return ""
	}
	rest := d.bytes(d.uint())
	return prev[:shared] + string(rest)
}

func (d *decoder) done() error {
	if d.err == nil && len(d.b) > 0 {
		d.fail()
	}
	return d.err
}
