package record

import (
	"crypto/sha256"
	"errors"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/frontmatter"
	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/markdown"
	"github.com/gongkai/gongkai/internal/yamlnode"
)

// Decode reads one record file. Every problem goes to rep; the record is
// returned whenever it has a usable front matter, even with errors, so that
// later rules can still run on it.
func Decode(f *load.File, site *config.Site, assets map[string]*load.Asset, rep *diag.Reporter) *Record {
	rec := &Record{Rel: f.Rel, Path: f.Path, Dir: path.Dir(f.Rel), Source: f.Sum}
	if rec.Source == ([32]byte{}) {
		rec.Source = sha256.Sum256(f.Data)
	}
	base := path.Base(f.Rel)
	rec.Bundle = strings.HasPrefix(base, "index.")
	data, offset := f.Data, 0
	if markdownFile(f.Rel) {
		front, body, bodyLine, err := frontmatter.Split(f.Data)
		switch {
		case errors.Is(err, frontmatter.ErrMissing):
			rep.Report(diag.Pos{Path: f.Path, Line: 1, Col: 1}, diag.RuleFrontMatter)
			return nil
		case err != nil:
			rep.Report(diag.Pos{Path: f.Path, Line: 1, Col: 1}, diag.RuleFrontMatter)
			return nil
		}
		data, offset = front, 1
		rec.Markdown, rec.BodyLine = body, bodyLine
	}
	rec.Front = sha256.Sum256(data)
	root, errs := yamlnode.Parse(data)
	if fullWidthColons(data, f.Path, offset, rep) > 0 {
		// YAML's own complaint about such a line says nothing useful.
		return nil
	}
	for _, e := range errs {
		e.Report(rep, f.Path, offset)
	}
	if len(errs) > 0 {
		return nil
	}
	d := decoder{rec: rec, site: site, rep: rep, offset: offset}
	if root == nil || root.Kind != yaml.MappingNode {
		rep.Report(diag.Pos{Path: f.Path, Line: 1 + offset, Col: 1}, diag.RuleNotMapping)
		return nil
	}
	d.fields(root)
	d.check(assets)
	d.checkBody()
	rec.Opening = markdown.Excerpt(rec.Markdown, OpeningLength)
	return rec
}

// markdownFile says whether the record file rel is Markdown with front
// matter, rather than YAML.
func markdownFile(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".md" || ext == ".markdown"
}

// checkBody refuses a body that would take too long to render, and drops
// it, so that a build reporting the error does not render it either.
func (d *decoder) checkBody() {
	r := d.rec
	e := markdown.Check(r.Markdown)
	if e == nil {
		return
	}
	d.rep.Report(diag.Pos{Path: r.Path, Line: r.BodyLine + e.Line - 1, Col: e.Col}, diag.RuleBodyTooComplex, e.Zh, e.En, e.Max)
	r.Markdown = nil
}

type decoder struct {
	rec    *Record
	site   *config.Site
	rep    *diag.Reporter
	offset int
	kindAt *yaml.Node
	seen   map[string]int    // English key → line of the file it was first given on
	as     map[string]string // English key → the key as the file gives it
	zh     bool              // the file gives some key in Chinese
}

// name is field key as the editor calls it: as the file gives it, else in
// the language of the file's keys (Chinese when any of them is).
func (d *decoder) name(key string) string {
	if s, ok := d.as[key]; ok {
		return s
	}
	if zh := zhNames[key]; d.zh && zh != "" {
		return zh
	}
	return key
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{Path: d.rec.Path, Line: n.Line + d.offset, Col: n.Column}
}

