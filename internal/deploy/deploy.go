// Package deploy owns publishing a built site to a target — an
// S3-compatible bucket under a prefix, or a local folder — by difference:
// it uploads only files whose bytes or headers (type, cache-control,
// encoding) differ from what the target holds, assets before the pages
// that link them, deletions last, and reports the changed URLs for CDN
// purging.
//
// It reads the built folder and touches only keys under its target's
// prefix; it never builds, and never prints credentials.
package deploy

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/internal/cdn"
	"github.com/gongkai/gongkai/internal/i18n"
	"github.com/gongkai/gongkai/internal/output"
	"github.com/gongkai/gongkai/internal/pool"
)

// StateKey is the object (or file) below the target's prefix where a deploy
// records what it uploaded: each key's SHA-256, size and headers. It spares
// reading every object's metadata on the next deploy; deploy never deletes
// it and never lists it as a file of the site.
const StateKey = ".gongkai-deploy.json"

// Object is what a target holds at one key, or what should be there.
type Object struct {
	Size    int64       `json:"size"`
	SHA256  string      `json:"sha256"`
	MD5     string      `json:"md5,omitempty"` // hex; for ETag checks
	Headers cdn.Headers `json:"headers"`
}

// File is one file of the built site.
type File struct {
	Key  string // slash-separated, relative to the site root (and prefix)
	Path string // on disk
	Object
}

// Target is where a site is deployed. Keys are relative to its prefix.
type Target interface {
	// List returns what is under the prefix, StateKey left out, and
	// whether StateKey was there: whether gongkai deployed there before.
	// An object whose headers or hash it cannot tell has an empty SHA256.
	List(ctx context.Context) (objects map[string]Object, deployed bool, err error)
	Put(ctx context.Context, f File) error
	Delete(ctx context.Context, key string) error
	// SaveState records the state of the target after a deploy.
	SaveState(ctx context.Context, state map[string]Object) error
	String() string
}

// Options configures a deploy.
type Options struct {
	From      string // the built site folder
	BaseURL   string // the site's URL, for the purge list; "" gives paths
	MaxDelete int    // refuse to delete more files than this, unless Force
	Force     bool
	DryRun    bool
	Jobs      int // uploads at once; 0: 8
	Log       io.Writer
	Lang      string // of the lines written to Log and of refusals: "en", else Chinese
	// Headers gives each file's headers; nil is cdn.For.
	Headers func(key string) cdn.Headers
}

// Change is one planned action.
type Change struct {
	Key    string
	Reason string // "new", "bytes", "headers" or "delete"
	file   *File
}

// Plan is what a deploy does, in order: Assets, then Pages, then Deletes.
type Plan struct {
	Assets, Pages, Deletes []Change
	Unchanged              int
}

// Result is what a deploy did.
type Result struct {
	Plan     Plan
	Uploaded int
	Deleted  int
	Purge    []string // URLs of every changed or deleted file, for CDN purging
}

// ErrTooManyDeletes is returned when the plan deletes more than MaxDelete.
var ErrTooManyDeletes = errors.New("too many deletions")

// ErrForeign is returned when the target holds files but no record of an
// earlier deploy: files gongkai did not put there, which a deploy would
// delete.
var ErrForeign = errors.New("the target was not deployed to by gongkai")

// tidier is a Target that may hold leftovers of an interrupted deploy,
// which Tidy removes.
type tidier interface {
	Tidy(ctx context.Context) error
}

