package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/gongkai/gongkai"
	"github.com/gongkai/gongkai/internal/cdn"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/render"
)

// fingerprintStatic writes a content-hashed copy of each stylesheet and
// script of the built-in and the site's static files (the unhashed files
// stay, for sites that link them) and returns the map from site path to
// hashed site path that the layouts' .Asset reads, with the number of
// files written.
func fingerprintStatic(source string, sink render.Sink) (map[string]string, int, error) {
	ov := load.Overlay{Base: gongkai.Static(), Dir: filepath.Join(source, "static")}
	files, err := ov.Files()
	if err != nil {
		return nil, 0, err
	}
	assets := map[string]string{}
	for _, f := range files {
		if !cdn.Fingerprinted(f.Name) {
			continue
		}
		var data []byte
		if f.Abs != "" {
			data, err = os.ReadFile(f.Abs)
		} else {
			data, err = fs.ReadFile(ov.Base, f.Name)
		}
		if err != nil {
			return nil, 0, err
		}
		name := cdn.Fingerprint(f.Name, data)
		if err := sink.WriteFile(name, data); err != nil {
			return nil, 0, err
		}
		assets["/"+f.Name] = "/" + name
	}
	return assets, len(assets), nil
}

// namesSink passes writes on and remembers every name, for _headers.
type namesSink struct {
	render.Sink
	mu    sync.Mutex
	names []string
}

func (s *namesSink) WriteFile(name string, data []byte) error {
	s.note(name)
	return s.Sink.WriteFile(name, data)
}

func (s *namesSink) CopyFile(name, src string) error {
	s.note(name)
	return s.Sink.CopyFile(name, src)
}

func (s *namesSink) note(name string) {
	s.mu.Lock()
	s.names = append(s.names, name)
	s.mu.Unlock()
}

// writeHeaders writes the _headers file for every file written so far.
func writeHeaders(s *namesSink) error {
	s.mu.Lock()
	names := append([]string(nil), s.names...)
	s.mu.Unlock()
	return s.Sink.WriteFile(cdn.HeadersFile, []byte(cdn.HeadersText(names)))
}
