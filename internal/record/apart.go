package record

import (
	"sync"

	"github.com/gongkai/gongkai/internal/frontmatter"
	"github.com/gongkai/gongkai/internal/load"
)

// OpeningLength is the length of Record.Opening, in characters.
const OpeningLength = 120

// apart is a body kept apart from its record: read from its file each time
// it is asked for, and never held, since bodies are most of what a
// catalogue's records weigh.
type apart struct {
	read func() ([]byte, error)
	mu   sync.Mutex
	err  error // the first failed read's; every later read gives nothing
}

// Body is the record's Markdown body. For a record from Apart it is read
// each time it is asked for; BodyErr then says whether a read failed.
// Layouts read it as .Body.
func (r *Record) Body() []byte {
	a := r.apart
	if a == nil {
		return r.Markdown
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return nil
	}
	body, err := a.read()
	if err != nil {
		a.err = err
		return nil
	}
	return body
}

// BodyErr is why Body of a record from Apart gave nothing: its file could
// not be read again as it was. It is nil until a read fails.
func (r *Record) BodyErr() error {
	if r.apart == nil {
		return nil
	}
	r.apart.mu.Lock()
	defer r.apart.mu.Unlock()
	return r.apart.err
}

// Apart returns a copy of r without its body, which read gives each time
// Body asks for it. It is for a build that reads each body once or twice
// (to render its page, to index it) and should not hold them all: a record
// kept from an earlier build, or one a build without a session decoded.
func (r *Record) Apart(read func() ([]byte, error)) *Record {
	c := *r
	c.Markdown = nil
	c.apart = &apart{read: read}
	return &c
}

// MarkdownBody is the body of f as Decode finds it, when f is a Markdown
// record: the text after its front matter. ok is false for a YAML record,
// whose body only decoding its YAML finds.
func MarkdownBody(f *load.File) (body []byte, ok bool) {
	if !markdownFile(f.Rel) {
		return nil, false
	}
	_, body, _, err := frontmatter.Split(f.Data)
	return body, err == nil
}