func (d *decoder) fields(root *yaml.Node) {
	r := d.rec
	// A position per field, and room for a few aliases and attachments.
	r.Pos = slices.Grow(r.Pos, len(root.Content)/2+2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key, ok := keys[k.Value]
		if clean, spaced := spacedKey(k.Value); !ok && spaced {
			d.rep.Report(d.pos(k), diag.RuleFullWidthSpace, k.Value, clean)
			key, ok = keys[clean], true
		}
		if !ok {
			d.rep.Report(d.pos(k), diag.RuleUnknownKey, k.Value)
			continue
		}
		// title and 标题 are one key: the YAML parser cannot see the repeat.
		if first, dup := d.seen[key]; dup {
			d.rep.Report(d.pos(k), diag.RuleDuplicateKey, k.Value, first)
			continue
		}
		if d.seen == nil {
			d.seen = map[string]int{}
		}
		d.seen[key] = d.pos(k).Line
		if d.as == nil {
			d.as = map[string]string{}
		}
		d.as[key] = strings.ReplaceAll(k.Value, "\u3000", "")
		d.zh = d.zh || !isEnglish(k.Value)
		r.Pos.set(key, d.pos(v))
		switch key {
		case "kind":
			d.kindAt = v
		case "index_no":
			r.IndexNo = d.str(key, v)
		case "title":
			r.Title = d.str(key, v)
			if strings.ContainsAny(r.Title, "\n\r") {
				d.rep.Report(d.pos(v), diag.RuleOneLine, d.name(key))
			}
		case "doc_no":
			r.DocNo = d.docNo(v)
		case "issuer":
			r.Issuers = d.list(key, v)
		case "publisher":
			r.Publisher = d.str(key, v)
		case "written":
			r.Written = d.date(key, v)
		case "published":
			r.Published = d.date(key, v)
			if v.Kind == yaml.ScalarNode && strings.TrimSpace(d.str(key, v)) == "" {
				d.rep.Report(d.pos(v), diag.RuleRequired, d.name(key)) // given but empty
			}
		case "effective":
			r.Effective = d.date(key, v)
		case "expires":
			r.Expires = d.date(key, v)
		case "validity":
			r.Validity = Validity(d.enum(key, v))
		case "disclosure":
			r.Disclosure = d.enum(key, v)
		case "scope":
			r.Scope = d.enum(key, v)
		case "format":
			r.Format = d.enum(key, v)
		case "topic":
			if r.Topic = d.str(key, v); r.Topic != "" && !d.site.HasTopic(r.Topic) {
				d.rep.Report(d.pos(v), diag.RuleTopic, r.Topic)
			}
		case "genre":
			if r.Genre = d.str(key, v); r.Genre != "" && !d.site.HasGenre(r.Genre) {
				d.rep.Report(d.pos(v), diag.RuleGenre, r.Genre)
			}
		case "catalogue":
			for _, item := range d.items(key, v) {
				if c := strings.TrimSpace(item.Value); !d.site.HasCategory(c) {
					d.rep.Report(d.pos(item), diag.RuleCategory, c)
				} else {
					r.Categories = append(r.Categories, c)
				}
			}
		case "keywords":
			r.Keywords = d.list(key, v)
		case "summary":
			r.Summary = strings.TrimSpace(d.str(key, v))
		case "interprets":
			r.Interprets = d.refs(key, v)
		case "repeals":
			r.Repeals = d.refs(key, v)
		case "amends":
			r.Amends = d.refs(key, v)
		case "attachments":
			d.attachments(v)
		case "slug":
			r.Slug = d.str(key, v)
			if !validSlug(r.Slug) {
				d.rep.Report(d.pos(v), diag.RuleSlug, r.Slug)
			}
		case "aliases":
			for _, item := range d.items(key, v) {
				if a := item.Value; !validAlias(a) {
					d.rep.Report(d.pos(item), diag.RuleAlias, a)
				} else {
					r.Aliases = append(r.Aliases, a)
					r.Pos.set("alias:"+a, d.pos(item))
				}
			}
		case "draft":
			r.Draft = d.boolean(key, v)
		case "year":
			n, err := strconv.Atoi(d.str(key, v))
			if err != nil || n < 1900 || n > 2999 {
				d.rep.Report(d.pos(v), diag.RuleType, d.name(key), diag.Text{Zh: "年份，如 2024", En: "a year such as 2024"})
			}
			r.Year = n
		case "tables":
			r.Tables, r.YAMLOffset = v, d.offset
		case "sections":
			r.Sections, r.YAMLOffset = v, d.offset
		case "body":
			r.Markdown = []byte(d.str(key, v))
			r.BodyLine = v.Line + d.offset
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				r.BodyLine++
			}
		}
	}
}

// check applies the rules that need several fields of the record.
func (d *decoder) check(assets map[string]*load.Asset) {
	r, site, rep := d.rec, d.site, d.rep
	fileAt := diag.Pos{Path: r.Path, Line: 1, Col: 1}
	if d.kindAt != nil {
		k, ok := site.Kinds.Parse(d.kindAt.Value)
		if !ok {
			rep.Report(d.pos(d.kindAt), diag.RuleKind, d.kindAt.Value, site.Kinds.List())
		}
		r.Kind = k
	} else if k, ok := site.KindOf(r.Rel); ok {
		r.Kind = k
	} else if k, ok := site.Kinds.Parse(firstFolder(r.Rel)); ok {
		r.Kind = k // a folder named for its kind: 通知公告/, 政策文件/
	} else {
		// A folder of a misspelt kind (通知公示/, polices/): name the
		// nearest kinds' folders.
		folder, _, _ := strings.Cut(r.Rel, "/")
		var near []string
		for _, k := range site.NearestKinds(folder) {
			near = append(near, site.FolderNames(k))
		}
		rep.Report(fileAt, diag.RuleKindFolder, folder, strings.Join(near, " / "))
	}
	if r.Title == "" {
		rep.Report(r.At("title"), diag.RuleRequired, d.name("title"))
	}
	if r.Published.IsZero() && !r.Pos.Has("published") {
		rep.Report(fileAt, diag.RuleRequired, d.name("published"))
	}
	spec, _ := site.Kinds.Spec(r.Kind)
	for _, f := range spec.Required {
		if r.lacks(f) {
			rep.Report(r.At(f), diag.RuleRequired, d.name(f))
		} else if f == "index_no" && !site.MatchIndexNo(r.IndexNo) {
			rep.Report(r.At("index_no"), diag.RuleIndexPattern, r.IndexNo, site.IndexNoExample(max(r.Published.Year(), 2000)))
		}
	}
	if !r.Written.IsZero() && !r.Published.IsZero() {
		if r.Published.Before(r.Written) {
			rep.Report(r.At("published"), diag.RuleDateOrder, d.name("published"), day(r.Published), d.name("written"), day(r.Written))
		} else if n := WorkingDays(r.Written, r.Published); n > 20 {
			rep.Report(r.At("published"), diag.RuleLatePublication, n)
		}
	}
	if !r.Effective.IsZero() && !r.Expires.IsZero() && r.Expires.Before(r.Effective) {
		rep.Report(r.At("expires"), diag.RuleDateOrder, d.name("expires"), day(r.Expires), d.name("effective"), day(r.Effective))
	}
	if r.Validity == "" {
		r.Validity = InForce
	}
	if r.Disclosure == "" {
		r.Disclosure = "proactive"
	}
	if r.Scope == "" {
		r.Scope = "public"
	}
	if r.Publisher == "" {
		r.Publisher = site.Agency.Name
	}
	if r.Kind == config.AnnualReport {
		if r.Format == "" {
			r.Format = "narrative"
		}
		if r.Year == 0 && !r.Published.IsZero() {
			r.Year = r.Published.Year() - 1
		}
	}
	for i := range r.Attachments {
		d.checkAttachment(&r.Attachments[i], assets)
	}
}

