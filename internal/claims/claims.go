// Package claims owns the table of the files of the output and what makes
// each one: a record's page, alias or attachment, a static file of the
// site, or gongkai itself (the home page, lists, feeds, sitemaps, exports,
// the search index, _headers …). Each file is claimed once, and no file
// is claimed where another claim needs a folder of that name; a second
// claim is a url-collision that names both claimants.
//
// Records' claims are made when the catalogue is built; gongkai's own are
// made by whatever writes them, as it writes or keeps them, so no output
// can be left out of the table. It reads and writes no files.
package claims

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/internal/diag"
)

// Claimant is what claims a file. The zero Claimant is gongkai itself.
type Claimant struct {
	At  diag.Pos // where the claim is written: a record's slug or index number, an alias, an attachment, a static file
	URL string   // the URL or name claimed there, as the editor wrote it
}

func (c Claimant) builtin() bool { return c.At.Path == "" }

// Table is the claimed files of one output. It is safe for concurrent use.
type Table struct {
	mu      sync.Mutex
	files   map[string]Claimant // by slash-separated name, relative to the output
	dirs    map[string]string   // each folder of a claimed file → that file
	folders map[string]Claimant // folders claimed whole, for gongkai's files only
}

// New returns an empty table.
func New() *Table {
	return &Table{files: map[string]Claimant{}, dirs: map[string]string{}, folders: map[string]Claimant{}}
}

// Clone returns a copy of t, which later claims on either do not change.
func (t *Table) Clone() *Table {
	if t == nil {
		return New()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return &Table{files: maps.Clone(t.files), dirs: maps.Clone(t.dirs), folders: maps.Clone(t.folders)}
}

// Claim claims the file name for c. When the name is claimed already, or
// is a folder of a claimed file, or one of its folders is a claimed file,
// it records nothing and returns the claimant of that other file and its
// name, with ok false.
func (t *Table) Claim(name string, c Claimant) (other Claimant, otherName string, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if o, taken := t.files[name]; taken {
		return o, name, false
	}
	if f, taken := t.dirs[name]; taken {
		return t.files[f], f, false
	}
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if o, taken := t.files[dir]; taken {
			return o, dir, false
		}
		if o, taken := t.folders[dir]; taken && o != c {
			return o, dir + "/", false
		}
	}
	t.files[name] = c
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if _, seen := t.dirs[dir]; seen {
			break
		}
		t.dirs[dir] = name
	}
	return Claimant{}, "", true
}

// Take claims name for c and reports a collision to rep as a
// url-collision at whichever of the two claimants an editor wrote,
// naming the other by its path:line:col or as gongkai's own file. It
// returns false, and the file must not be written, when the claim
// collides; the error is for two of gongkai's own outputs colliding.
func (t *Table) Take(name string, c Claimant, rep *diag.Reporter) (bool, error) {
	other, otherName, ok := t.Claim(name, c)
	if ok {
		return true, nil
	}
	return false, collide(rep, name, c, otherName, other)
}

// collide reports that c's claim of name collides with other's of
// otherName.
func collide(rep *diag.Reporter, name string, c Claimant, otherName string, other Claimant) error {
	switch {
	case !c.builtin():
		rep.Report(c.At, diag.RuleURLCollision, c.url(name), other.describe(otherName))
	case !other.builtin():
		rep.Report(other.At, diag.RuleURLCollision, other.url(otherName), c.describe(name))
	default:
		return fmt.Errorf("gongkai makes %s where it also makes %s", name, otherName)
	}
	return nil
}

// url is what the claimant claimed, for messages.
func (c Claimant) url(name string) string {
	if c.URL != "" {
		return c.URL
	}
	return "/" + name
}

// describe names the claimant of the file name in a message.
func (c Claimant) describe(name string) any {
	if c.builtin() {
		return diag.Text{Zh: "gongkai 生成的 /" + name, En: "gongkai's own /" + name}
	}
	return c.At.String()
}

// TakeFolder claims the folder dir whole for c, so that later files in it
// may be claimed only by c, and reports every file in it claimed by
// another, as Take does.
func (t *Table) TakeFolder(dir string, c Claimant, rep *diag.Reporter) error {
	dir = strings.TrimSuffix(dir, "/")
	t.mu.Lock()
	inside := map[string]Claimant{}
	for name, o := range t.files {
		if (name == dir || strings.HasPrefix(name, dir+"/")) && o != c {
			inside[name] = o
		}
	}
	if _, isFile := t.files[dir]; !isFile {
		t.folders[dir] = c
	}
	t.mu.Unlock()
	for _, name := range slices.Sorted(maps.Keys(inside)) {
		if err := collide(rep, dir+"/", c, name, inside[name]); err != nil {
			return err
		}
	}
	return nil
}

// Has reports whether the file name is claimed, itself or by its folder.
func (t *Table) Has(name string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.files[name]; ok {
		return true
	}
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if _, ok := t.folders[dir]; ok {
			return true
		}
	}
	return false
}

// Sum fingerprints the claimed files and their claimants.
func (t *Table) Sum() [sha256.Size]byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := sha256.New()
	for _, m := range []map[string]Claimant{t.files, t.folders} {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			c := m[name]
			h.Write([]byte(name + "\x00" + c.At.String() + "\x00" + c.URL + "\x00"))
		}
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