// Run deploys opts.From to t.
func Run(ctx context.Context, t Target, opts Options) (_ *Result, err error) {
	if opts.Jobs <= 0 {
		opts.Jobs = 8
	}
	if opts.Headers == nil {
		opts.Headers = cdn.For
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	text := i18n.For(opts.Lang)
	logChange := func(c Change) { fmt.Fprintf(opts.Log, "%s %s\n", text.T("deploy."+c.Reason), c.Key) }
	local, err := Scan(opts.From, opts.Headers)
	if err != nil {
		return nil, err
	}
	remote, deployed, err := t.List(ctx)
	if err != nil {
		return nil, err
	}
	plan := Diff(local, remote)
	res := &Result{Plan: plan, Purge: purgeList(plan, opts.BaseURL)}
	if !deployed && len(remote) > 0 && !opts.Force {
		return res, refuse(ErrForeign, text.T("deploy.foreign"), t, len(remote), StateKey, len(plan.Deletes))
	}
	if n := len(plan.Deletes); n > opts.MaxDelete && !opts.Force {
		return res, refuse(ErrTooManyDeletes, text.T("deploy.toomany"), n, t, opts.MaxDelete)
	}
	if opts.DryRun {
		for _, phase := range [][]Change{plan.Assets, plan.Pages, plan.Deletes} {
			for _, c := range phase {
				logChange(c)
			}
		}
		return res, nil
	}

	if td, ok := t.(tidier); ok {
		if err := td.Tidy(ctx); err != nil {
			return res, err
		}
	}
	// What the target holds, kept up to date as the deploy goes, and saved
	// at the end even if the deploy stops half way.
	state := map[string]Object{}
	for k, o := range remote {
		if o.SHA256 != "" {
			state[k] = o
		}
	}
	// Mark a new target as gongkai's before the first upload, so that the
	// rerun of a first deploy that was killed is not refused as foreign.
	if !deployed {
		if err := t.SaveState(ctx, state); err != nil {
			return res, err
		}
	}
	var mu sync.Mutex
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		if serr := t.SaveState(context.WithoutCancel(ctx), state); serr != nil && err == nil {
			err = serr
		}
	}()
	put := func(ctx context.Context, c Change) error {
		if err := t.Put(ctx, *c.file); err != nil {
			return fmt.Errorf("uploading %s: %w", c.Key, err)
		}
		mu.Lock()
		state[c.Key] = c.file.Object
		res.Uploaded++
		mu.Unlock()
		logChange(c)
		return nil
	}
	del := func(ctx context.Context, c Change) error {
		if err := t.Delete(ctx, c.Key); err != nil {
			return fmt.Errorf("deleting %s: %w", c.Key, err)
		}
		mu.Lock()
		delete(state, c.Key)
		res.Deleted++
		mu.Unlock()
		logChange(c)
		return nil
	}
	if err = parallel(ctx, opts.Jobs, plan.Assets, put); err != nil {
		return res, err
	}
	if err = parallel(ctx, opts.Jobs, plan.Pages, put); err != nil {
		return res, err
	}
	err = parallel(ctx, opts.Jobs, plan.Deletes, del)
	return res, err
}

// parallel runs do for each change, at most jobs at once, and stops at the
// first error.
func parallel(ctx context.Context, jobs int, cs []Change, do func(context.Context, Change) error) error {
	return pool.Each(ctx, jobs, len(cs), func(ctx context.Context, i int) error { return do(ctx, cs[i]) })
}

// Scan reads the built site: every file but the output marker, with its
// hashes and headers, sorted by key.
func Scan(dir string, headers func(string) cdn.Headers) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if key == output.Marker || key == StateKey {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		m, s := md5.New(), sha256.New()
		n, err := io.Copy(io.MultiWriter(m, s), f)
		if err != nil {
			return err
		}
		files = append(files, File{Key: key, Path: p, Object: Object{
			Size: n, MD5: hex.EncodeToString(m.Sum(nil)), SHA256: hex.EncodeToString(s.Sum(nil)), Headers: headers(key),
		}})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the built site: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Key < files[j].Key })
	return files, nil
}

// Diff plans the deploy of local over remote.
func Diff(local []File, remote map[string]Object) Plan {
	var p Plan
	seen := map[string]bool{}
	for i := range local {
		f := &local[i]
		seen[f.Key] = true
		r, ok := remote[f.Key]
		reason := ""
		switch {
		case !ok:
			reason = "new"
		case r.SHA256 != f.SHA256 || r.Size != f.Size:
			reason = "bytes"
		case r.Headers != f.Headers:
			reason = "headers"
		}
		if reason == "" {
			p.Unchanged++
			continue
		}
		c := Change{Key: f.Key, Reason: reason, file: f}
		if IsPage(f.Key) {
			p.Pages = append(p.Pages, c)
		} else {
			p.Assets = append(p.Assets, c)
		}
	}
	var gone []string
	for k := range remote {
		if !seen[k] {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		p.Deletes = append(p.Deletes, Change{Key: k, Reason: "delete"})
	}
	return p
}

// IsPage reports whether the file is an entry point that names others —
// pages, feeds, sitemaps, robots.txt, _headers and the search entry file —
// and so goes up after the assets.
func IsPage(key string) bool {
	switch path.Ext(key) {
	case ".html", ".htm", ".xml", ".txt":
		return true
	}
	return key == "search/index.js" || key == cdn.HeadersFile
}

// purgeList is the URLs a CDN may hold stale: of each changed and deleted
// file (a new file's URL was never served), and of the folder of each
// index.html among them.
func purgeList(p Plan, base string) []string {
	base = strings.TrimSuffix(base, "/")
	var out []string
	for _, phase := range [][]Change{p.Assets, p.Pages, p.Deletes} {
		for _, c := range phase {
			if c.Reason == "new" {
				continue
			}
			if c.Key == "index.html" || strings.HasSuffix(c.Key, "/index.html") {
				out = append(out, base+"/"+strings.TrimSuffix(c.Key, "index.html"))
			}
			out = append(out, base+"/"+c.Key)
		}
	}
	sort.Strings(out)
	return out
}

// refusal is a deploy refused for reason err, said in the reader's language.
type refusal struct {
	err error
	msg string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.err }

// refuse is err, said as format and args say it.
func refuse(err error, format string, args ...any) error {
	return &refusal{err, fmt.Sprintf(format, args...)}
}
