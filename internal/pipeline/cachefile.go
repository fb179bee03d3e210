package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
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

// The cache file of a session is a header, two payloads and a trailer.
// The first payload, the session's core, is what a build with nothing to
// do reads: the record files' metadata, the output's manifest and the
// fingerprint of the last build's inputs. The second, its rest, is read
// only by a build that does something: the memo of the pages, then the
// records it decoded, in batches. Both are gob-encoded and written as they
// are encoded, never whole in memory; the trailer gives the core's length
// and each payload's SHA-256, so that each is checked before it is used.

// header says which gongkai wrote the cache file.
type header struct {
	Format int      // of the file: savedFormat
	Binary memo.Sum // of the gongkai executable that wrote it
}

// envelope is what the payloads are checked against before they are
// decoded: the header, and the trailer that follows the payloads.
type envelope struct {
	header
	CoreLen          int64
	CoreSum, RestSum memo.Sum
}

// trailerSize is the length of the trailer: the core's length, then the
// SHA-256 of the core and of the rest.
const trailerSize = 8 + 2*len(memo.Sum{})

// headerMax bounds the length of the gob-encoded header.
const headerMax = 1024

const savedFormat = 10 // 2: checked envelope; 3: diagnostics keep their arguments, not a worded message; 4: decoded records, payload after the envelope; 5: records in batches, checksum after the payload; 6: core and rest, each checked, the rest read only when needed; 7: the output's folders; 8: manifests and folders in their own encoding; 9: records' positions without their path; 10: the kept output's folders

// recordBatch is how many records the cache file encodes at a time.
const recordBatch = 1024

// saved is the session's core on disk.
type saved struct {
	Inputs   memo.Sum
	Diags    []diag.Diagnostic
	Records  int
	Files    int
	Manifest output.Manifest
	Previous output.Manifest
	Folders  output.Folders
	// PrevFolders are those of the output kept in previousPath.
	PrevFolders output.Folders
	Sources     []savedSource
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
	Rec   *record.Record
	Diags []diag.Diagnostic
}

// writeCache writes to w the cache file of the payloads that core and
// rest write.
func writeCache(w io.Writer, hd header, core, rest func(io.Writer) error) error {
	if err := gob.NewEncoder(w).Encode(&hd); err != nil {
		return err
	}
	env := envelope{header: hd}
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(w, h)}
	if err := core(cw); err != nil {
		return err
	}
	env.CoreLen, env.CoreSum = cw.n, memo.Sum(h.Sum(nil))
	h.Reset()
	if err := rest(io.MultiWriter(w, h)); err != nil {
		return err
	}
	env.RestSum = memo.Sum(h.Sum(nil))
	_, err := w.Write(env.trailer())
	return err
}

// trailer is the trailer that ends the cache file of env.
func (env envelope) trailer() []byte {
	b := binary.LittleEndian.AppendUint64(make([]byte, 0, trailerSize), uint64(env.CoreLen))
	b = append(b, env.CoreSum[:]...)
	return append(b, env.RestSum[:]...)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// errLayout is a cache file whose lengths do not add up.
var errLayout = errors.New("cache file: lengths do not add up")

// readHeader reads the envelope of the cache file r of size bytes, and
// where in it the core begins. Its payloads are not checked yet.
func readHeader(r io.ReaderAt, size int64) (env envelope, coreAt int64, err error) {
	head := make([]byte, min(size, headerMax))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return env, 0, err
	}
	br := bytes.NewReader(head) // an io.ByteReader: gob reads no further than the header
	if err := gob.NewDecoder(br).Decode(&env.header); err != nil {
		return env, 0, err
	}
	coreAt = int64(len(head) - br.Len())
	if size < coreAt+int64(trailerSize) {
		return env, 0, errLayout
	}
	tr := make([]byte, trailerSize)
	if _, err := r.ReadAt(tr, size-int64(trailerSize)); err != nil {
		return env, 0, err
	}
	env.CoreLen = int64(binary.LittleEndian.Uint64(tr))
	copy(env.CoreSum[:], tr[8:])
	copy(env.RestSum[:], tr[8+len(env.CoreSum):])
	if env.CoreLen < 0 || env.CoreLen > size-coreAt-int64(trailerSize) {
		return env, 0, errLayout
	}
	return env, coreAt, nil
}

// readChecked reads n bytes of r at off that must have the SHA-256 sum.
func readChecked(r io.ReaderAt, off, n int64, sum memo.Sum) ([]byte, error) {
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil && !(err == io.EOF && n == 0) {
		return nil, err
	}
	if memo.Sum(sha256.Sum256(b)) != sum {
		return nil, errors.New("cache file: checksum does not match")
	}
	return b, nil
}

