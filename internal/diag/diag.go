// Package diag owns diagnostics: the positioned errors and warnings that every
// stage of the pipeline reports, their rule names, their messages in the
// editor's language, and their text and JSON forms.
//
// It must not know about records, templates or output: stages call it, never
// the other way round.
package diag

import (
	"cmp"
	"fmt"
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

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos
	Severity Severity
	Rule     Rule
	Message  string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Rule)
}

// Reporter collects the diagnostics of one run. It is safe for concurrent use.
type Reporter struct {
	lang   string
	strict bool

	mu   sync.Mutex
	list []Diagnostic
}

// NewReporter returns a Reporter whose messages are in lang ("zh-CN" or "en").
// With strict, warnings are reported as errors.
func NewReporter(lang string, strict bool) *Reporter {
	return &Reporter{lang: lang, strict: strict}
}

// SetLanguage changes the language of messages reported from now on.
func (r *Reporter) SetLanguage(lang string) {
	r.mu.Lock()
	r.lang = lang
	r.mu.Unlock()
}

// Report records a diagnostic for rule at pos; args fill the rule's message.
func (r *Reporter) Report(pos Pos, rule Rule, args ...any) {
	sev := rule.Severity()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.strict {
		sev = Error
	}
	r.list = append(r.list, Diagnostic{Pos: pos, Severity: sev, Rule: rule, Message: rule.Message(r.lang, args...)})
}

// Fork returns an empty reporter of the same language and strictness, whose
// diagnostics the caller may keep and Add to this one (or a later one).
func (r *Reporter) Fork() *Reporter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &Reporter{lang: r.lang, strict: r.strict}
}

// Add records diagnostics as another reporter (of the same language and
// strictness) reported them: an incremental build replays those of the
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
			cmp.Compare(a.Col, b.Col), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
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
