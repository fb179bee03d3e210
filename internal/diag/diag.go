// Package diag owns diagnostics: the positioned errors and warnings that every
// stage of the pipeline reports, their rule names, their messages in the
// editor's language, and their text and JSON forms.
//
// It must not know about records, templates or output: stages call it, never
// the other way round.
package diag

import (
	"cmp"
	"encoding/gob"
	"fmt"
	"reflect"
	"slices"
	"sync"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Pos is a place in a source file. Line and Col count from 1; zero means
// unknown (a whole-file problem). Col counts characters, not bytes.
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Diagnostic is one problem found in the input: its rule and the
// arguments of the rule's message, which is worded in a language only when
// it is read (Message).
type Diagnostic struct {
	Pos
	Severity Severity
	Rule     Rule
	Args     []any // strings, numbers, []string and Text (see Reporter.Report)
}

// Message is the diagnostic's message in lang ("en", or Chinese otherwise).
func (d Diagnostic) Message(lang string) string { return d.Rule.Message(lang, d.Args...) }

// Format is the diagnostic as one line in lang:
// path:line:col: severity: message [rule].
func (d Diagnostic) Format(lang string) string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message(lang), d.Rule)
}

// String is the diagnostic as one line in Chinese, the default language.
func (d Diagnostic) String() string { return d.Format("zh-CN") }

// Reporter collects the diagnostics of one run. It is safe for concurrent use.
type Reporter struct {
	strict bool

	mu   sync.Mutex
	list []Diagnostic
}

// NewReporter returns a Reporter. With strict, warnings are reported as
// errors.
func NewReporter(strict bool) *Reporter {
	return &Reporter{strict: strict}
}

// Report records a diagnostic for rule at pos; args fill the rule's
// message. Arguments are kept as plain values (see plain), so that
// diagnostics can be kept between runs and worded later.
func (r *Reporter) Report(pos Pos, rule Rule, args ...any) {
	kept := make([]any, len(args))
	for i, a := range args {
		kept[i] = plain(a)
	}
	sev := rule.Severity()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.strict {
		sev = Error
	}
	r.list = append(r.list, Diagnostic{Pos: pos, Severity: sev, Rule: rule, Args: kept})
}

// Fork returns an empty reporter of the same strictness, whose
// diagnostics the caller may keep and Add to this one (or a later one).
func (r *Reporter) Fork() *Reporter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &Reporter{strict: r.strict}
}

// Add records diagnostics as another reporter (of the same strictness)
// reported them: an incremental build replays those of the
// records it did not decode again.
func (r *Reporter) Add(ds ...Diagnostic) {
	r.mu.Lock()
	r.list = append(r.list, ds...)
	r.mu.Unlock()
}

// Diagnostics returns everything reported, sorted by path, line, column, rule.
func (r *Reporter) Diagnostics() []Diagnostic {
	r.mu.Lock()
	out := slices.Clone(r.list)
	r.mu.Unlock()
	slices.SortStableFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message("zh-CN"), b.Message("zh-CN")))
	})
	return out
}

// Errors counts the diagnostics that stop the build.
func (r *Reporter) Errors() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, d := range r.list {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// plain is a as a value of a basic type, which encoding/gob carries in an
// interface without registration: the string of an error or a Stringer,
// the underlying value of a named string, number or bool, a copy of a
// []string, anything else as fmt prints it. Text is kept (registered in
// init).
func plain(a any) any {
	switch v := a.(type) {
	case Text, string, int, int64, uint64, float64, bool:
		return v
	case []string:
		return slices.Clone(v)
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	}
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Bool:
		return v.Bool()
	}
	return fmt.Sprint(a)
}

// Text travels in Diagnostic.Args, which incremental builds keep on disk
// with encoding/gob.
func init() { gob.Register(Text{}) }
