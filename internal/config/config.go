// Package config owns the site configuration: site.yaml, its defaults (the
// national topic tree, the genres, the category tree of Art. 20 of the
// Regulations (目录分类, site.yaml catalogue:), the index-number pattern), its validation, and the table of
// record kinds (KindTable), where each kind is declared once.
//
// It reads only site.yaml; records and output are other packages' business.
package config

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/yamlnode"
)

// Agency is the body whose catalogue this is.
type Agency struct {
	Name        string `yaml:"name"`
	Code        string `yaml:"code"`
	Level       string `yaml:"level"`
	Address     string `yaml:"address"`
	Postcode    string `yaml:"postcode"`
	Phone       string `yaml:"phone"`
	Fax         string `yaml:"fax"`
	Email       string `yaml:"email"`
	OfficeHours string `yaml:"office_hours"`
}

// Defaults are the category, genre and topic a new record of a kind
// starts with.
type Defaults struct {
	Category string `yaml:"catalogue"`
	Genre    string `yaml:"genre"`
	Topic    string `yaml:"topic"`
}

// Node is one node of a classification tree (topics, categories).
type Node struct {
	Name     string
	Children []*Node
}

// Site is the whole site configuration, defaults applied.
type Site struct {
	Title          string
	Language       string    // "zh-CN" or "en"
	Kinds          KindTable // the record kinds
	BaseURL        string    // "" or an absolute URL ending in "/"
	Agency         Agency
	Identity       Identity // what the foot of every page shows, besides Agency
	IndexNoPattern string
	Folders        map[Kind]string // content-relative folder of each kind
	Topics         []*Node
	Genres         []string
	Categories     []*Node
	Paginate       int  // records per list page
	UnsafeHTML     bool // raw HTML in Markdown passes through
	// Defaults are what new and import write into a record of a kind
	// that does not say otherwise.
	Defaults map[Kind]Defaults
	// ShowCounts shows, on an annual report's page, the catalogue's counts
	// that differ from the report's figures (annual_report.show_counts).
	ShowCounts bool

	indexRE   *regexp.Regexp
	baseURLAt diag.Pos // where base_url is set, for CheckIdentity
}

//go:embed topics.yaml
var defaultTopicsYAML []byte

// DefaultGenres are the 15 公文种类 and the four legal forms.
var DefaultGenres = []string{"决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要", "法律", "行政法规", "规章", "行政规范性文件"}

// defaultCategories is the 15 items of Art. 20 of the Regulations.
var defaultCategories = []*Node{{Name: "法定主动公开内容", Children: leaves(
	"法规、规章和规范性文件", "机关职能与机构设置", "规划信息", "统计信息", "行政许可和对外管理服务",
	"行政处罚和行政强制", "财政预算决算", "行政事业性收费", "政府集中采购", "重大建设项目",
	"民生政策与实施情况", "突发公共事件应对", "监督检查情况", "公务员招考录用", "其他法定主动公开信息")}}

func leaves(names ...string) []*Node {
	out := make([]*Node, len(names))
	for i, n := range names {
		out[i] = &Node{Name: n}
	}
	return out
}

// Options are what a site's configuration starts from besides site.yaml.
type Options struct {
	Kinds KindTable // the record kinds; nil: BuiltinKinds
}

// Default returns the configuration of a site with no site.yaml and the
// built-in kinds.
func Default() *Site { return Options{}.Default() }

// Parse reads site.yaml (data, shown as path in diagnostics) over the
// defaults, with the built-in kinds. Problems go to r; the returned Site is
// usable even then.
func Parse(path string, data []byte, r *diag.Reporter) *Site {
	return Options{}.Parse(path, data, r)
}

// Default returns the configuration of a site with no site.yaml.
func (o Options) Default() *Site {
	kinds := o.Kinds
	if kinds == nil {
		kinds = BuiltinKinds()
	}
	folders := map[Kind]string{}
	for _, k := range kinds {
		folders[k.Kind] = k.Folder
	}
	topics, err := parseTree(defaultTopicsYAML)
	if err != nil {
		panic("config: built-in topic tree: " + err.Error())
	}
	s := &Site{
		Title:          "政府信息公开",
		Language:       "zh-CN",
		Kinds:          kinds,
		IndexNoPattern: "{code}/{year}-{seq:5}",
		Folders:        folders,
		Topics:         topics,
		Genres:         slices.Clone(DefaultGenres),
		Categories:     defaultCategories,
		Paginate:       20,
	}
	s.indexRE, _ = compilePattern(s.IndexNoPattern, "")
	s.Defaults = s.builtinDefaults()
	return s
}

