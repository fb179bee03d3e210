package main

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// site serves a built site as a CDN does: every response gzip -9 when that
// makes it smaller and the browser accepts it, nothing cacheable, over
// HTTP/2 (TLS on 127.0.0.1), so neither engine is held back by HTTP/1.1's
// six connections per host. Extra pages (the Pagefind bench page) are
// served from memory.
type site struct {
	root  string
	extra map[string][]byte // path → HTML

	mu   sync.Mutex
	gz   map[string][]byte // path → gzip -9 of the file, when smaller
	sent []sent            // since the last call of take
}

// sent is one response: its request URI and body bytes.
type sent struct {
	uri   string
	bytes int
}

// serve starts the server; its URL is https://127.0.0.1:PORT.
func serve(root string, extra map[string][]byte) (*httptest.Server, *site) {
	s := &site{root: root, extra: extra, gz: map[string][]byte{}}
	srv := httptest.NewUnstartedServer(s)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	return srv, s
}

// take returns the responses sent since its last call: what the browser
// loaded, whichever of its parts asked.
func (s *site) take() []sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.sent
	s.sent = nil
	return out
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	w.Header().Set("Cache-Control", "no-store")
	if b, ok := s.extra[p]; ok {
		s.send(w, r, p, "text/html; charset=utf-8", b)
		return
	}
	name := filepath.Join(s.root, filepath.FromSlash(p))
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			u := *r.URL
			u.Path += "/"
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
		name = filepath.Join(name, "index.html")
		p = path.Join(p, "index.html")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(p))
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json") {
		if !strings.Contains(ct, "charset") {
			ct += "; charset=utf-8"
		}
	}
	s.send(w, r, p, ct, data)
}

// send writes data, gzip -9 when that is smaller and accepted.
func (s *site) send(w http.ResponseWriter, r *http.Request, p, ct string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		if z := s.gzipped(p, data); z != nil {
			h.Set("Content-Encoding", "gzip")
			data = z
		}
	}
	s.mu.Lock()
	s.sent = append(s.sent, sent{r.RequestURI, len(data)})
	s.mu.Unlock()
	w.Write(data)
}

// gzipped returns gzip -9 of the file at p, or nil when it is no smaller.
func (s *site) gzipped(p string, data []byte) []byte {
	s.mu.Lock()
	z, ok := s.gz[p]
	s.mu.Unlock()
	if ok {
		return z
	}
	z = gzip9(data)
	if len(z) >= len(data) {
		z = nil
	}
	s.mu.Lock()
	s.gz[p] = z
	s.mu.Unlock()
	return z
}

func gzip9(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
