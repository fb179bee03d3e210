package record

import "sync"

// OpeningLength is the length of Record.Opening, in characters.
const OpeningLength = 120

// apart is a body kept apart from its record, read when first asked for.
type apart struct {
	once sync.Once
	read func() ([]byte, error)
	body []byte
	err  error
}

// Body is the record's Markdown body. For a record from Apart it is read
// when first asked for; BodyErr then says whether that failed. Layouts
// read it as .Body.
func (r *Record) Body() []byte {
	if r.apart == nil {
		return r.Markdown
	}
	r.apart.once.Do(func() { r.apart.body, r.apart.err = r.apart.read() })
	return r.apart.body
}

// BodyErr is why Body of a record from Apart gave nothing: its file could
// not be read again as it was. It is nil before Body is first called.
func (r *Record) BodyErr() error {
	if r.apart == nil {
		return nil
	}
	return r.apart.err
}

// Apart returns a copy of r without its body, which read gives when Body
// first asks for it. It is for a record kept from an earlier build, whose
// body most builds do not need.
func (r *Record) Apart(read func() ([]byte, error)) *Record {
	c := *r
	c.Markdown = nil
	c.apart = &apart{read: read}
	return &c
}
