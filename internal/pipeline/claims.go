package pipeline

import (
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/cdn"
	"github.com/gongkai/gongkai/internal/claims"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/search/siteindex"
)

// claimOutput returns the table of the output's files as far as they are
// known before anything is written: the catalogue's, the search index's
// folder and _headers, which check claims too though it writes neither.
// The static files and the renderer's files are claimed as written.
func claimOutput(cat *catalogue.Catalogue, opts Options, rep *diag.Reporter) (*claims.Table, error) {
	t := cat.Claims.Clone()
	if !opts.NoSearch {
		if err := t.TakeFolder(siteindex.Dir, claims.Claimant{}, rep); err != nil {
			return nil, err
		}
	}
	if !opts.Offline {
		if _, err := t.Take(cdn.HeadersFile, claims.Claimant{}, rep); err != nil {
			return nil, err
		}
	}
	return t, nil
}