// raw is site.yaml as written.
type raw struct {
	Title          string            `yaml:"title"`
	Language       string            `yaml:"language"`
	BaseURL        string            `yaml:"base_url"`
	Agency         Agency            `yaml:"agency"`
	SiteCode       string            `yaml:"site_code"`
	ICP            string            `yaml:"icp"`
	PoliceRecord   string            `yaml:"police_record"`
	Conac          yaml.Node         `yaml:"conac"`
	Sponsor        string            `yaml:"sponsor"`
	Operator       string            `yaml:"operator"`
	IndexNoPattern string            `yaml:"index_no_pattern"`
	Kinds          map[string]string `yaml:"kinds"`
	Topics         yaml.Node         `yaml:"topics"`
	Genres         []string          `yaml:"genres"`
	Categories     yaml.Node         `yaml:"catalogue"`
	Paginate       int               `yaml:"paginate"`
	Markdown       struct {
		UnsafeHTML bool `yaml:"unsafe_html"`
	} `yaml:"markdown"`
	Defaults     map[string]Defaults `yaml:"defaults"`
	AnnualReport struct {
		ShowCounts bool `yaml:"show_counts"`
	} `yaml:"annual_report"`
}

var knownKeys = []string{"title", "language", "base_url", "agency", "site_code", "icp", "police_record", "conac", "sponsor", "operator",
	"index_no_pattern", "kinds", "topics", "genres", "catalogue", "paginate", "markdown", "defaults", "annual_report"}

// Parse reads site.yaml (data, shown as path in diagnostics) over the
// defaults. Problems go to r; the returned Site is usable even then.
func (o Options) Parse(path string, data []byte, r *diag.Reporter) *Site {
	s := o.Default()
	root, errs := yamlnode.Parse(data)
	for _, e := range errs {
		e.Report(r, path, 0)
	}
	if root == nil {
		return s
	}
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{Path: path, Line: n.Line, Col: n.Column} }
	if root.Kind != yaml.MappingNode {
		r.Report(at(root), diag.RuleNotMapping)
		return s
	}
	canonicalKeys(root, zhKeys, at, r)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "agency" {
			canonicalKeys(root.Content[i+1], zhAgencyKeys, at, r)
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !slices.Contains(knownKeys, k.Value) {
			r.Report(at(k), diag.RuleUnknownKey, k.Value)
		}
	}
	var c raw
	if err := root.Decode(&c); err != nil {
		line, msg := yamlnode.SyntaxPos(err)
		r.Report(diag.Pos{Path: path, Line: line}, diag.RuleConfig, msg)
		return s
	}
	value := func(key string) *yaml.Node {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				return root.Content[i+1]
			}
		}
		return root
	}
	// in is the key (or value) node of key in mapping n, or n itself.
	in := func(n *yaml.Node, key string, wantKey bool) *yaml.Node {
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				if wantKey {
					return n.Content[i]
				}
				return n.Content[i+1]
			}
		}
		return n
	}
	if c.Title != "" {
		s.Title = c.Title
	}
	switch c.Language {
	case "":
	case "zh-CN", "zh", "zh-Hans", "en":
		s.Language = map[string]string{"zh": "zh-CN", "zh-Hans": "zh-CN"}[c.Language]
		if s.Language == "" {
			s.Language = c.Language
		}
	default:
		r.Report(at(value("language")), diag.RuleEnum, "language", c.Language, "zh-CN, en")
	}
	if c.BaseURL != "" {
		if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
			r.Report(at(value("base_url")), diag.RuleConfig, "base_url must start with http:// or https://")
		} else {
			s.BaseURL = strings.TrimSuffix(c.BaseURL, "/") + "/"
			s.baseURLAt = at(in(root, "base_url", true))
		}
	}
	s.Agency = c.Agency
	s.Identity = Identity{SiteCode: strings.TrimSpace(c.SiteCode), ICP: strings.TrimSpace(c.ICP),
		PoliceRecord: strings.TrimSpace(c.PoliceRecord), Sponsor: strings.TrimSpace(c.Sponsor), Operator: strings.TrimSpace(c.Operator)}
	decodeConac(&c.Conac, &s.Identity, at, r)
	switch c.Agency.Level {
	case "", "department", "government":
	default:
		r.Report(at(in(value("agency"), "level", false)), diag.RuleEnum, "agency.level", c.Agency.Level, "department, government")
	}
	// The address becomes a mailto: link: one addr-spec, nothing else.
	if e := c.Agency.Email; e != "" && !validEmail(e) {
		r.Report(at(in(value("agency"), "email", false)), diag.RuleConfig, "agency.email "+strconv.Quote(e)+" is not an e-mail address (name@host)")
	}
	if c.IndexNoPattern != "" {
		s.IndexNoPattern = c.IndexNoPattern
	}
	re, err := compilePattern(s.IndexNoPattern, s.Agency.Code)
	if err != nil {
		r.Report(at(value("index_no_pattern")), diag.RuleConfig, err.Error())
	} else {
		s.indexRE = re
	}
	for k, folder := range c.Kinds {
		kind, ok := s.Kinds.Parse(k)
		if !ok {
			r.Report(at(in(value("kinds"), k, true)), diag.RuleKind, k, s.Kinds.List())
			continue
		}
		s.Folders[kind] = strings.Trim(folder, "/")
	}
	if c.Topics.Kind != 0 {
		if t, err := decodeTree(&c.Topics); err != nil {
			r.Report(at(&c.Topics), diag.RuleConfig, "topics: "+err.Error())
		} else {
			s.Topics = t
		}
	}
	if len(c.Genres) > 0 {
		s.Genres = c.Genres
	}
	if c.Categories.Kind != 0 {
		if t, err := decodeTree(&c.Categories); err != nil {
			r.Report(at(&c.Categories), diag.RuleConfig, "catalogue: "+err.Error())
		} else {
			s.Categories = t
		}
	}
	if c.Paginate > 0 {
		s.Paginate = c.Paginate
	}
	s.UnsafeHTML = c.Markdown.UnsafeHTML
	s.ShowCounts = c.AnnualReport.ShowCounts
	s.Defaults = s.builtinDefaults()
	for k, d := range c.Defaults {
		kind, ok := s.Kinds.Parse(k)
		if !ok {
			r.Report(at(in(value("defaults"), k, true)), diag.RuleKind, k, s.Kinds.List())
			continue
		}
		node := in(value("defaults"), k, false)
		for _, f := range []struct {
			value string
			key   string
			has   func(string) bool
			rule  diag.Rule
		}{{d.Category, "catalogue", s.HasCategory, diag.RuleCategory}, {d.Genre, "genre", s.HasGenre, diag.RuleGenre}, {d.Topic, "topic", s.HasTopic, diag.RuleTopic}} {
			if f.value != "" && !f.has(f.value) {
				r.Report(at(in(node, f.key, false)), f.rule, f.value)
			}
		}
		// What the site leaves out stays built in.
		b := s.Defaults[kind]
		s.Defaults[kind] = Defaults{Category: cmp.Or(d.Category, b.Category), Genre: cmp.Or(d.Genre, b.Genre), Topic: cmp.Or(d.Topic, b.Topic)}
	}
	return s
}

