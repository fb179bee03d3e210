package pipeline

import (
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/gongkai/gongkai/internal/cdn"
	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/render"
)

// writeStatic writes the built-in static files and the site's own over
// them. With fingerprint it also writes a content-hashed copy of each
// stylesheet and script (the unhashed files stay, for sites that link them)
// and returns the map from site path to hashed site path that the layouts'
// .Asset reads. It returns the number of files written. Each file is
// claimed in tab first, the site's own where it lies in static/; one that
// collides is reported to rep and not written.
func writeStatic(ov load.Overlay, sink render.Sink, fingerprint bool, tab *claims.Table, rep *diag.Reporter) (map[string]string, int, error) {
	files, err := ov.Files()
	if err != nil {
		return nil, 0, err
	}
	var assets map[string]string
	if fingerprint {
		assets = map[string]string{}
	}
	n := 0
	claim := func(name string, c claims.Claimant) (bool, error) {
		ok, err := tab.Take(name, c, rep)
		if ok {
			n++
		}
		return ok, err
	}
	for _, f := range files {
		c := claims.Claimant{}
		if f.Abs != "" {
			c = claims.Claimant{At: diag.Pos{Path: "static/" + f.Name}, URL: "/" + f.Name}
		}
		ok, err := claim(f.Name, c)
		if err != nil {
			return nil, 0, err
		}
		hashed := fingerprint && cdn.Fingerprinted(f.Name)
		if f.Abs != "" && !hashed {
			if ok {
				if err := sink.CopyFile(f.Name, f.Abs); err != nil {
					return nil, 0, err
				}
			}
			continue
		}
		var data []byte
		if f.Abs != "" {
			data, err = os.ReadFile(f.Abs)
		} else {
			data, err = fs.ReadFile(ov.Base, f.Name)
		}
		if err == nil && ok {
			err = sink.WriteFile(f.Name, data)
		}
		if err == nil && hashed {
			// Claimed even when the file itself was not, so that every
			// collision is found.
			name := cdn.Fingerprint(f.Name, data)
			if ok, err = claim(name, claims.Claimant{}); ok {
				err = sink.WriteFile(name, data)
				assets["/"+f.Name] = "/" + name
			}
		}
		if err != nil {
			return nil, 0, err
		}
	}
	return assets, n, nil
}

// namesSink passes writes on and remembers every name, for _headers.
type namesSink struct {
	render.Sink
	mu      sync.Mutex
	names   []string
	dropped map[string]bool // kept, then dropped, and not written since
}

func (s *namesSink) WriteFile(name string, data []byte) error {
	s.note(name)
	return s.Sink.WriteFile(name, data)
}

func (s *namesSink) WriteStream(name string, write func(io.Writer) error) error {
	s.note(name)
	return render.WriteStream(s.Sink, name, write)
}

func (s *namesSink) CopyFile(name, src string) error {
	s.note(name)
	return s.Sink.CopyFile(name, src)
}

func (s *namesSink) note(name string) {
	s.mu.Lock()
	s.names = append(s.names, name)
	delete(s.dropped, name)
	s.mu.Unlock()
}

// keepingSink is a namesSink over an output being updated: the files it
// keeps are named too.
type keepingSink struct {
	*namesSink
	keeper render.Keeper
}

func (s keepingSink) Keep(name string) error {
	s.note(name)
	return s.keeper.Keep(name)
}

func (s keepingSink) Drop(name string) {
	s.mu.Lock()
	if s.dropped == nil {
		s.dropped = map[string]bool{}
	}
	s.dropped[name] = true
	s.mu.Unlock()
	s.keeper.(interface{ Drop(string) }).Drop(name)
}

func (s keepingSink) KeepAll() []string {
	names := s.keeper.KeepAll()
	s.mu.Lock()
	s.names = append(s.names, names...)
	s.mu.Unlock()
	return names
}

// writeHeaders writes the _headers file for every file written so far.
func writeHeaders(s *namesSink) error {
	s.mu.Lock()
	names := slices.Clone(s.names)
	slices.Sort(names)
	names = slices.Compact(names)
	names = slices.DeleteFunc(names, func(n string) bool { return s.dropped[n] || n == cdn.HeadersFile })
	s.mu.Unlock()
	return s.Sink.WriteFile(cdn.HeadersFile, []byte(cdn.HeadersText(names)))
}
