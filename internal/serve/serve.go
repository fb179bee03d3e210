// Package serve owns the live preview: it rebuilds the site when its
// sources change, serves the last good build, and tells open pages to
// reload, restyle, or show the errors of a build that failed.
//
// It builds through package pipeline into a private folder of its own; it
// never writes the site's public/ and never listens beyond what it is given.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/pipeline"
)

// Options configures a Server.
type Options struct {
	Source   string        // the site folder
	Drafts   bool          // preview drafts too
	Debounce time.Duration // quiet time after a change before rebuilding; 0: 10 ms
	// Listen is the address listened on (host:port); requests naming it in
	// their Host are answered, as are those naming the loopback.
	Listen string
	Logf   func(format string, args ...any)
	Lang   string // of the lines given to Logf and the errors shown: "en", else Chinese
}

// Server is one live preview.
type Server struct {
	opts Options
	tmp  string // private folder
	out  string // the build served, inside tmp
	sess *pipeline.Session

	quit     chan struct{} // closed by Close: ends the event streams
	quitOnce sync.Once

	mu      sync.Mutex
	state   State
	clients map[chan Event]struct{}
}

// State is what the preview knows of the last build.
type State struct {
	Generation int               `json:"generation"` // counts builds that succeeded
	Good       bool              `json:"good"`       // some build has succeeded
	Errors     []diag.Diagnostic `json:"-"`
	Messages   []string          `json:"errors"`   // the errors as path:line:col: message
	Warnings   []string          `json:"warnings"` // the warnings, likewise
}

// Event is sent to open pages: "reload", "css" or "errors" (with the State).
type Event struct {
	Name string
	Data []byte
}

// New prepares a preview of opts.Source.
func New(opts Options) (*Server, error) {
	if opts.Debounce <= 0 {
		// Enough for an editor's write-and-rename save to arrive whole.
		opts.Debounce = 10 * time.Millisecond
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	tmp, err := os.MkdirTemp("", "gongkai-serve-")
	if err != nil {
		return nil, err
	}
	return &Server{opts: opts, tmp: tmp, out: filepath.Join(tmp, "public"), sess: pipeline.NewSession(),
		clients: map[chan Event]struct{}{}, quit: make(chan struct{})}, nil
}

// Close ends the event streams and removes the private folder.
func (s *Server) Close() error {
	s.quitOnce.Do(func() { close(s.quit) })
	return os.RemoveAll(s.tmp)
}

// Build rebuilds the site and tells open pages: "css" when only
// stylesheets changed, else "reload"; "errors" when the build failed, in
// which case the last good build stays served.
func (s *Server) Build(ctx context.Context, cssOnly bool) error {
	return s.Rebuild(ctx, cssOnly, nil)
}

// Rebuild is Build after changes to the paths content (relative to
// content/; nil: not known). Only what the changes affect is read, rendered
// and written; open pages are told as soon as the pages are in place, and
// the search index, which takes longest, is brought up to date after.
func (s *Server) Rebuild(ctx context.Context, cssOnly bool, content []string) error {
	start := time.Now()
	res, err := pipeline.Run(ctx, pipeline.Options{Source: s.opts.Source, Out: s.out, Drafts: s.opts.Drafts,
		Session: s.sess, Changed: content, KeepSearch: true, Private: true, Today: time.Now()})
	if err != nil && !errors.Is(err, pipeline.ErrInvalid) {
		return err
	}
	s.mu.Lock()
	s.state.Errors = nil
	s.state.Messages = nil
	s.state.Warnings = nil
	for _, d := range res.Diagnostics {
		if d.Severity == diag.Error {
			s.state.Errors = append(s.state.Errors, d)
			s.state.Messages = append(s.state.Messages, fmt.Sprintf("%s: %s", d.Pos, d.Message(s.opts.Lang)))
		} else {
			s.state.Warnings = append(s.state.Warnings, fmt.Sprintf("%s: %s", d.Pos, d.Message(s.opts.Lang)))
		}
	}
	name := "reload"
	switch {
	case len(s.state.Errors) > 0:
		name = "errors"
	case cssOnly:
		name = "css"
	}
	if name != "errors" {
		s.state.Generation++
		s.state.Good = true
	}
	data, _ := json.Marshal(s.state)
	for c := range s.clients {
		select {
		case c <- Event{Name: name, Data: data}:
		default: // a client that does not read loses the event, not the server
		}
	}
	failed := len(s.state.Errors)
	s.mu.Unlock()
	if name == "errors" {
		s.logf("serve.failed", failed)
		for _, d := range res.Diagnostics {
			s.opts.Logf("%s\n", d)
		}
		return nil
	}
	s.logf("serve.built", res.Records, time.Since(start).Milliseconds(), res.Changed)
	if res.SearchStale {
		start := time.Now()
		res, err := pipeline.UpdateSearch(ctx, pipeline.Options{Source: s.opts.Source, Out: s.out, Drafts: s.opts.Drafts,
			Session: s.sess, Private: true})
		if err != nil {
			return err
		}
		s.logf("serve.search", time.Since(start).Milliseconds(), res.Changed)
		// The preview is idle until the next save: collect the garbage of
		// the index build now rather than during the next rebuild.
		runtime.GC()
	}
	return nil
}

// State is the state of the last build.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *Server) subscribe() (chan Event, func()) {
	c := make(chan Event, 8)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	return c, func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}
}

func jsonState(st State) ([]byte, error) { return json.Marshal(st) }

// logf gives Logf the line of the interface text key, in the language of
// the options.
func (s *Server) logf(key string, args ...any) {
	s.opts.Logf(i18n.For(s.opts.Lang).T(key), args...)
}
