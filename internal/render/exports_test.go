package render_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/pipeline"
	"github.com/gongkai/gongkai/internal/render"
)

// site copies the build fixture (which has a base URL) and adds files.
func site(t *testing.T, extra map[string]string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("../pipeline/testdata/site")); err != nil {
		t.Fatal(err)
	}
	for name, body := range extra {
		p := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func buildSite(t *testing.T, src string, opts pipeline.Options) string {
	t.Helper()
	opts.Source = src
	if opts.Out == "" {
		opts.Out = filepath.Join(t.TempDir(), "public")
	}
	res, err := pipeline.Run(context.Background(), opts)
	if err != nil {
		for _, d := range res.Diagnostics {
			t.Log(d)
		}
		t.Fatal(err)
	}
	return opts.Out
}

func read(t *testing.T, out, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const hostileTitle = `关于</script><script>alert(1)</script>&"'的通知`

const formulaTitle = `=HYPERLINK("http://evil.example/","点击")`

var hostile = map[string]string{"content/policies/2024/hostile.md": "---\nindex_no: 11000000MB0000000T/2024-00099\ntitle: '" +
	strings.ReplaceAll(hostileTitle, "'", "''") + "'\ndoc_no: 测建规〔2024〕99号\nissuer: 测试市测试局\nwritten: 2024-05-01\npublished: 2024-05-06\ngenre: 通知\nvalidity: 已修改\n---\n正文。\n",
	"content/notices/2024/formula.md": "---\nindex_no: 11000000MB0000000T/2024-00098\ntitle: '" + formulaTitle + "'\nsummary: '-1+2'\npublished: 2024-05-07\n---\n正文。\n"}

func TestExportsCSVAndJSON(t *testing.T) {
	out := buildSite(t, site(t, hostile), pipeline.Options{})
	raw := read(t, out, "catalogue.csv")
	if !bytes.HasPrefix(raw, []byte("\uFEFF")) {
		t.Fatal("catalogue.csv has no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], render.ExportColumns) {
		t.Fatalf("header %q", rows[0])
	}
	var doc struct {
		Count   int              `json:"count"`
		Records []map[string]any `json:"records"`
	}
	jb := read(t, out, "catalogue.json")
	if err := json.Unmarshal(jb, &doc); err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(doc.Records) || doc.Count != len(doc.Records) || doc.Count < 5 {
		t.Fatalf("%d CSV rows, %d JSON records, count %d", len(rows)-1, len(doc.Records), doc.Count)
	}
	col := func(name string) int { return slices.Index(render.ExportColumns, name) }
	found := false
	for i, row := range rows[1:] {
		rec := doc.Records[i]
		for j, c := range render.ExportColumns {
			var want string
			switch v := rec[c].(type) {
			case string:
				want = v
			case []any:
				var parts []string
				for _, p := range v {
					parts = append(parts, p.(string))
				}
				want = strings.Join(parts, render.ExportSep)
			case float64:
				want = fmt.Sprint(v)
			}
			if row[j] != render.CSVSafe(want) {
				t.Errorf("row %d %s: CSV %q, JSON %q", i+1, c, row[j], want)
			}
		}
		if !strings.HasPrefix(row[col("url")], "https://gk.test.example.gov.cn/") {
			t.Errorf("url %q is not absolute", row[col("url")])
		}
		if row[col("index_no")] == "11000000MB0000000T/2024-00099" {
			found = true
			if row[col("title")] != hostileTitle || row[col("validity")] != "amended" || row[col("published")] != "2024-05-06" ||
				row[col("url")] != "https://gk.test.example.gov.cn/policy/2024-00099/" || row[col("kind")] != "policy" {
				t.Errorf("hostile row %q", row)
			}
		}
	}
	if !found {
		t.Error("the added record is not exported")
	}
	// A spreadsheet must not read a value as a formula; the JSON keeps it.
	var formula []string
	for _, row := range rows {
		if row[col("index_no")] == "11000000MB0000000T/2024-00098" {
			formula = row
		}
	}
	if formula == nil || formula[col("title")] != "'"+formulaTitle || formula[col("summary")] != "'-1+2" {
		t.Errorf("formula row %q", formula)
	}
	if !strings.Contains(string(jb), `"title": "=HYPERLINK(\"http://evil.example/\",\"点击\")"`) {
		t.Error("catalogue.json does not keep the title as written")
	}
	var schema, inst any
	if err := json.Unmarshal(read(t, out, "catalogue.schema.json"), &schema); err != nil {
		t.Fatal(err)
	}
	if s := schema.(map[string]any)["$schema"]; s != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %v", s)
	}
	json.Unmarshal(jb, &inst)
	if errs := validate(schema, inst, "#"); len(errs) > 0 {
		t.Errorf("catalogue.json does not match its schema: %v", errs)
	}
	// The validator must be able to fail.
	bad := inst.(map[string]any)
	bad["records"].([]any)[0].(map[string]any)["validity"] = "valid"
	delete(bad["records"].([]any)[1].(map[string]any), "title")
	if errs := validate(schema, bad, "#"); len(errs) != 2 {
		t.Errorf("broken catalogue.json: %v, want 2 errors", errs)
	}

	// Linked from every page's footer.
	home := string(read(t, out, "index.html"))
	for _, f := range []string{"catalogue.csv", "catalogue.json", "catalogue.schema.json"} {
		if !strings.Contains(home, `href="`+f+`"`) {
			t.Errorf("home page does not link %s", f)
		}
	}

	// Deterministic.
	out2 := buildSite(t, site(t, hostile), pipeline.Options{Workers: 1})
	for _, f := range []string{"catalogue.csv", "catalogue.json", "catalogue.schema.json", "opensearch.xml"} {
		if !bytes.Equal(read(t, out, f), read(t, out2, f)) {
			t.Errorf("%s differs between builds", f)
		}
	}
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestJSONLD(t *testing.T) {
	out := buildSite(t, site(t, hostile), pipeline.Options{})
	page := string(read(t, out, "policy/2024-00099/index.html"))
	if strings.Contains(page, "<script>alert") {
		t.Fatal("the title broke out of the JSON-LD script")
	}
	m := ldRE.FindAllStringSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD scripts", len(m))
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &ld); err != nil {
		t.Fatalf("%v in %s", err, m[0][1])
	}
	want := map[string]any{
		"@context": "https://schema.org", "@type": "Legislation", "name": hostileTitle,
		"legislationIdentifier": "测建规〔2024〕99号", "identifier": "11000000MB0000000T/2024-00099",
		"legislationDate": "2024-05-01", "datePublished": "2024-05-06", "legislationLegalForce": "PartiallyInForce",
		"legislationType": "通知", "url": "https://gk.test.example.gov.cn/policy/2024-00099/",
	}
	for k, v := range want {
		if ld[k] != v {
			t.Errorf("%s = %v, want %v", k, ld[k], v)
		}
	}
	if a, _ := ld["author"].([]any); len(a) != 1 || a[0].(map[string]any)["@type"] != "GovernmentOrganization" || a[0].(map[string]any)["name"] != "测试市测试局" {
		t.Errorf("author %v", ld["author"])
	}
	// The repealed policy: not in force; and the other kinds' types.
	for page, typ := range map[string]string{"policy/2023-00001/index.html": "Legislation", "interpretation/2024-00002/index.html": "Article", "notice/2024-00003/index.html": "Article"} {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Error(err)
			continue
		}
		m := ldRE.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: no JSON-LD", page)
			continue
		}
		var ld map[string]any
		if err := json.Unmarshal(m[1], &ld); err != nil {
			t.Fatal(err)
		}
		if ld["@type"] != typ {
			t.Errorf("%s: @type %v, want %s", page, ld["@type"], typ)
		}
		if typ == "Legislation" && ld["legislationLegalForce"] != "NotInForce" {
			t.Errorf("%s: legal force %v", page, ld["legislationLegalForce"])
		}
	}
	if ldRE.MatchString(string(read(t, out, "index.html"))) {
		t.Error("the home page has JSON-LD")
	}
}

