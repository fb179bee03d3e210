package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/config"
	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/record"
)

// annualOnly are the keys that say something only of an annual report:
// other kinds' records are not changed in them.
var annualOnly = map[string]string{
	"tables":   "only an annual report has the statutory tables",
	"sections": "only an annual report has the statutory sections",
	"year":     "only an annual report has a year reported on",
	"format":   "only an annual report has a table format",
}

// knownIncrementalBugs are the changes, "kind/key", after which an
// incremental build is known to differ from a clean one. The test still
// makes them, logs the difference, and fails when one no longer differs
// (take it off the list then). Each says what goes wrong.
var knownIncrementalBugs = map[string]string{}

// TestEveryFieldIncremental changes, in turn, every front-matter key that
// record.Keys lists in one record of every kind of the site's kind table,
// each in the way its type allows (a date to another date, an enumerated
// value to another allowed one, a reference to another record's index
// number, a topic to another declared topic, …), adding the field where
// the record lacks it. After each change, and again after undoing it, it
// builds incrementally two ways (the session on disk, as `gongkai build`
// keeps it; in memory and told the path changed, as serve does) and
// compares each with a clean build of the same input: the same files, byte
// for byte, and the same diagnostics. A change that makes the catalogue
// invalid must fail the incremental builds as it fails the clean one, and
// leave their output as it was.
func TestEveryFieldIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example catalogue about 800 times; skipped with -short")
	}
	start := time.Now()
	site := exampleSite(t)
	content := filepath.Join(site, "content")
	tmp := t.TempDir()
	ctx := context.Background()
	// Files older than this have a Stat the on-disk session trusts, so
	// that its builds reuse the records that did not change; an edited
	// file is read again whatever its Stat says (load.Stat.Settled).
	time.Sleep(2100 * time.Millisecond)

	cat, recs, err := readCatalogue(ctx, Options{Source: site}, 2, diag.NewReporter(false))
	if err != nil {
		t.Fatal(err)
	}
	kinds := cat.Site.Kinds
	keys := record.Keys()
	changes := &changer{site: cat.Site, recs: recs, content: content}

	type variant struct {
		name string
		opts Options
		last map[string][]byte // its output after its last build
	}
	variants := []*variant{
		{name: "on disk", opts: Options{Source: site, Out: filepath.Join(tmp, "disk"), Cache: filepath.Join(tmp, "cache")}},
		{name: "in memory", opts: Options{Source: site, Out: filepath.Join(tmp, "mem"), Session: NewSession(), KeepSearch: true, Private: true}},
	}
	cleanOpts := Options{Source: site, Out: filepath.Join(tmp, "clean")}
	// check compares the builds of the variants, told that rel changed,
	// with the clean build, and returns how each differs (a clean build
	// that failed: the variant must fail too and leave its output as it
	// was). The three builds run at once.
	check := func(t *testing.T, clean built, rel string, builds []built) (problems []string) {
		for i, v := range variants {
			b := builds[i]
			if (b.err == nil) != (clean.err == nil) {
				problems = append(problems, fmt.Sprintf("%s: build error %v, clean build's %v", v.name, b.err, clean.err))
				continue
			}
			if got, want := messages(b.res.Diagnostics), messages(clean.res.Diagnostics); !slices.Equal(got, want) {
				problems = append(problems, fmt.Sprintf("%s: diagnostics\n\t%s\nwant\n\t%s", v.name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t")))
			}
			if b.err != nil {
				if d := treeDiff(b.out, v.last); len(d) > 0 {
					problems = append(problems, fmt.Sprintf("%s: a failed build changed its output: %s", v.name, strings.Join(d, ", ")))
				}
				continue
			}
			if d := treeDiff(b.out, clean.out); len(d) > 0 {
				problems = append(problems, fmt.Sprintf("%s: output differs from a clean build's: %s", v.name, strings.Join(d, ", ")))
			}
			if touched := len(treeDiff(b.out, v.last)); v.last != nil && b.res.Changed < touched {
				problems = append(problems, fmt.Sprintf("%s: %d files changed, the result says %d", v.name, touched, b.res.Changed))
			}
			v.last = b.out
		}
		return problems
	}
	// step builds clean (unless given the clean build of this input) and
	// incrementally, told that rel changed.
	step := func(t *testing.T, rel string, clean *built) (built, []string) {
		builds := make([]built, len(variants)+1)
		jobs := []func(){}
		for i, v := range variants {
			opts := v.opts
			if opts.Session != nil && rel != "" {
				opts.Changed = []string{rel}
			}
			jobs = append(jobs, func() { builds[i] = build(ctx, opts) })
		}
		if clean == nil {
			jobs = append(jobs, func() { builds[len(variants)] = build(ctx, cleanOpts) })
		} else {
			builds[len(variants)] = *clean
		}
		parallel(jobs...)
		for _, b := range builds {
			if b.fail != nil {
				t.Fatal(b.fail)
			}
		}
		return builds[len(variants)], check(t, builds[len(variants)], rel, builds[:len(variants)])
	}
	// reset starts the variants again from a clean build of the catalogue
	// as it is, after a change left them wrong.
	reset := func(t *testing.T) {
		for _, v := range variants {
			if v.opts.Session != nil {
				v.opts.Session = NewSession()
			}
			for _, dir := range []string{v.opts.Out, v.opts.Cache} {
				if err := os.RemoveAll(dir); err != nil && dir != "" {
					t.Fatal(err)
				}
			}
			mustBuild(t, v.opts)
			v.last = tree(t, v.opts.Out)
		}
	}

	base, problems := step(t, "", nil)
	if base.err != nil {
		t.Fatalf("the example catalogue does not build: %v", base.err)
	}
	for _, p := range problems {
		t.Fatalf("first build: %s", p)
	}

	exercised, invalid, unseen, ran := 0, 0, 0, 0
	exercisedKeys := map[string]bool{}
	for _, spec := range kinds {
		rec := richest(recs, spec.Kind)
		file := ""
		var orig []byte
		if rec != nil {
			file = filepath.Join(content, filepath.FromSlash(rec.Rel))
			if orig, err = os.ReadFile(file); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(string(spec.Kind), func(t *testing.T) {
			for _, key := range keys {
				t.Run(key, func(t *testing.T) {
					ran++
					if rec == nil {
						t.Skip("the example catalogue has no record of the kind")
					}
					if why, ok := annualOnly[key]; ok && spec.Kind != config.AnnualReport {
						t.Skip(why)
					}
					changed, what, err := changes.change(rec, orig, key)
					if err != nil {
						t.Fatalf("%s: %v", rec.Rel, err)
					}
					if changed == nil {
						t.Skip(what)
					}
					exercised++
					exercisedKeys[key] = true
					writeFile(t, file, string(changed))
					undone := false
					defer func() {
						if !undone { // a failed test: the next change starts from orig
							os.WriteFile(file, orig, 0o644)
						}
					}()
					clean, problems := step(t, rec.Rel, nil)
					switch {
					case clean.err != nil:
						invalid++
						what += "; the catalogue is invalid"
					case treeDiff(clean.out, base.out) == nil && slices.Equal(messages(clean.res.Diagnostics), messages(base.res.Diagnostics)):
						unseen++
						what += "; the output does not change"
					}
					t.Logf("%s: %s", rec.Rel, what)
					bug, known := knownIncrementalBugs[string(spec.Kind)+"/"+key]
					switch {
					case known && len(problems) == 0:
						t.Errorf("the known bug (%s) is gone: take it off knownIncrementalBugs", bug)
					case known:
						for _, p := range problems {
							t.Logf("known bug: %s", p)
						}
					default:
						for _, p := range problems {
							t.Error(p)
						}
					}
					writeFile(t, file, string(orig))
					undone = true
					_, problems = step(t, rec.Rel, &base)
					if !known {
						for _, p := range problems {
							t.Errorf("undone: %s", p)
						}
					}
					if len(problems) > 0 {
						// Start the next change from builds that are right.
						reset(t)
					}
				})
			}
		})
	}
	t.Logf("%d changes in %v: %d made the catalogue invalid, %d changed neither output nor diagnostics",
		exercised, time.Since(start).Round(time.Second), invalid, unseen)
	if ran < len(kinds)*len(keys) {
		t.Log("some changes were left out by -run: the coverage is not checked")
		return
	}
	if exercised < len(kinds)*len(keys)/2 {
		t.Errorf("only %d of %d field changes were made", exercised, len(kinds)*len(keys))
	}
	for _, key := range keys {
		if !exercisedKeys[key] {
			t.Errorf("%s was changed in no record", key)
		}
	}
}

// built is what one build did, and its output when it succeeded.
type built struct {
	res  *Result
	err  error // ErrInvalid or nil
	out  map[string][]byte
	fail error // any other error
}

// build runs a build with opts and, for a session's that keeps the search
// index, brings the index up to date as serve does: the pages first, then
// the index.
func build(ctx context.Context, opts Options) (b built) {
	b.res, b.err = Run(ctx, opts)
	if opts.Session != nil && opts.KeepSearch && b.err == nil && b.res.SearchStale {
		first := b.res.Changed
		b.res, b.err = UpdateSearch(ctx, opts)
		if b.err == nil {
			b.res.Changed += first
		}
	}
	if b.err != nil && !errors.Is(b.err, ErrInvalid) {
		b.fail = b.err
	}
	if b.fail == nil {
		b.out, b.fail = outputFiles(opts.Out)
	}
	return b
}

// parallel runs jobs at once and waits for them.
func parallel(jobs ...func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}

// outputFiles reads every file below dir into a map by slash path, as tree
// does but without a testing.T, for builds that run at once; none when
// there is no dir.
func outputFiles(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	return out, err
}

// treeDiff names the files that are in only one of a and b or differ
// between them, sorted; nil when there are none.
func treeDiff(a, b map[string][]byte) []string {
	var out []string
	for name, data := range a {
		if other, ok := b[name]; !ok {
			out = append(out, name+" (only in the build)")
		} else if !bytes.Equal(data, other) {
			out = append(out, name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			out = append(out, name+" (missing)")
		}
	}
	slices.Sort(out)
	return out
}

// richest is the record of kind k, not a draft, that gives the most keys,
// the first by path of those; nil when there is none.
func richest(recs []*record.Record, k config.Kind) *record.Record {
	var best *record.Record
	n := -1
	for _, r := range recs {
		if r.Kind != k || r.Draft {
			continue
		}
		m := 0
		for _, key := range record.Keys() {
			if r.Pos.Has(key) {
				m++
			}
		}
		if m > n || m == n && r.Rel < best.Rel {
			best, n = r, m
		}
	}
	return best
}

// changer makes the change of one field of one record that a careful
// editor might make: one that keeps the catalogue valid where the field's
// type allows.
type changer struct {
	site    *config.Site
	recs    []*record.Record
	content string // the content/ folder
}

// change is the file data of rec, orig, with key changed, and what the
// change was; nil data and why when the field cannot be changed.
func (c *changer) change(rec *record.Record, orig []byte, key string) ([]byte, string, error) {
	front, rest, err := splitRecord(rec.Rel, orig)
	if err != nil {
		return nil, "", err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil {
		return nil, "", err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, "", errors.New("the front matter is no mapping")
	}
	var cur *yaml.Node
	for m, i := doc.Content[0], 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			cur = m.Content[i+1]
		}
	}
	if key == "body" && rest != "" {
		return []byte("---\n" + front + rest + "\n每个字段逐一修改时补充的一段正文。\n"), "a paragraph added to the body", nil
	}
	val, what := c.value(rec, key, cur)
	if what == unknownField {
		return nil, "", errors.New(what)
	}
	if val == nil {
		return nil, what, nil
	}
	if cur == nil {
		what = "added: " + what
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	err = enc.Encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: key}, val}})
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		return nil, "", err
	}
	front = setKey(front, key, b.String())
	if rest == "" && !strings.HasPrefix(string(orig), "---") {
		return []byte(front), what, nil
	}
	return []byte("---\n" + front + rest), what, nil
}

