package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/record"
)

// The cache file of a session is an envelope, then its payload: the saved
// session, then the records it decoded. Both are gob-encoded; a build
// decodes the records only if it decodes any record file.

// envelope is what the payload is checked against before it is decoded.
type envelope struct {
	Format int      // of the file: savedFormat
	Binary memo.Sum // of the gongkai executable that wrote it
	Sum    memo.Sum // of the payload
}

const savedFormat = 4 // 2: checked envelope; 3: diagnostics keep their arguments, not a worded message; 4: decoded records, payload after the envelope

// saved is the session on disk, but for its records.
type saved struct {
	Inputs   memo.Sum
	Diags    []diag.Diagnostic
	Records  int
	Files    int
	Units    map[string]memo.Unit
	Manifest output.Manifest
	Previous output.Manifest
	Sources  []savedSource
}

// savedSource is a record file as the session last read it: a build that
// finds its metadata the same (load.Stat.Same) does not read it again.
type savedSource struct {
	Rel, Path string
	Stat      load.Stat
	Sum       [32]byte
}

// savedRecord is a record as the session last decoded it, without its
// body: most builds render few records' pages, and read only their bodies
// (record.Apart).
type savedRecord struct {
	Rel   string
	Key   memo.Sum
	Rec   *record.Record // without Pos, kept as Pos below
	Pos   []savedPos     // sorted by key: faster to encode and decode than a map
	Diags []diag.Diagnostic
}

// savedPos is the position of a record's field; Path is empty for the
// record's own file.
type savedPos struct {
	Key       string
	Path      string
	Line, Col int
}

// appendEnvelope is the cache file of payload.
func appendEnvelope(env envelope, payload []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(payload) + 128)
	if err := gob.NewEncoder(&buf).Encode(&env); err != nil {
		return nil, err
	}
	buf.Write(payload)
	return buf.Bytes(), nil
}

// readEnvelope splits a cache file into its envelope and payload.
func readEnvelope(data []byte) (envelope, []byte, error) {
	var env envelope
	r := bytes.NewReader(data) // an io.ByteReader: gob reads no further than the envelope
	if err := gob.NewDecoder(r).Decode(&env); err != nil {
		return env, nil, err
	}
	return env, data[len(data)-r.Len():], nil
}

// CacheState is what became of the on-disk cache a build was given.
type CacheState int

const (
	CacheNone         CacheState = iota // none given, or none there yet
	CacheUsed                           // read and used
	CacheDamaged                        // unreadable or failing its checksum: ignored
	CacheOtherVersion                   // written by another version of gongkai: ignored
)

// cachePath is the file that holds the session of builds into out.
func cachePath(cache, out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "build", hex.EncodeToString(sum[:8])+".gob")
}

// previousPath is the folder that keeps the output a build into out
// swapped out, for the next build to update into its own (output.Previous).
func previousPath(cache, out string) string {
	return strings.TrimSuffix(cachePath(cache, out), ".gob") + ".previous"
}

// loadSession reads the session of builds into out from the cache folder.
// A missing one, or one that is damaged or from another version of
// gongkai, gives a new session (and a clean build); state says which.
func loadSession(cache, out string) (*Session, CacheState) {
	s := NewSession()
	s.verify = true
	data, err := os.ReadFile(cachePath(cache, out))
	if errors.Is(err, fs.ErrNotExist) {
		return s, CacheNone
	}
	if err != nil {
		return s, CacheDamaged
	}
	env, payload, err := readEnvelope(data)
	if err != nil {
		return s, CacheDamaged
	}
	if env.Format != savedFormat || env.Binary != s.binary {
		return s, CacheOtherVersion
	}
	if memo.Sum(sha256.Sum256(payload)) != env.Sum {
		return s, CacheDamaged
	}
	dec := gob.NewDecoder(bytes.NewReader(payload))
	var sv saved
	if dec.Decode(&sv) != nil {
		return s, CacheDamaged
	}
	s.manifest, s.previous = sv.Manifest, sv.Previous
	for _, f := range sv.Sources {
		s.decoded[f.Rel] = decoded{file: &load.File{Rel: f.Rel, Path: f.Path, Sum: f.Sum, Stat: f.Stat}}
	}
	s.keptRecords = dec
	s.memo = memo.FromUnits(sv.Units)
	s.inputs, s.diags, s.records, s.files = sv.Inputs, sv.Diags, sv.Records, sv.Files
	return s, CacheUsed
}