func TestOpenSearch(t *testing.T) {
	src := site(t, nil)
	out := buildSite(t, src, pipeline.Options{})
	var doc struct {
		XMLName   xml.Name
		ShortName string `xml:"ShortName"`
		URL       []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal(read(t, out, "opensearch.xml"), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != "http://a9.com/-/spec/opensearch/1.1/" || doc.XMLName.Local != "OpenSearchDescription" {
		t.Errorf("root %v", doc.XMLName)
	}
	if n := len([]rune(doc.ShortName)); n == 0 || n > 16 {
		t.Errorf("ShortName %q", doc.ShortName)
	}
	if len(doc.URL) != 1 || doc.URL[0].Type != "text/html" || doc.URL[0].Template != "https://gk.test.example.gov.cn/search/?q={searchTerms}" {
		t.Errorf("Url %+v", doc.URL)
	}
	link := `<link rel="search" type="application/opensearchdescription+xml" href="../../opensearch.xml"`
	if !strings.Contains(string(read(t, out, "policy/2024-00001/index.html")), link) {
		t.Error("record page does not link opensearch.xml")
	}
	// Offline, or without a base URL: no description and no link.
	off := buildSite(t, src, pipeline.Options{Offline: true})
	if _, err := os.Stat(filepath.Join(off, "opensearch.xml")); err == nil {
		t.Error("offline build wrote opensearch.xml")
	}
	if strings.Contains(string(read(t, off, "index.html")), "opensearchdescription") {
		t.Error("offline build links opensearch.xml")
	}
	yaml := filepath.Join(src, "content", "site.yaml")
	b, _ := os.ReadFile(yaml)
	os.WriteFile(yaml, bytes.Replace(b, []byte("base_url: https://gk.test.example.gov.cn/\n"), nil, 1), 0o644)
	nb := buildSite(t, src, pipeline.Options{})
	if _, err := os.Stat(filepath.Join(nb, "opensearch.xml")); err == nil {
		t.Error("build without base_url wrote opensearch.xml")
	}
	rows, _ := csv.NewReader(bytes.NewReader(read(t, nb, "catalogue.csv")[3:])).ReadAll()
	if u := rows[1][len(rows[1])-1]; !strings.HasPrefix(u, "/") {
		t.Errorf("url without base_url %q, want a site path", u)
	}
}

// validate checks v against the subset of JSON Schema that
// catalogue.schema.json uses: type, required, properties,
// additionalProperties false, items, enum, pattern, minLength, minimum.
func validate(schema, v any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return []string{at + ": schema is not an object"}
	}
	var errs []string
	if ty, ok := s["type"]; ok {
		var types []string
		switch x := ty.(type) {
		case string:
			types = []string{x}
		case []any:
			for _, e := range x {
				types = append(types, e.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			return []string{fmt.Sprintf("%s: %T is not %v", at, v, types)}
		}
	}
	if en, ok := s["enum"].([]any); ok && !slices.Contains(en, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, en))
	}
	if str, ok := v.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, str, p))
		}
		if n, ok := s["minLength"].(float64); ok && float64(len([]rune(str))) < n {
			errs = append(errs, fmt.Sprintf("%s: %q too short", at, str))
		}
	}
	if f, ok := v.(float64); ok {
		if n, ok := s["minimum"].(float64); ok && f < n {
			errs = append(errs, fmt.Sprintf("%s: %v < %v", at, f, n))
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: %s missing", at, r))
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if ps, ok := props[k]; ok {
				errs = append(errs, validate(ps, obj[k], at+"/"+k)...)
			} else if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s: unexpected %s", at, k))
			}
		}
	}
	if arr, ok := v.([]any); ok && s["items"] != nil {
		for i, e := range arr {
			errs = append(errs, validate(s["items"], e, fmt.Sprintf("%s/%d", at, i))...)
		}
	}
	return errs
}

func asList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		out = append(out, e.(string))
	}
	return out
}

func hasType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}
