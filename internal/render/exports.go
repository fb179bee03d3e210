package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/internal/catalogue"
	"github.com/gongkai/gongkai/internal/memo"
	"github.com/gongkai/gongkai/internal/record"
)

// The catalogue as open data: catalogue.csv (UTF-8 with a byte order mark,
// so that Excel reads it as UTF-8), catalogue.json and the JSON Schema that
// describes it, catalogue.schema.json. One row per record (pages are not
// catalogue records), ordered by index number, with every field and the
// record's URL: absolute when the site has a base URL, else the site path.
// In the CSV, values a spreadsheet would take for formulas are defused (CSVSafe).

// ExportColumns are the columns of catalogue.csv, which are also the keys
// of each record in catalogue.json, in order. List-valued fields are joined
// with ExportSep in the CSV and are arrays in the JSON.
var ExportColumns = []string{
	"index_no", "kind", "title", "doc_no", "issuers", "publisher",
	"written", "published", "effective", "expires", "validity",
	"topic", "genre", "catalogue", "keywords", "summary",
	"disclosure", "scope", "interprets", "repeals", "amends",
	"attachments", "year", "format", "url",
}

// ExportSep joins the values of a list field in catalogue.csv.
const ExportSep = ";"

// exportList reports whether column col holds a list.
func exportList(col string) bool {
	switch col {
	case "issuers", "catalogue", "keywords", "interprets", "repeals", "amends", "attachments":
		return true
	}
	return false
}

// exportRecord is one record's values by column: string or []string (or int for year).
func (r *Renderer) exportRecord(e *catalogue.Entry) map[string]any {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	refs := func(rs []record.Ref) []string {
		out := []string{}
		for _, x := range rs {
			out = append(out, x.IndexNo)
		}
		return out
	}
	list := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	atts := []string{}
	for _, a := range e.Attachments {
		atts = append(atts, r.absURL(e.URL+lastSegment(a.Rel)))
	}
	m := map[string]any{
		"index_no": e.IndexNo, "kind": string(e.Kind), "title": e.Title, "doc_no": e.DocNo,
		"issuers": list(e.Issuers), "publisher": e.Publisher,
		"written": date(e.Written), "published": date(e.Published), "effective": date(e.Effective), "expires": date(e.Expires),
		"validity": string(e.State), "topic": e.Topic, "genre": e.Genre,
		"catalogue": list(e.Record.Categories), "keywords": list(e.Keywords), "summary": e.Summary,
		"disclosure": e.Disclosure, "scope": e.Scope,
		"interprets": refs(e.Record.Interprets), "repeals": refs(e.Record.Repeals), "amends": refs(e.Record.Amends),
		"attachments": atts, "year": nil, "format": e.Format, "url": r.absURL(e.URL),
	}
	if e.Year > 0 {
		m["year"] = e.Year
	}
	return m
}

