package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/internal/load"
	"github.com/gongkai/gongkai/internal/memo"
)

// Templates are the parsed layouts of a table of outputs, one template set
// per layout, and the outputs that Render renders with them.
type Templates struct {
	outputs Outputs
	sets    map[string]*template.Template
	// Sum fingerprints every layout's name and text, for incremental builds.
	Sum memo.Sum
	// reachesCatalogue is set when a layout that a memoised page executes
	// (one of an output that is not StaleAlways, baseof.html or a partial)
	// reads .Cat: such a page may show any record, so no page is skipped.
	reachesCatalogue bool
	// listsReadBody is set when a list layout reads a record's body, so a
	// list changes with its records' bodies, not only their fields.
	listsReadBody bool
}

// listPartials are the partials that show a list of records and its items.
var listPartials = []string{"partials/list.html", "partials/item.html"}

// catRef is a use of Page.Cat in a template action.
var catRef = regexp.MustCompile(`\.Cat\b`)

// LayoutError is a layout that does not parse, with its name.
type LayoutError struct {
	Name string
	Err  error
}

func (e *LayoutError) Error() string { return e.Name + ": " + e.Err.Error() }

// LoadTemplates parses the layouts of src for the built-in outputs.
func LoadTemplates(src load.Overlay) (*Templates, error) { return BuiltinOutputs().LoadTemplates(src) }

// LoadTemplates parses the layouts of src that the outputs use: baseof.html
// with every file under partials/, combined with each page layout, and the
// standalone layouts.
func (outs Outputs) LoadTemplates(src load.Overlay) (*Templates, error) {
	if err := outs.check(); err != nil {
		return nil, err
	}
	files, err := src.Files()
	if err != nil {
		return nil, err
	}
	t := &Templates{outputs: slices.Clone(outs), sets: map[string]*template.Template{}}
	pageLayouts, standalone := outs.layouts()
	always, lists := outs.reads()
	sum := memo.NewHasher()
	read := func(name string) (string, error) {
		data, err := src.ReadFile(name)
		if err != nil {
			return "", &LayoutError{name, err}
		}
		sum.String(name)
		sum.Bytes(data)
		if !always[name] && catRef.Match(data) {
			t.reachesCatalogue = true
		}
		if lists[name] && bytes.Contains(data, []byte("Body")) {
			t.listsReadBody = true
		}
		return string(data), nil
	}
	base := template.New("baseof.html")
	text, err := read("baseof.html")
	if err != nil {
		return nil, err
	}
	if _, err := base.Parse(text); err != nil {
		return nil, &LayoutError{"baseof.html", err}
	}
	for _, f := range files {
		if !strings.HasPrefix(f.Name, "partials/") || !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		text, err := read(f.Name)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(f.Name).Parse(text); err != nil {
			return nil, &LayoutError{f.Name, err}
		}
	}
	for _, name := range pageLayouts {
		text, err := read(name)
		if err != nil {
			return nil, err
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(name).Parse(text); err != nil {
			return nil, &LayoutError{name, err}
		}
		t.sets[name] = set
	}
	for _, name := range standalone {
		text, err := read(name)
		if err != nil {
			return nil, err
		}
		set, err := template.New(name).Parse(text)
		if err != nil {
			return nil, &LayoutError{name, err}
		}
		t.sets[name] = set
	}
	t.Sum = sum.Done()
	return t, nil
}

// Execute renders the page layout name with data.
func (t *Templates) Execute(w io.Writer, name string, data any) error {
	set, ok := t.sets[name]
	if !ok {
		return fmt.Errorf("no layout %s", name)
	}
	entry := "baseof.html"
	if set.Lookup("baseof.html") == nil {
		entry = name
	}
	return set.ExecuteTemplate(w, entry, data)
}

// ExecutePartial renders the partial name (such as "partials/item.html") on
// its own.
func (t *Templates) ExecutePartial(w io.Writer, name string, data any) error {
	return t.sets["list.html"].ExecuteTemplate(w, name, data)
}