// splitRecord parts a record file into its front matter, without the
// opening "---\n", and the rest, from the closing "---" on; a YAML record
// is all front matter.
func splitRecord(rel string, data []byte) (front, rest string, err error) {
	s := string(data)
	if !strings.HasSuffix(rel, ".md") {
		return s, "", nil
	}
	if !strings.HasPrefix(s, "---\n") {
		return "", "", fmt.Errorf("%s: no front matter", rel)
	}
	end := strings.Index(s[3:], "\n---")
	if end < 0 {
		return "", "", fmt.Errorf("%s: the front matter does not end", rel)
	}
	return s[4 : end+4], s[end+4:], nil
}

// setKey replaces the lines of the top-level key in the YAML text front
// with text, or adds text at the end when the key is not there.
func setKey(front, key, text string) string {
	lines := strings.SplitAfter(front, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, key+":") {
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j] != "" && strings.ContainsAny(lines[j][:1], " \t-\n") {
			j++
		}
		return strings.Join(lines[:i], "") + text + strings.Join(lines[j:], "")
	}
	if front != "" && !strings.HasSuffix(front, "\n") {
		front += "\n"
	}
	return front + text
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func flowList(items ...string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, scalar(s))
	}
	return n
}

// texts is the items of a scalar or list node.
func texts(n *yaml.Node) []string {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}
	}
	var out []string
	for _, item := range n.Content {
		out = append(out, item.Value)
	}
	return out
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// value is the new value of rec's key, whose value is cur (nil: not
// given), and what the change is; nil and why when there is none.
func (c *changer) value(rec *record.Record, key string, cur *yaml.Node) (*yaml.Node, string) {
	switch key {
	case "kind":
		// The next kind of the table, as an editor would move a record
		// from one list to another.
		kinds := c.site.Kinds
		i := slices.IndexFunc(kinds, func(s config.KindSpec) bool { return s.Kind == rec.Kind })
		next := kinds[(i+1)%len(kinds)].Kind
		return scalar(string(next)), "kind " + string(next)
	case "index_no":
		n := fmt.Sprintf("%s/%d-%05d", c.site.Agency.Code, max(rec.Published.Year(), 2000), 90000+len(rec.Rel))
		return scalar(n), "index number " + n
	case "title", "summary", "publisher", "doc_no":
		s := "云溪市住房和城乡建设局办公室"
		switch {
		case key == "doc_no" && cur != nil:
			s = strings.Replace(cur.Value, "号", "9号", 1)
		case key == "doc_no":
			s = "云溪住建通〔2024〕99号"
		case cur != nil && cur.Value != "":
			s = cur.Value + "（修订）"
		case key == "title" || key == "summary":
			s = "每个字段逐一修改时加上的" + key
		}
		return scalar(s), key + " " + s
	case "issuer", "keywords":
		items := texts(cur)
		if len(items) > 1 {
			items = items[:len(items)-1]
		} else {
			items = append(items, "云溪市财政局")
		}
		return flowList(items...), fmt.Sprintf("%s %v", key, items)
	case "written", "published", "effective", "expires":
		var d time.Time
		switch {
		case cur != nil:
			t, err := time.Parse(time.DateOnly, cur.Value)
			if err != nil {
				return nil, "its value is no date"
			}
			// Written a day earlier, the others a day later: the order
			// of the dates stays as it was.
			d = t.AddDate(0, 0, 1)
			if key == "written" {
				d = t.AddDate(0, 0, -1)
			}
		case key == "written":
			d = rec.Published.AddDate(0, 0, -3)
		case key == "effective":
			d = rec.Published.AddDate(0, 1, 0)
		case key == "expires":
			d = rec.Published.AddDate(5, 0, 0)
			if !rec.Effective.IsZero() {
				d = rec.Effective.AddDate(5, 0, 0)
			}
		default:
			return nil, "the record has no published date to change"
		}
		return scalar(day(d)), key + " " + day(d)
	case "validity", "disclosure", "scope", "format":
		now := map[string]string{"validity": string(rec.Validity), "disclosure": rec.Disclosure, "scope": rec.Scope, "format": rec.Format}[key]
		for _, v := range record.EnumValues(key) {
			if v != now {
				return scalar(v), key + " " + v
			}
		}
		return nil, "the field has one allowed value"
	case "topic", "genre", "catalogue":
		// Another value that other records have, so that the record
		// moves from one of their pages to another.
		has := map[string]func(string) bool{"topic": c.site.HasTopic, "genre": c.site.HasGenre, "catalogue": c.site.HasCategory}[key]
		var used []string
		for _, r := range c.recs {
			used = append(used, map[string][]string{"topic": {r.Topic}, "genre": {r.Genre}, "catalogue": r.Categories}[key]...)
		}
		slices.Sort(used)
		for _, v := range slices.Compact(used) {
			if v != "" && has(v) && !slices.Contains(texts(cur), v) {
				return scalar(v), key + " " + v
			}
		}
		return nil, "no other declared value is in use"
	case "interprets", "repeals", "amends":
		// Another policy: an interpretation's instead of its own, any
		// other record's besides none.
		for _, r := range c.recs {
			if r.Kind != config.Policy || r.IndexNo == "" || r == rec || slices.Contains(texts(cur), r.IndexNo) {
				continue
			}
			items := append(texts(cur), r.IndexNo)
			if rec.Kind == config.Interpretation && key == "interprets" {
				items = []string{r.IndexNo}
			}
			return flowList(items...), fmt.Sprintf("%s %v", key, items)
		}
		return nil, "no other policy to refer to"
	case "attachments":
		if cur != nil && cur.Kind == yaml.SequenceNode && len(cur.Content) > 1 {
			slices.Reverse(cur.Content)
			return cur, "attachments in the other order"
		}
		if cur != nil && cur.Kind == yaml.SequenceNode && len(cur.Content) == 1 && cur.Content[0].Kind == yaml.MappingNode {
			item := cur.Content[0]
			for i := 0; i+1 < len(item.Content); i += 2 {
				if item.Content[i].Value == "title" {
					item.Content[i+1].Value += "（修订）"
					return cur, "the attachment's title changed"
				}
			}
		}
		// Another record's attachment, by its path from this one's folder.
		var file string
		filepath.WalkDir(c.content, func(p string, d fs.DirEntry, err error) error {
			if err == nil && file == "" && !d.IsDir() && (strings.HasSuffix(p, ".pdf") || strings.HasSuffix(p, ".docx")) {
				file = p
			}
			return err
		})
		rel, err := filepath.Rel(filepath.Join(c.content, filepath.FromSlash(rec.Dir)), file)
		if file == "" || err != nil {
			return nil, "the catalogue has no attachment to add"
		}
		rel = filepath.ToSlash(rel)
		return &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Content: []*yaml.Node{
			scalar("file"), scalar(rel), scalar("title"), scalar("借用的附件"),
		}}}}, "attachment " + rel
	case "slug":
		s := "every-field-" + string(rec.Kind)
		if cur != nil {
			s = cur.Value + "-2"
		}
		return scalar(s), "slug " + s
	case "aliases":
		items := append(texts(cur), "/old/every-field-"+string(rec.Kind)+".html")
		return flowList(items...), fmt.Sprintf("aliases %v", items)
	case "draft":
		v := "true"
		if rec.Draft {
			v = "false"
		}
		return scalar(v), "draft " + v
	case "year":
		y := rec.Year - 10
		return scalar(strconv.Itoa(y)), "year " + strconv.Itoa(y)
	case "tables":
		// One count that no total sums: the licensing decisions.
		if n := lookup(cur, "proactive", "licensing", "decisions"); n != nil {
			v, err := strconv.Atoi(n.Value)
			if err == nil {
				n.Value = strconv.Itoa(v + 1)
				return cur, "tables: licensing decisions " + n.Value
			}
		}
		return nil, "the record has no licensing decisions to change"
	case "sections":
		if cur != nil && cur.Kind == yaml.MappingNode && len(cur.Content) >= 2 {
			cur.Content[1].Value += "每个字段逐一修改时补充的一句。\n"
			return cur, "sections: " + cur.Content[0].Value + " extended"
		}
		return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("other"), scalar("每个字段逐一修改时补充的一句。")}}, "sections: other"
	case "body":
		// A YAML record's body is a field like the others.
		s := "每个字段逐一修改时的正文。"
		if cur != nil {
			s = cur.Value + s
		}
		return scalar(s), "body extended"
	}
	return nil, unknownField
}

// unknownField is what changer.value says of a key it cannot change.
const unknownField = "the test does not know how to change it: teach changer.value"

// lookup is the value at the path of keys below mapping n, or nil.
func lookup(n *yaml.Node, path ...string) *yaml.Node {
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return n
}