// keptRest is where the rest of a session's cache file is, until a build
// reads it (Session.readRest).
type keptRest struct {
	path    string
	off, n  int64
	sum     memo.Sum
	noUnits bool // the memo was forgotten since: keep it so
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

// newKeptSession returns an empty session to be kept on disk: its process
// builds once, so records are kept without their bodies (apart), and the
// output folder is checked against its manifest before use (verify).
func newKeptSession() *Session {
	s := NewSession()
	s.verify, s.apart = true, true
	return s
}

// loadSession reads the core of the session of builds into out from the
// cache folder; its rest waits for a build that needs it (readRest). A
// missing one, or one that is damaged or from another version of gongkai,
// gives a new session (and a clean build); state says which.
func loadSession(cache, out string) (*Session, CacheState) {
	s := newKeptSession()
	p := cachePath(cache, out)
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return s, CacheNone
	}
	if err != nil {
		return s, CacheDamaged
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return s, CacheDamaged
	}
	env, coreAt, err := readHeader(f, info.Size())
	if err != nil {
		return s, CacheDamaged
	}
	if env.Format != savedFormat || env.Binary != s.binary {
		return s, CacheOtherVersion
	}
	core, err := readChecked(f, coreAt, env.CoreLen, env.CoreSum)
	if err != nil {
		return s, CacheDamaged
	}
	var sv saved
	if gob.NewDecoder(bytes.NewReader(core)).Decode(&sv) != nil {
		return s, CacheDamaged
	}
	s.manifest, s.previous, s.folders, s.prevFolders = sv.Manifest, sv.Previous, sv.Folders, sv.PrevFolders
	for _, f := range sv.Sources {
		s.decoded[f.Rel] = decoded{file: &load.File{Rel: f.Rel, Path: f.Path, Sum: f.Sum, Stat: f.Stat}}
	}
	restAt := coreAt + env.CoreLen
	s.rest = &keptRest{path: p, off: restAt, n: info.Size() - int64(trailerSize) - restAt, sum: env.RestSum}
	s.inputs, s.diags, s.records, s.files = sv.Inputs, sv.Diags, sv.Records, sv.Files
	if s.manifest != nil {
		s.check(out)
	}
	return s, CacheUsed
}

// readRest reads the rest of the session's cache file, once: the memo of
// the pages, and the decoder of its records (readRecords). A rest that is
// gone, changed or damaged since the core was read is ignored, and the
// build renders every page and decodes every record again: it reports
// CacheDamaged.
func (s *Session) readRest() CacheState {
	k := s.rest
	if k == nil {
		return CacheUsed
	}
	s.rest = nil
	f, err := os.Open(k.path)
	if err != nil {
		return CacheDamaged
	}
	defer f.Close()
	rest, err := readChecked(f, k.off, k.n, k.sum)
	var units map[string]memo.Unit
	var dec *gob.Decoder
	if err == nil {
		dec = gob.NewDecoder(bytes.NewReader(rest))
		err = dec.Decode(&units)
	}
	if err != nil {
		// The sources' metadata are sound (the core was checked), but
		// without their records a build decodes them again.
		return CacheDamaged
	}
	if !k.noUnits {
		s.memo = memo.FromUnits(units)
	}
	s.keptRecords = dec
	return CacheUsed
}

// forget drops the memo of the pages, read or still to be read.
func (s *Session) forget() {
	s.memo.Forget()
	if s.rest != nil {
		s.rest.noUnits = true
	}
}

// readRecords decodes the records of the session's cache file, once. A
// record it cannot decode is decoded from its file again.
func (s *Session) readRecords() {
	s.readRest()
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
	sv := saved{Inputs: s.inputs, Diags: s.diags, Records: s.records, Files: s.files, Manifest: s.manifest, Previous: s.previous, Folders: s.folders, PrevFolders: s.prevFolders, Sources: sources}
	p := cachePath(cache, out)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return output.WriteAtomicFunc(p, func(w io.Writer) error {
		core := func(w io.Writer) error { return gob.NewEncoder(w).Encode(&sv) }
		return writeCache(w, header{Format: savedFormat, Binary: s.binary}, core, func(w io.Writer) error {
			enc := gob.NewEncoder(w)
			if err := enc.Encode(s.memo.Units()); err != nil {
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
	return savedRecord{Rel: rel, Key: d.key, Rec: &rec, Diags: d.diags}
}
