package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// vnuMessage is one message of the Nu Html Checker's --format json.
type vnuMessage struct {
	Type        string `json:"type"`    // error, info, non-document-error
	SubType     string `json:"subType"` // warning, fatal, io, …
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// runVnu checks the files (or folders) with the Nu Html Checker and returns
// its messages.
func runVnu(t *testing.T, args ...string) []vnuMessage {
	t.Helper()
	java, jar := vnuJar(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, append([]string{"-Xss8m", "-jar", jar, "--format", "json", "--exit-zero-always"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("running the Nu Html Checker: %v\n%s", err, stderr.String())
	}
	// The report goes to stderr unless --stdout is given.
	report := stderr.Bytes()
	if len(bytes.TrimSpace(report)) == 0 {
		report = stdout.Bytes()
	}
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(report, &out); err != nil {
		t.Fatalf("reading the Nu Html Checker's report: %v\n%s", err, report)
	}
	return out.Messages
}

// reportVnu fails the test for each error and logs each warning; it
// returns the number of errors.
func reportVnu(t *testing.T, root string, msgs []vnuMessage) int {
	t.Helper()
	errs := 0
	for _, m := range msgs {
		name := strings.TrimPrefix(m.URL, "file:")
		if r, err := filepath.Rel(root, name); err == nil {
			name = r
		}
		if m.FirstLine == 0 { // vnu leaves it out when the message is on one line
			m.FirstLine = m.LastLine
		}
		line := name + ":" + itoa(m.FirstLine) + ":" + itoa(m.FirstColumn) + ": " + m.Message
		if m.Extract != "" {
			line += "\n\t" + strings.ReplaceAll(m.Extract, "\n", "\n\t")
		}
		switch {
		case m.Type == "info" && m.SubType == "warning":
			t.Logf("warning: %s", line)
		case m.Type == "info":
		default:
			errs++
			t.Errorf("%s: %s", m.Type, line)
		}
	}
	return errs
}

func itoa(n int) string { return ftoa(float64(n)) }

// TestValidHTML builds the bundled catalogue, normal and offline, and runs
// the Nu Html Checker over every HTML page (which covers every page type;
// the types found are logged) and the stylesheets: no errors allowed.
func TestValidHTML(t *testing.T) {
	for _, offline := range []bool{false, true} {
		out := buildSite(t, exampleSite, offline)
		var pages, sheets []string
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil || d.IsDir():
				return err
			case strings.HasSuffix(p, ".html"):
				pages = append(pages, p)
			case strings.HasSuffix(p, ".css"):
				sheets = append(sheets, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		types := samplePages(t, out)
		msgs := runVnu(t, append([]string{"--html"}, pages...)...)
		errs := reportVnu(t, out, msgs)
		cssMsgs := runVnu(t, append([]string{"--css"}, sheets...)...)
		errs += reportVnu(t, out, cssMsgs)
		t.Logf("offline=%v: Nu Html Checker read %d pages (%d page types) and %d stylesheets: %d errors", offline, len(pages), len(types), len(sheets), errs)
		if len(pages) < len(types) || len(types) < 10 {
			t.Errorf("only %d pages of %d types checked", len(pages), len(types))
		}
	}
}

// TestVnuCatchesErrors proves the checker and the way its report is read
// work: a page with known errors must give errors.
func TestVnuCatchesErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.html")
	if err := os.WriteFile(bad, []byte("<!DOCTYPE html><html lang=zh-CN><head><title>x</title></head><body><img src=a.png><p><div>x</div></span></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	msgs := runVnu(t, "--html", bad)
	n := 0
	for _, m := range msgs {
		if m.Type == "error" {
			n++
		}
	}
	if n < 2 {
		t.Errorf("the Nu Html Checker found %d errors in a page with a missing alt and a stray end tag: %+v", n, msgs)
	}
}
