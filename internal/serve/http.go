package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed live.js
var liveJS []byte

// Prefix is where the preview's own endpoints live.
const Prefix = "/__gongkai/"

var liveTag = []byte(`<script src="` + Prefix + `live.js"></script>`)

// Handler serves the last good build with the live script added to every
// page, the event stream, and the script itself, to requests whose Host is
// a loopback name or Options.Listen.
func (s *Server) Handler() http.Handler {
	return hostGuard(s.opts.Listen, s.mux())
}

func (s *Server) mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(Prefix+"events", s.events)
	mux.HandleFunc(Prefix+"live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
	})
	files := http.FileServer(http.Dir(s.out))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if !s.State().Good {
			s.noBuild(w)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		file := filepath.Join(s.out, filepath.FromSlash(p))
		if info, err := os.Stat(file); err == nil && info.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				files.ServeHTTP(w, r) // redirects to the folder's URL
				return
			}
			file = filepath.Join(file, "index.html")
		}
		status := http.StatusOK
		if _, err := os.Stat(file); err != nil {
			file, status = filepath.Join(s.out, "404.html"), http.StatusNotFound
		}
		if !strings.HasSuffix(file, ".html") {
			files.ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(file)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(inject(page))
	})
	return mux
}

// inject adds the live script before </body>.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, liveTag...)
	}
	out := make([]byte, 0, len(page)+len(liveTag))
	out = append(out, page[:i]...)
	out = append(out, liveTag...)
	return append(out, page[i:]...)
}

// noBuild answers while no build has succeeded yet.
func (s *Server) noBuild(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>gongkai</title></head><body><main><h1>站点尚未构建成功 / The site has not built yet</h1><ul>")
	for _, m := range s.State().Messages {
		fmt.Fprintf(w, "<li>%s</li>", template.HTMLEscapeString(m))
	}
	fmt.Fprintf(w, "</ul></main>%s</body></html>", liveTag)
}

// events streams Events to one page as server-sent events, starting with
// the current state.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c, done := s.subscribe()
	defer done()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	st := s.State()
	first := "state"
	if len(st.Errors) > 0 {
		first = "errors"
	}
	data, _ := jsonState(st)
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", first, data)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Name, ev.Data)
			flusher.Flush()
		}
	}
}
