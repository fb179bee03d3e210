// Package record owns one record: decoding a Markdown or YAML record file
// into typed fields with their positions, normalising the values editors may
// write in Chinese or English, and every rule that needs only that record
// (and the files beside it).
//
// Rules across records (uniqueness, references, cycles) belong to catalogue.
package record

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
)

// Validity is a record's legal force, normalised to its English form.
type Validity string

const (
	InForce  Validity = "in_force"
	Expired  Validity = "expired"
	Repealed Validity = "repealed"
	Amended  Validity = "amended"
)

// Validities lists them in display order.
var Validities = []Validity{InForce, Amended, Expired, Repealed}

// Ref is a reference to another record by index number, where it was written.
type Ref struct {
	IndexNo string
	Pos     diag.Pos
}

// Attachment is a file published with a record.
type Attachment struct {
	File  string // as written, relative to the record's folder
	Title string
	Rel   string // relative to content/
	Abs   string // on disk
	Size  int64
}

// Record is one decoded record. Dates are UTC midnight; zero when absent.
type Record struct {
	Rel    string // the file, relative to content/
	Path   string // the file as shown in diagnostics
	Dir    string // the record's folder, relative to content/
	Bundle bool   // an index.md/index.yaml with its files beside it

	Kind        config.Kind
	IndexNo     string
	Title       string
	DocNo       string
	Issuers     []string
	Publisher   string
	Written     time.Time
	Published   time.Time
	Effective   time.Time
	Expires     time.Time
	Validity    Validity
	Topic       string
	Genre       string
	Categories  []string // catalogue: paths in the site's category tree (目录分类)
	Keywords    []string
	Summary     string
	Disclosure  string // proactive or on_request
	Scope       string // public or specific
	Interprets  []Ref
	Repeals     []Ref
	Amends      []Ref
	Attachments []Attachment
	Slug        string
	Aliases     []string
	Draft       bool
	Year        int    // annual_report: the year reported on
	Format      string // annual_report: narrative, 2019 or 2021

	// Tables and Sections are the annual_report keys tables: and sections:
	// as written, for package annualreport to decode; YAMLOffset is the
	// number of file lines before the YAML (1 in Markdown front matter), so
	// a node's file line is its Line + YAMLOffset.
	Tables     *yaml.Node
	Sections   *yaml.Node
	YAMLOffset int

	Markdown []byte // the body as decoded; read it with Body, which also reads one kept apart
	BodyLine int    // the line of the file on which the body starts
	// Opening is the start of the body as lists show it for a record
	// without a summary: OpeningLength characters of its text.
	Opening string
	apart   *apart // the body, when it is read only if asked for (Apart)

	// Source is the SHA-256 of the file's bytes: with the site's
	// configuration it determines everything above, so incremental builds
	// compare it to tell an edited record from an unchanged one.
	Source [32]byte
	// Front is the SHA-256 of the fields alone: the front matter of a
	// Markdown record, the whole of a YAML one. Pages that show a record
	// without its body (lists, exports) depend on Front, not Source.
	Front [32]byte

	// Pos holds the position of each field's value, by English key.
	Pos Positions
}

// At is the position of key's value, or of the file when key is absent.
func (r *Record) At(key string) diag.Pos {
	if p, ok := r.Where(key); ok {
		return p
	}
	return diag.Pos{Path: r.Path, Line: 1, Col: 1}
}

// Issuer is the leading issuer, or "".
func (r *Record) Issuer() string {
	if len(r.Issuers) == 0 {
		return ""
	}
	return r.Issuers[0]
}

// lacks reports whether r has no value for field, a field a kind may
// require (config.KindSpec.Required): an empty index number, document
// number, summary or list of interpreted policies is lacking, any other
// field only when it is not written.
func (r *Record) lacks(field string) bool {
	switch field {
	case "index_no":
		return r.IndexNo == ""
	case "doc_no":
		return r.DocNo == ""
	case "summary":
		return strings.TrimSpace(r.Summary) == ""
	case "interprets":
		return len(r.Interprets) == 0
	}
	return !r.Pos.Has(field)
}
