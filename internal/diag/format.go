package diag

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteText writes one line per diagnostic in lang: path:line:col:
// severity: message [rule].
func WriteText(w io.Writer, ds []Diagnostic, lang string) error {
	for _, d := range ds {
		if _, err := fmt.Fprintln(w, d.Format(lang)); err != nil {
			return err
		}
	}
	return nil
}

type jsonDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// WriteJSON writes the diagnostics, their messages in lang, as one JSON
// array.
func WriteJSON(w io.Writer, ds []Diagnostic, lang string) error {
	out := make([]jsonDiagnostic, len(ds))
	for i, d := range ds {
		out[i] = jsonDiagnostic{d.Path, d.Line, d.Col, d.Severity.String(), string(d.Rule), d.Message(lang)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