func lastSegment(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// absURL is the absolute URL of site path p when the site has a base URL,
// else p itself.
func (r *Renderer) absURL(p string) string {
	if base := r.cat.Site.BaseURL; base != "" {
		return base + strings.TrimPrefix(p, "/")
	}
	return p
}

// exportEntries are the catalogue records in index-number order.
func (r *Renderer) exportEntries() []*catalogue.Entry {
	es := slices.Clone(r.cat.Records)
	slices.SortFunc(es, func(a, b *catalogue.Entry) int {
		return cmp.Or(cmp.Compare(a.IndexNo, b.IndexNo), cmp.Compare(a.URL, b.URL))
	})
	return es
}

// exports writes catalogue.csv, catalogue.json and catalogue.schema.json.
func (r *Renderer) exports(_ item, unit string) error {
	// Sorted only when needed: a kept unit needs neither inputs nor rows.
	es := sync.OnceValue(r.exportEntries)
	inputs := func(h *memo.Hasher) { r.exportInputs(es())(h) }
	return r.unit(unit, inputs, func(out *unitOut) error { return r.writeExports(es(), out) })
}

// writeExports writes the exports of es into out. The rows are encoded
// into the two files as they come, which are written as they grow: a
// catalogue of 100,000 records has 150 MB of exports.
func (r *Renderer) writeExports(es []*catalogue.Entry, out *unitOut) error {
	err := out.WriteStream("catalogue.csv", func(cw io.Writer) error {
		return out.WriteStream("catalogue.json", func(jw io.Writer) error {
			return r.exportRows(es, cw, jw)
		})
	})
	if err != nil {
		return err
	}
	return out.WriteFile("catalogue.schema.json", []byte(r.exportSchema()))
}

// exportRows writes the CSV export of es to cw and the JSON one to jw.
func (r *Renderer) exportRows(es []*catalogue.Entry, cw, jw io.Writer) error {
	if _, err := io.WriteString(cw, "\uFEFF"); err != nil {
		return err
	}
	w := csv.NewWriter(cw)
	if err := w.Write(ExportColumns); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}

	// JSON: an ordered object per record, keys in ExportColumns order.
	var head bytes.Buffer
	head.WriteString("{\n")
	fields := map[string]any{"$schema": r.absURL("/catalogue.schema.json"), "title": r.cat.Site.Title,
		"agency": r.cat.Site.Agency.Name, "count": len(es)}
	for _, k := range []string{"$schema", "title", "agency", "count"} {
		writeJSONKey(&head, k, fields[k])
		head.WriteString(",\n")
	}
	head.WriteString("  \"records\": [")
	if _, err := jw.Write(head.Bytes()); err != nil {
		return err
	}
	for i, e := range es {
		row, err := r.exportRow(e)
		if err != nil {
			return err
		}
		if _, err := cw.Write(row.csv); err != nil {
			return err
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		if _, err := io.WriteString(jw, sep); err != nil {
			return err
		}
		if _, err := jw.Write(row.json); err != nil {
			return err
		}
	}
	_, err := io.WriteString(jw, "\n  ]\n}\n")
	return err
}

// exportRow is one record as the exports write it: a CSV line and a JSON
// object.
type exportRow struct {
	base      string // the site's base URL, which the URLs in them begin with
	csv, json []byte
}

// exportRow encodes e for the exports, or reuses the encoding kept with
// its version when e has not changed since.
func (r *Renderer) exportRow(e *catalogue.Entry) (*exportRow, error) {
	var v *version
	if r.versions != nil {
		v = r.versions.m[e]
	}
	if v != nil && v.export != nil && v.export.base == r.cat.Site.BaseURL {
		return v.export, nil
	}
	m := r.exportRecord(e)
	line := make([]string, len(ExportColumns))
	for i, c := range ExportColumns {
		switch v := m[c].(type) {
		case string:
			line[i] = v
		case []string:
			line[i] = strings.Join(v, ExportSep)
		case int:
			line[i] = strconv.Itoa(v)
		default:
			line[i] = ""
		}
		line[i] = CSVSafe(line[i])
	}
	var cb bytes.Buffer
	w := csv.NewWriter(&cb)
	if err := w.Write(line); err != nil {
		return nil, err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	var jb bytes.Buffer
	jb.WriteByte('{')
	for j, c := range ExportColumns {
		if j > 0 {
			jb.WriteString(", ")
		}
		b, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		jb.Write(b)
		jb.WriteString(": ")
		if b, err = json.Marshal(m[c]); err != nil {
			return nil, err
		}
		jb.Write(b)
	}
	jb.WriteByte('}')
	row := &exportRow{base: r.cat.Site.BaseURL, csv: cb.Bytes(), json: jb.Bytes()}
	if v != nil && r.versions.keepRows {
		v.export = row
	}
	return row, nil
}

// CSVSafe keeps a spreadsheet from reading a cell as a formula: a value
// that starts with =, +, -, @ or a tab or carriage return gets a leading
// apostrophe, as OWASP advises against CSV injection (gongkai import takes
// it off again). catalogue.json has the values as they are.
func CSVSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func writeJSONKey(buf *bytes.Buffer, k string, v any) {
	kb, _ := json.Marshal(k)
	vb, _ := json.Marshal(v)
	buf.WriteString("  ")
	buf.Write(kb)
	buf.WriteString(": ")
	buf.Write(vb)
}

// exportSchema is the JSON Schema (draft 2020-12) of catalogue.json.
func (r *Renderer) exportSchema() string {
	date := map[string]any{"type": "string", "pattern": `^(\d{4}-\d{2}-\d{2})?$`}
	str := map[string]any{"type": "string"}
	strs := map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	props := map[string]any{}
	for _, c := range ExportColumns {
		switch {
		case exportList(c):
			props[c] = strs
		case c == "written" || c == "published" || c == "effective" || c == "expires":
			props[c] = date
		case c == "year":
			props[c] = map[string]any{"type": []string{"integer", "null"}}
		case c == "kind":
			var kinds []string
			for _, k := range r.cat.Site.Kinds.Listed() {
				kinds = append(kinds, string(k.Kind))
			}
			props[c] = map[string]any{"type": "string", "enum": kinds}
		case c == "validity":
			props[c] = map[string]any{"type": "string", "enum": []string{"in_force", "amended", "expired", "repealed"}}
		case c == "disclosure":
			props[c] = map[string]any{"type": "string", "enum": []string{"", "proactive", "on_request"}}
		case c == "scope":
			props[c] = map[string]any{"type": "string", "enum": []string{"", "public", "specific"}}
		case c == "index_no" || c == "title" || c == "url":
			props[c] = map[string]any{"type": "string", "minLength": 1}
		default:
			props[c] = str
		}
	}
	item := map[string]any{"type": "object", "required": ExportColumns, "additionalProperties": false, "properties": props}
	s := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  r.absURL("/catalogue.schema.json"),
		"title":                "gongkai catalogue",
		"description":          "The records of a government information disclosure catalogue (政府信息公开目录) as published by gongkai in catalogue.json.",
		"type":                 "object",
		"required":             []string{"$schema", "title", "agency", "count", "records"},
		"additionalProperties": false,
		"properties": map[string]any{
			"$schema": str, "title": str, "agency": str,
			"count":   map[string]any{"type": "integer", "minimum": 0},
			"records": map[string]any{"type": "array", "items": item},
		},
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	return string(b) + "\n"
}