// builtinDefaults are the built-in defaults that the site's trees and
// genres hold.
func (s *Site) builtinDefaults() map[Kind]Defaults {
	out := map[Kind]Defaults{}
	for _, k := range s.Kinds {
		d := k.Defaults
		out[k.Kind] = Defaults{Category: keep(d.Category, s.HasCategory), Genre: keep(d.Genre, s.HasGenre), Topic: keep(d.Topic, s.HasTopic)}
	}
	return out
}

// keep is v when the site has it, else "".
func keep(v string, has func(string) bool) string {
	if v != "" && has(v) {
		return v
	}
	return ""
}

// IndexNoExample is an index number of the site's form, for messages and
// scaffolding: the pattern with the agency code, the year and serial 1.
func (s *Site) IndexNoExample(year int) string {
	return FormatIndexNo(s.IndexNoPattern, s.Agency.Code, year, 1)
}

// FormatIndexNo fills in pattern.
func FormatIndexNo(pattern, code string, year, seq int) string {
	if code == "" {
		code = "000000000"
	}
	out := strings.ReplaceAll(pattern, "{code}", code)
	out = strings.ReplaceAll(out, "{year}", strconv.Itoa(year))
	for w := 1; w < 20; w++ {
		out = strings.ReplaceAll(out, "{seq:"+strconv.Itoa(w)+"}", fmt.Sprintf("%0*d", w, seq))
	}
	return strings.ReplaceAll(out, "{seq}", strconv.Itoa(seq))
}

// NextIndexNo is the index number after the highest of year among existing.
func (s *Site) NextIndexNo(existing []string, year int) (string, error) {
	re, err := compileFor(s.IndexNoPattern, s.Agency.Code, year)
	if err != nil {
		return "", err
	}
	high := 0
	for _, x := range existing {
		if m := re.FindStringSubmatch(x); len(m) > 1 {
			if n, err := strconv.Atoi(m[1]); err == nil && n > high {
				high = n
			}
		}
	}
	return FormatIndexNo(s.IndexNoPattern, s.Agency.Code, year, high+1), nil
}

