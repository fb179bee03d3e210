package build

import (
	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/record"
)

// decoded is one record file as the session last decoded it.
type decoded struct {
	file  *load.File // as read, so an unchanged file is known without hashing
	salt  memo.Sum
	asset memo.Sum
	key   memo.Sum // the file's bytes, the site's configuration and attachments
	rec   *record.Record
	diags []diag.Diagnostic
}

// decodeAll decodes the record files of tree, reusing the records of files
// whose bytes, site configuration and attachments are as when the session
// last decoded them, and reporting their diagnostics again.
func (s *Session) decodeAll(tree *load.Tree, site *config.Site, salt memo.Sum, workers int, rep *diag.Reporter) []*record.Record {
	assets := assetsSum(tree)
	out := make([]decoded, len(tree.Records))
	forEach(len(tree.Records), workers, func(i int) {
		f := tree.Records[i]
		if d, ok := s.decoded[f.Rel]; ok && d.file == f && d.salt == salt && d.asset == assets {
			out[i] = d
			return
		}
		h := memo.NewHasher()
		h.Sum(salt)
		h.Sum(assets)
		h.String(f.Rel)
		h.String(f.Path)
		h.Sum(f.Sum)
		key := h.Done()
		if d, ok := s.decoded[f.Rel]; ok && d.key == key {
			d.file = f
			out[i] = d
			return
		}
		own := rep.Fork()
		out[i] = decoded{file: f, salt: salt, asset: assets, key: key, rec: record.Decode(f, site, tree.Assets, own), diags: own.Diagnostics()}
	})
	clear(s.decoded)
	var recs []*record.Record
	for i, d := range out {
		s.decoded[tree.Records[i].Rel] = d
		rep.Add(d.diags...)
		if d.rec != nil {
			recs = append(recs, d.rec)
		}
	}
	return recs
}

// catalogue joins recs into the catalogue. When they are the records of
// the session's last catalogue but for fields the catalogue does not build
// on (catalogue.Structure: titles, summaries, bodies ...), the last
// catalogue is reused with those records put in.
func (s *Session) catalogue(site *config.Site, recs []*record.Record, salt memo.Sum, drafts bool, rep *diag.Reporter) *catalogue.Catalogue {
	if s.cat != nil && s.catSalt == salt && len(recs) == len(s.catRecs) {
		same := true
		for i, r := range recs {
			o := s.catRecs[i]
			if r != o && (r.Rel != o.Rel || catalogue.Structure(r) != catalogue.Structure(o)) {
				same = false
				break
			}
		}
		if same {
			for i, r := range recs {
				if r == s.catRecs[i] {
					continue
				}
				if e := s.byRel[r.Rel]; e != nil {
					e.Record = r
					e.Brief = catalogue.Brief(r)
				}
			}
			s.catRecs = recs
			rep.Add(s.catDiags...)
			return s.cat
		}
	}
	own := rep.Fork()
	cat := catalogue.Build(site, recs, catalogue.Options{Drafts: drafts}, own)
	s.cat, s.catRecs, s.catSalt, s.catDiags = cat, recs, salt, own.Diagnostics()
	rep.Add(s.catDiags...)
	s.byRel = make(map[string]*catalogue.Entry, len(cat.Records)+len(cat.Pages))
	for _, es := range [][]*catalogue.Entry{cat.Records, cat.Pages} {
		for _, e := range es {
			s.byRel[e.Rel] = e
		}
	}
	return cat
}
