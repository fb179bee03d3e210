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

// Text is the record's Markdown body. For a record from Apart it is read
// when first asked for; TextErr then says whether that failed.
func (r *Record) Text() []byte {
	if r.apart == nil {
		return r.Body
	}
	r.apart.once.Do(func() { r.apart.body, r.apart.err = r.apart.read() })
	return r.apart.body
}

// TextErr is why Text of a record from Apart gave nothing: its file could
// not be read again as it was. It is nil before Text is first called.
func (r *Record) TextErr() error {
	if r.apart == nil {
		return nil
	}
	return r.apart.err
}

// Apart returns a copy of r without its body, which read gives when Text
// first asks for it. It is for a record kept from an earlier build, whose
// body most builds do not need.
func (r *Record) Apart(read func() ([]byte, error)) *Record {
	c := *r
	c.Body = nil
	c.apart = &apart{read: read}
	return &c
}