// MatchIndexNo reports whether s has the site's index-number form.
func (s *Site) MatchIndexNo(v string) bool { return s.indexRE == nil || s.indexRE.MatchString(v) }

// KindOf gives the kind of a content-relative path by the longest kind folder
// that contains it.
func (s *Site) KindOf(rel string) (Kind, bool) {
	best, bestLen := Kind(""), -1
	for _, k := range s.Kinds {
		f := s.Folders[k.Kind]
		if f != "" && strings.HasPrefix(rel, f+"/") && len(f) > bestLen {
			best, bestLen = k.Kind, len(f)
		}
	}
	return best, bestLen >= 0
}

// HasTopic reports whether path ("一级" or "一级/二级") is in the topic tree.
func (s *Site) HasTopic(path string) bool { return inTree(s.Topics, path) }

// HasCategory reports whether path is in the category tree.
func (s *Site) HasCategory(path string) bool { return inTree(s.Categories, path) }

// HasGenre reports whether g is a configured genre.
func (s *Site) HasGenre(g string) bool { return slices.Contains(s.Genres, g) }

func inTree(nodes []*Node, path string) bool {
	parts := strings.Split(path, "/")
	for _, p := range parts {
		var next *Node
		for _, n := range nodes {
			if n.Name == strings.TrimSpace(p) {
				next = n
				break
			}
		}
		if next == nil {
			return false
		}
		nodes = next.Children
	}
	return true
}

// compilePattern turns "{code}/{year}-{seq:5}" into a regular expression.
func compilePattern(p, code string) (*regexp.Regexp, error) { return compileFor(p, code, 0) }

// compileFor is compilePattern for one year (0: any), with the serial
// number as the expression's first group.
func compileFor(p, code string, year int) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	for p != "" {
		open := strings.IndexByte(p, '{')
		if open < 0 {
			b.WriteString(regexp.QuoteMeta(p))
			break
		}
		b.WriteString(regexp.QuoteMeta(p[:open]))
		end := strings.IndexByte(p[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("index_no_pattern: unclosed {")
		}
		ph := p[open+1 : open+end]
		p = p[open+end+1:]
		name, width, _ := strings.Cut(ph, ":")
		switch name {
		case "code":
			if code != "" {
				b.WriteString(regexp.QuoteMeta(code))
			} else {
				b.WriteString(`[0-9A-Za-z]+`)
			}
		case "year":
			if year > 0 {
				b.WriteString(strconv.Itoa(year))
			} else {
				b.WriteString(`\d{4}`)
			}
		case "seq":
			if width == "" {
				b.WriteString(`(\d+)`)
			} else if n, err := strconv.Atoi(width); err == nil && n > 0 && n < 20 {
				fmt.Fprintf(&b, `(\d{%d})`, n)
			} else {
				return nil, fmt.Errorf("index_no_pattern: bad width in {%s}", ph)
			}
		default:
			return nil, fmt.Errorf("index_no_pattern: unknown placeholder {%s}; use {code}, {year}, {seq} or {seq:N}", ph)
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

func parseTree(data []byte) ([]*Node, error) {
	var n yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); err != nil {
		return nil, err
	}
	return decodeTree(n.Content[0])
}

// decodeTree reads a tree written as a list whose items are names or
// one-key mappings from a name to the list of its children.
func decodeTree(n *yaml.Node) ([]*Node, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: a tree is a list of names and {name: [children]}", n.Line)
	}
	var out []*Node
	for _, item := range n.Content {
		switch item.Kind {
		case yaml.ScalarNode:
			out = append(out, &Node{Name: item.Value})
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				node := &Node{Name: item.Content[i].Value}
				if v := item.Content[i+1]; !(v.Kind == yaml.ScalarNode && v.Value == "") {
					kids, err := decodeTree(v)
					if err != nil {
						return nil, err
					}
					node.Children = kids
				}
				out = append(out, node)
			}
		default:
			return nil, fmt.Errorf("line %d: a tree item is a name or {name: [children]}", item.Line)
		}
	}
	return out, nil
}

// validEmail accepts name@host with no spaces, brackets, quotes or other
// characters a mailto: URL would need escaped.
func validEmail(e string) bool {
	name, host, ok := strings.Cut(e, "@")
	if !ok || name == "" || host == "" || !strings.Contains(host, ".") {
		return false
	}
	for _, c := range e {
		if c <= ' ' || c == 0x7f || strings.ContainsRune(`<>()[]\,;:"'%?#/`+"`", c) {
			return false
		}
	}
	return strings.Count(e, "@") == 1
}