// readRecords decodes the records of the session's cache file, once. A
// record it cannot decode is decoded from its file again.
func (s *Session) readRecords() {
	dec := s.keptRecords
	if dec == nil {
		return
	}
	s.keptRecords = nil
	var recs []savedRecord
	if dec.Decode(&recs) != nil {
		return
	}
	for _, r := range recs {
		d, ok := s.decoded[r.Rel]
		if !ok {
			continue
		}
		r.Rec.Pos = make(map[string]diag.Pos, len(r.Pos))
		for _, p := range r.Pos {
			if p.Path == "" {
				p.Path = r.Rec.Path
			}
			r.Rec.Pos[p.Key] = diag.Pos{Path: p.Path, Line: p.Line, Col: p.Col}
		}
		d.key, d.rec, d.diags, d.apart = r.Key, r.Rec, r.Diags, true
		s.decoded[r.Rel] = d
	}
}

// save writes the session into the cache folder.
func (s *Session) save(cache, out string) error {
	sources, recs := s.savedRecords()
	sv := saved{Inputs: s.inputs, Diags: s.diags, Records: s.records, Files: s.files, Units: s.memo.Units(), Manifest: s.manifest, Previous: s.previous, Sources: sources}
	var payload bytes.Buffer
	enc := gob.NewEncoder(&payload)
	if err := enc.Encode(&sv); err != nil {
		return err
	}
	if err := enc.Encode(recs); err != nil {
		return err
	}
	data, err := appendEnvelope(envelope{Format: savedFormat, Binary: s.binary, Sum: sha256.Sum256(payload.Bytes())}, payload.Bytes())
	if err != nil {
		return err
	}
	p := cachePath(cache, out)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return output.WriteAtomic(p, data)
}

// savedRecords are the session's record files and decoded records worth
// keeping on disk: those read long enough after their last change for
// their metadata to be trusted (load.Stat), and not annual reports, whose
// tables are YAML nodes kept as written.
func (s *Session) savedRecords() ([]savedSource, []savedRecord) {
	rels := make([]string, 0, len(s.decoded))
	for rel, d := range s.decoded {
		if d.rec != nil && d.file != nil && d.file.Stat.Settled && d.rec.Tables == nil && d.rec.Sections == nil {
			rels = append(rels, rel)
		}
	}
	slices.Sort(rels)
	sources := make([]savedSource, len(rels))
	recs := make([]savedRecord, len(rels))
	for i, rel := range rels {
		d := s.decoded[rel]
		sources[i] = savedSource{Rel: rel, Path: d.file.Path, Stat: d.file.Stat, Sum: d.file.Sum}
		rec := *d.rec
		rec.Markdown = nil // read again when asked for (record.Apart)
		rec.Pos = nil
		// Positions in the record's own file are kept without its path.
		pos := make([]savedPos, 0, len(d.rec.Pos))
		for k, p := range d.rec.Pos {
			if p.Path == rec.Path {
				p.Path = ""
			}
			pos = append(pos, savedPos{Key: k, Path: p.Path, Line: p.Line, Col: p.Col})
		}
		slices.SortFunc(pos, func(a, b savedPos) int { return strings.Compare(a.Key, b.Key) })
		recs[i] = savedRecord{Rel: rel, Key: d.key, Rec: &rec, Pos: pos, Diags: d.diags}
	}
	return sources, recs
}
