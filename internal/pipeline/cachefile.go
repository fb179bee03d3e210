package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"io"
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

// The cache file of a session is a header, its payload, and the SHA-256
// of the payload: the saved session, then the records it decoded in
// batches, all gob-encoded. It is written as it is encoded, never whole in
// memory; a build decodes the records only if it decodes any record file.

// header says which gongkai wrote the cache file.
type header struct {
	Format int      // of the file: savedFormat
	Binary memo.Sum // of the gongkai executable that wrote it
}

// envelope is what the payload is checked against before it is decoded:
// the header, and the checksum that follows the payload.
type envelope struct {
	header
	Sum memo.Sum // of the payload
}

const savedFormat = 5 // 2: checked envelope; 3: diagnostics keep their arguments, not a worded message; 4: decoded records, payload after the envelope; 5: records in batches, checksum after the payload

// recordBatch is how many records the cache file encodes at a time.
const recordBatch = 1024

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

// writeEnvelope writes to w the cache file of the payload that payload
// writes.
func writeEnvelope(w io.Writer, hd header, payload func(io.Writer) error) error {
	if err := gob.NewEncoder(w).Encode(&hd); err != nil {
		return err
	}
	h := sha256.New()
	if err := payload(io.MultiWriter(w, h)); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// readEnvelope splits a cache file into its envelope and payload.
func readEnvelope(data []byte) (envelope, []byte, error) {
	var env envelope
	r := bytes.NewReader(data) // an io.ByteReader: gob reads no further than the header
	if err := gob.NewDecoder(r).Decode(&env.header); err != nil {
		return env, nil, err
	}
	rest := data[len(data)-r.Len():]
	if len(rest) < len(env.Sum) {
		return env, nil, io.ErrUnexpectedEOF
	}
	n := len(rest) - len(env.Sum)
	copy(env.Sum[:], rest[n:])
	return env, rest[:n], nil
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
	s.verify, s.apart = true, true
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
	for {
		var recs []savedRecord
		if dec.Decode(&recs) != nil || len(recs) == 0 {
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
}

// save writes the session into the cache folder.
func (s *Session) save(cache, out string) error {
	rels := s.savedRels()
	sources := make([]savedSource, len(rels))
	for i, rel := range rels {
		d := s.decoded[rel]
		sources[i] = savedSource{Rel: rel, Path: d.file.Path, Stat: d.file.Stat, Sum: d.file.Sum}
	}
	sv := saved{Inputs: s.inputs, Diags: s.diags, Records: s.records, Files: s.files, Units: s.memo.Units(), Manifest: s.manifest, Previous: s.previous, Sources: sources}
	p := cachePath(cache, out)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return output.WriteAtomicFunc(p, func(w io.Writer) error {
		return writeEnvelope(w, header{Format: savedFormat, Binary: s.binary}, func(w io.Writer) error {
			enc := gob.NewEncoder(w)
			if err := enc.Encode(&sv); err != nil {
				return err
			}
			batch := make([]savedRecord, 0, recordBatch)
			for i, rel := range rels {
				batch = append(batch, s.savedRecord(rel))
				if len(batch) == recordBatch || i == len(rels)-1 {
					if err := enc.Encode(batch); err != nil {
						return err
					}
					batch = batch[:0]
				}
			}
			return enc.Encode([]savedRecord{}) // the end of the records
		})
	})
}

// savedRels are the paths of the session's record files and decoded
// records worth keeping on disk, sorted: those read long enough after
// their last change for their metadata to be trusted (load.Stat), and not
// annual reports, whose tables are YAML nodes kept as written.
func (s *Session) savedRels() []string {
	rels := make([]string, 0, len(s.decoded))
	for rel, d := range s.decoded {
		if d.rec != nil && d.file != nil && d.file.Stat.Settled && d.rec.Tables == nil && d.rec.Sections == nil {
			rels = append(rels, rel)
		}
	}
	slices.Sort(rels)
	return rels
}

// savedRecord is the decoded record of rel as the cache file keeps it.
func (s *Session) savedRecord(rel string) savedRecord {
	d := s.decoded[rel]
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
	return savedRecord{Rel: rel, Key: d.key, Rec: &rec, Pos: pos, Diags: d.diags}
}
