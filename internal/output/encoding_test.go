package output

import (
	"bytes"
	"encoding/gob"
	"maps"
	"testing"
)

func sampleManifest() Manifest {
	return Manifest{
		"index.html":                 {Sum: [32]byte{1, 2, 3}, Size: 120, ModTime: 1700000000123456789},
		"records/2024/a/index.html":  {Sum: [32]byte{4}, Size: 5, ModTime: -3},
		"records/2024/ab/index.html": {Size: -1},
		"files/a.pdf":                {Sum: [32]byte{9}, Size: 1 << 40, ModTime: 7, SrcSize: 8, SrcModTime: 1 << 62},
		"":                           {},
	}
}

func TestManifestEncodingRoundTrip(t *testing.T) {
	for _, m := range []Manifest{{}, sampleManifest()} {
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Manifest
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, m) {
			t.Errorf("got %v, want %v", got, m)
		}
		again, _ := got.MarshalBinary()
		if !bytes.Equal(again, b) {
			t.Error("the same manifest encoded to other bytes")
		}
	}
}

func TestFoldersEncodingRoundTrip(t *testing.T) {
	fs := Folders{".": {Change: 1, Inode: 2, Device: 3}, "records": {Change: -1, Inode: 1 << 60}, "records/2024": {}}
	// Through gob, as the cache keeps them, with a nil one beside, which
	// stays nil: a session without a manifest has none.
	type kept struct {
		Folders Folders
		None    Folders
		M       Manifest
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(kept{Folders: fs, M: sampleManifest()}); err != nil {
		t.Fatal(err)
	}
	var got kept
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got.Folders, fs) || !maps.Equal(got.M, sampleManifest()) || got.None != nil {
		t.Errorf("got %+v", got)
	}
}

// Every cut or changed byte of an encoding is refused or decoded to
// something, never a panic.
func TestManifestEncodingDamaged(t *testing.T) {
	b, _ := sampleManifest().MarshalBinary()
	for i := range len(b) {
		var m Manifest
		if m.UnmarshalBinary(b[:i]) == nil {
			t.Errorf("%d of %d bytes decoded without error", i, len(b))
		}
		c := bytes.Clone(b)
		c[i] ^= 0xff
		_ = m.UnmarshalBinary(c)
		var fs Folders
		_ = fs.UnmarshalBinary(c)
	}
}

func FuzzManifestEncoding(f *testing.F) {
	b, _ := sampleManifest().MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m Manifest
		if m.UnmarshalBinary(data) != nil {
			return
		}
		again, _ := m.MarshalBinary()
		var m2 Manifest
		if err := m2.UnmarshalBinary(again); err != nil || !maps.Equal(m, m2) {
			t.Fatalf("a decoded manifest does not survive a round trip: %v", err)
		}
	})
}
