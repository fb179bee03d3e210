// Package memo owns what an incremental build remembers from one run to the
// next: for each unit of work (a page, the search index), a fingerprint of
// everything the unit read, the files it wrote and the diagnostics it
// reported. A unit whose fingerprint is unchanged need not run again: its
// files are already in the output and its diagnostics are replayed.
//
// It decides nothing about what a unit's inputs are (the stages that own the
// units say so) and it never touches the output folder.
package memo

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io"
	"maps"
	"sync"

	"github.com/gongkai/gongkai/internal/diag"
)

// Sum is a fingerprint: a SHA-256 digest.
type Sum [sha256.Size]byte

// Note is a diagnostic as a unit reported it, to report again when the unit
// is skipped (so messages follow the current language and strictness).
type Note struct {
	Pos  diag.Pos
	Rule diag.Rule
	Args []string
}

// Unit is what one run of a unit did.
type Unit struct {
	Sum   Sum
	Files []string // slash-separated output names
	Deps  []string // names the unit looked up, whose meaning is part of Sum
	Notes []Note
}

// Memo is the record of the units of one build, read by the next. Prev and
// Done are safe for concurrent use during a build; Commit, Discard and
// Forget end or reset one and must not overlap them.
type Memo struct {
	prev map[string]Unit // the last committed build: read-only during a build
	mu   sync.Mutex
	next map[string]Unit // the build under way
}

// New returns an empty memo: every unit runs.
func New() *Memo { return &Memo{prev: map[string]Unit{}, next: map[string]Unit{}} }

// Units returns the units of the last committed build, for saving.
func (m *Memo) Units() map[string]Unit {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.prev)
}

// FromUnits returns a memo whose last committed build did units.
func FromUnits(units map[string]Unit) *Memo {
	if units == nil {
		units = map[string]Unit{}
	}
	return &Memo{prev: units, next: map[string]Unit{}}
}

// Prev is what the unit key did in the last committed build.
func (m *Memo) Prev(key string) (Unit, bool) {
	u, ok := m.prev[key]
	return u, ok
}

// Done records what the unit key did in the build under way.
func (m *Memo) Done(key string, u Unit) {
	m.mu.Lock()
	m.next[key] = u
	m.mu.Unlock()
}

// CarryAll starts the build under way with every unit of the last committed
// one, as when only a few units will run again, and returns the notes of
// the carried units but those in except (which will run), to report again.
func (m *Memo) CarryAll(except map[string]bool) []Note {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next = maps.Clone(m.prev)
	var notes []Note
	for key, u := range m.prev {
		if !except[key] {
			notes = append(notes, u.Notes...)
		}
	}
	return notes
}

// Dependents lists the units of the last committed build that looked up
// any of names (Unit.Deps).
func (m *Memo) Dependents(names map[string]bool) []string {
	var keys []string
	for key, u := range m.prev {
		for _, d := range u.Deps {
			if names[d] {
				keys = append(keys, key)
				break
			}
		}
	}
	return keys
}

// Commit makes the build under way the one the next build compares with.
// Call it only once the build's output is in place.
func (m *Memo) Commit() {
	m.mu.Lock()
	m.prev, m.next = m.next, make(map[string]Unit, len(m.next))
	m.mu.Unlock()
}

// Discard forgets the build under way (it failed); the last committed one
// stays the basis of comparison.
func (m *Memo) Discard() {
	m.mu.Lock()
	m.next = map[string]Unit{}
	m.mu.Unlock()
}

// Forget drops every committed unit, so the next build runs them all.
func (m *Memo) Forget() {
	m.mu.Lock()
	m.prev = map[string]Unit{}
	m.mu.Unlock()
}

// Hasher builds a fingerprint from a sequence of values. Each value is
// written with its length or a fixed size, so distinct sequences of strings
// never run together into the same bytes. Small values are gathered and
// hashed in blocks: fingerprints of pages add many short strings.
type Hasher struct {
	h   hash.Hash
	buf []byte
}

// NewHasher starts a fingerprint.
func NewHasher() *Hasher { return &Hasher{h: sha256.New(), buf: make([]byte, 0, 512)} }

func (h *Hasher) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

// String adds s.
func (h *Hasher) String(s string) {
	h.Int(int64(len(s)))
	if len(s) > 1024 {
		h.flush()
		io.WriteString(h.h, s)
		return
	}
	h.buf = append(h.buf, s...)
	if len(h.buf) > 2048 {
		h.flush()
	}
}

// Bytes adds b.
func (h *Hasher) Bytes(b []byte) {
	h.Int(int64(len(b)))
	if len(b) > 1024 {
		h.flush()
		h.h.Write(b)
		return
	}
	h.buf = append(h.buf, b...)
	if len(h.buf) > 2048 {
		h.flush()
	}
}

// Int adds n.
func (h *Hasher) Int(n int64) { h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(n)) }

// Bool adds b.
func (h *Hasher) Bool(b bool) {
	if b {
		h.Int(1)
	} else {
		h.Int(0)
	}
}

// Sum adds another fingerprint.
func (h *Hasher) Sum(s Sum) { h.buf = append(h.buf, s[:]...) }

// Reset empties the hasher for a new fingerprint.
func (h *Hasher) Reset() {
	h.h.Reset()
	h.buf = h.buf[:0]
}

// Done returns the fingerprint of everything added.
func (h *Hasher) Done() Sum {
	h.flush()
	var s Sum
	h.h.Sum(s[:0])
	return s
}