// firstFolder is the first folder of a content-relative path.
func firstFolder(rel string) string {
	folder, _, _ := strings.Cut(rel, "/")
	return folder
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// str reads a scalar; a list or mapping is a type error.
func (d *decoder) str(key string, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		d.typeErr(key, v, "text", "文本")
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

// typeErr reports that key's value v is not of the type named in en and
// zh.
func (d *decoder) typeErr(key string, v *yaml.Node, en, zh string) {
	d.rep.Report(d.pos(v), diag.RuleType, d.name(key), diag.Text{Zh: zh, En: en})
}

// items reads a scalar or a list of scalars as nodes.
func (d *decoder) items(key string, v *yaml.Node) []*yaml.Node {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil
	case v.Kind == yaml.ScalarNode:
		return []*yaml.Node{v}
	case v.Kind == yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(v.Content))
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				d.typeErr(key, item, "a list of text items", "文本列表")
				continue
			}
			out = append(out, item)
		}
		return out
	}
	d.typeErr(key, v, "a list of text items", "文本列表")
	return nil
}

func (d *decoder) list(key string, v *yaml.Node) []string {
	var out []string
	for _, item := range d.items(key, v) {
		if s := strings.TrimSpace(item.Value); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (d *decoder) refs(key string, v *yaml.Node) []Ref {
	var out []Ref
	for _, item := range d.items(key, v) {
		out = append(out, Ref{IndexNo: strings.TrimSpace(item.Value), Pos: d.pos(item)})
	}
	return out
}

func (d *decoder) boolean(key string, v *yaml.Node) bool {
	switch strings.ToLower(d.str(key, v)) {
	case "true", "yes", "是":
		return true
	case "false", "no", "否", "":
		return false
	}
	d.typeErr(key, v, "true or false", "true 或 false")
	return false
}

func (d *decoder) enum(key string, v *yaml.Node) string {
	s := strings.TrimSpace(d.str(key, v))
	if s == "" {
		return ""
	}
	if e, ok := enums[key][s]; ok {
		return e
	}
	d.rep.Report(d.pos(v), diag.RuleEnum, d.name(key), s, enumChoices[key])
	return ""
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (d *decoder) date(key string, v *yaml.Node) time.Time {
	s := strings.TrimSpace(d.str(key, v))
	if s == "" {
		return time.Time{}
	}
	if ascii := fullWidthDigits(s); ascii != s && dateShape.MatchString(ascii) {
		d.rep.Report(d.pos(v), diag.RuleFullWidthDigits, d.name(key), s, ascii)
		s = ascii
	}
	if !dateShape.MatchString(s) {
		d.rep.Report(d.pos(v), diag.RuleDateFormat, d.name(key), s)
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		d.rep.Report(d.pos(v), diag.RuleDateInvalid, d.name(key), s)
		return time.Time{}
	}
	return t
}

var docNoYear = regexp.MustCompile(`[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]`)

func (d *decoder) docNo(v *yaml.Node) string {
	s := strings.TrimSpace(d.str("doc_no", v))
	n := NormalizeDocNo(s)
	if n != s {
		d.rep.Report(d.pos(v), diag.RuleDocNoBrackets, s, n)
	}
	return n
}

// NormalizeDocNo writes the year of a 文号 in 〔〕, as GB/T 9704-2012 has it.
func NormalizeDocNo(s string) string { return docNoYear.ReplaceAllString(s, "〔$1〕") }

func validSlug(s string) bool {
	if s == "" || s == "." || s == ".." || !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		switch {
		case c == '-' || c == '_' || c == '.', c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x4E00 && c <= 0x9FFF:
		default:
			return false
		}
	}
	return true
}

func validAlias(a string) bool {
	if !strings.HasPrefix(a, "/") || strings.ContainsAny(a, "?#\\\x00") || strings.HasPrefix(a, "//") {
		return false
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}
