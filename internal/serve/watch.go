package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch rebuilds on every change under content/, layouts/ and static/ until
// ctx ends: new folders are watched as they appear, bursts of events (an
// editor's write-and-rename save) are merged into one rebuild.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	// The site folder itself, so content/, layouts/ or static/ made later
	// are seen; then every folder below those three.
	if err := w.Add(s.opts.Source); err != nil {
		return err
	}
	for _, d := range watched {
		s.addTree(w, filepath.Join(s.opts.Source, d))
	}
	var timer <-chan time.Time
	cssOnly := true
	pending := false
	content := []string{} // changed paths under content/; nil: unknown
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			s.logf("serve.watch", err)
		case ev := <-w.Events:
			if !s.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					s.addTree(w, ev.Name)
				}
			}
			if !strings.HasSuffix(ev.Name, ".css") || !s.under(ev.Name, "static") {
				cssOnly = false
			}
			if dir := filepath.Join(s.opts.Source, "content"); ev.Name == dir {
				content = nil // content/ itself came or went
			} else if rel, err := filepath.Rel(dir, ev.Name); content != nil && err == nil && s.under(ev.Name, "content") {
				content = append(content, filepath.ToSlash(rel))
			}
			pending = true
			timer = time.After(s.opts.Debounce)
		case <-timer:
			if !pending {
				continue
			}
			if err := s.Rebuild(ctx, cssOnly, content); err != nil {
				s.logf("serve.build", err)
			}
			pending, cssOnly, timer, content = false, true, nil, []string{}
		}
	}
}

var watched = []string{"content", "layouts", "static"}

func (s *Server) addTree(w *fsnotify.Watcher, root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if err := w.Add(p); err != nil {
				s.logf("serve.watchin", p, err)
			}
		}
		return nil
	})
}

// relevant reports whether a changed path is a source of the site.
func (s *Server) relevant(p string) bool {
	for _, d := range watched {
		if s.under(p, d) || p == filepath.Join(s.opts.Source, d) {
			return true
		}
	}
	return false
}

func (s *Server) under(p, dir string) bool {
	rel, err := filepath.Rel(filepath.Join(s.opts.Source, dir), p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
