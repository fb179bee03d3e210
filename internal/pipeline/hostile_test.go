package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gongkai/gongkai/internal/diag"
	"github.com/gongkai/gongkai/internal/markdown"
	"github.com/gongkai/gongkai/internal/output"
)

// hostileTimeout is how long one build of hostile input may take: far more
// than the fixture needs (milliseconds), far less than a hang.
const hostileTimeout = 20 * time.Second

// hostileCase is one bad input put into the fixture after a good build.
type hostileCase struct {
	name string
	// setup writes the input into the site folder src; secret is a file
	// outside the site whose bytes must never reach the output.
	setup func(t *testing.T, src, secret string)
	// rules the build must report, with text each message must hold; no
	// rules: the input is accepted and the build must succeed.
	rules   []diag.Rule
	message string
	// check, for accepted input, looks at the new output.
	check func(t *testing.T, files map[string][]byte)
	// maxAlloc, when set, bounds the bytes allocated by the build.
	maxAlloc uint64
}

const ixBase = "11000000MB0000000T/2024-000"

func rec(n int, extra, body string) string {
	return fmt.Sprintf("---\nindex_no: %s%02d\ntitle: 测试记录%d\npublished: 2024-06-01\n%s---\n%s\n", ixBase, n, n, extra, body)
}

// utf16 encodes s as UTF-16 (big or little endian), with a BOM if asked.
func utf16(s string, big, bom bool) []byte {
	var out []byte
	put := func(u uint16) {
		if big {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	if bom {
		put(0xFEFF)
	}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			put(uint16(0xD800 + r>>10))
			put(uint16(0xDC00 + r&0x3FF))
			continue
		}
		put(uint16(r))
	}
	return out
}

func writeBytes(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var hostileCases = []hostileCase{
	{
		name: "YAML alias bomb",
		setup: func(t *testing.T, src, _ string) {
			var b strings.Builder
			b.WriteString("---\nindex_no: " + ixBase + "50\ntitle: 炸弹\npublished: 2024-06-01\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
			for i := 1; i < 10; i++ {
				fmt.Fprintf(&b, "a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
			}
			b.WriteString("summary: *a9\n---\n正文\n")
			writeFile(t, filepath.Join(src, "content/notices/2024/bomb.md"), b.String())
		},
		rules:    []diag.Rule{diag.RuleYAMLAlias},
		maxAlloc: 64 << 20,
	},
	{
		name: "deeply nested YAML (flow)",
		setup: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "content/notices/2024/deep.md"),
				rec(51, "keywords: "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n", "正文"))
		},
		rules: []diag.Rule{diag.RuleYAMLSyntax},
	},
	{
		name: "deeply nested YAML (block)",
		setup: func(t *testing.T, src, _ string) {
			var b strings.Builder
			for i := range 2000 {
				b.WriteString(strings.Repeat(" ", i) + "k:\n")
			}
			writeFile(t, filepath.Join(src, "content/notices/2024/deep-block.yaml"),
				"index_no: "+ixBase+"52\ntitle: 深\npublished: 2024-06-01\nnest:\n"+indent(b.String(), "  "))
		},
		rules: []diag.Rule{diag.RuleYAMLSyntax},
	},
	{
		name: "50 MB record",
		setup: func(t *testing.T, src, _ string) {
			line := []byte("这是一段很长的正文，用来把文件撑到五十兆字节。This line pads the file.\n")
			body := bytes.Repeat(line, 50<<20/len(line)+1)
			writeBytes(t, filepath.Join(src, "content/notices/2024/huge.md"), append([]byte(rec(53, "", "")), body...))
		},
		rules:    []diag.Rule{diag.RuleTooLarge},
		maxAlloc: 24 << 20, // the file is never read: far less than its 50 MB
	},
	{
		name: "8 MB line of [a",
		setup: func(t *testing.T, src, _ string) {
			head := rec(73, "", "")
			writeFile(t, filepath.Join(src, "content/notices/2024/brackets.md"), head+strings.Repeat("[a", (8_000_000-len(head))/2))
		},
		rules:   []diag.Rule{diag.RuleBodyTooComplex},
		message: "方括号",
	},
	{
		name: "8 MB of unclosed emphasis, nesting and <…> destinations",
		setup: func(t *testing.T, src, _ string) {
			for i, body := range []string{
				strings.Repeat("_a", 4_000_000),
				strings.Repeat(strings.Repeat(">", 40)+"a\n", 190_000),
				strings.Repeat("[a](<", 1_600_000),
			} {
				writeFile(t, filepath.Join(src, fmt.Sprintf("content/notices/2024/markup%d.md", i)), rec(74+i, "", body))
			}
		},
		rules: []diag.Rule{diag.RuleBodyTooComplex},
	},
	{
		name: "adversarial Markdown at the limits (accepted)",
		setup: func(t *testing.T, src, _ string) {
			body := strings.Repeat("[a", markdown.MaxBrackets) + strings.Repeat("*a", markdown.MaxEmphasis) +
				strings.Repeat("<", markdown.MaxAngles) + strings.Repeat("文", 300_000)
			writeFile(t, filepath.Join(src, "content/notices/2024/limits.md"), rec(77, "", body))
		},
		check: func(t *testing.T, files map[string][]byte) {
			if page := files["notice/2024-00077/index.html"]; !bytes.Contains(page, []byte("[a[a")) {
				t.Error("the record at the limits was not rendered")
			}
		},
	},
	{
		name: "binary file named .md",
		setup: func(t *testing.T, src, _ string) {
			data := []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'}
			for i := range 4096 {
				data = append(data, byte(i*7))
			}
			writeBytes(t, filepath.Join(src, "content/notices/2024/image.md"), data)
		},
		rules: []diag.Rule{diag.RuleBinary},
	},
	{
		name: "NUL byte in a text record",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/nul.md"), []byte(rec(54, "", "正文\x00后面")))
		},
		rules: []diag.Rule{diag.RuleBinary},
	},
	{
		name: "GBK",
		setup: func(t *testing.T, src, _ string) {
			// 关于开展住房检查的通知 and 正文：通知 in GBK. (A text as short
			// as 通知, CDA8 D6AA, is also valid UTF-8, and so cannot be told
			// from it; real files are longer.)
			data := []byte("---\nindex_no: " + ixBase + "55\ntitle: \xb9\xd8\xd3\xda\xbf\xaa\xd5\xb9\xd7\xa1\xb7\xbf\xbc\xec\xb2\xe9\xb5\xc4\xcd\xa8\xd6\xaa\npublished: 2024-06-01\n---\n\xd5\xfd\xce\xc4\xa3\xba\xcd\xa8\xd6\xaa\n")
			writeBytes(t, filepath.Join(src, "content/notices/2024/gbk.md"), data)
		},
		rules: []diag.Rule{diag.RuleNotUTF8}, message: "GBK",
	},
	{
		name: "GB18030 (four-byte characters)",
		setup: func(t *testing.T, src, _ string) {
			// 𠀀 (U+20000) is 95 32 82 36 in GB18030; 通知 as in GBK.
			data := []byte("---\nindex_no: " + ixBase + "56\ntitle: \x95\x32\x82\x36\xcd\xa8\xd6\xaa\npublished: 2024-06-01\n---\n\xcd\xa8\xd6\xaa\n")
			writeBytes(t, filepath.Join(src, "content/notices/2024/gb18030.md"), data)
		},
		rules: []diag.Rule{diag.RuleNotUTF8}, message: "GB18030",
	},
	{
		name: "UTF-16LE with BOM",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/u16le.md"), utf16(rec(57, "", "正文"), false, true))
		},
		rules: []diag.Rule{diag.RuleNotUTF8}, message: "UTF-16LE",
	},
	{
		name: "UTF-16BE with BOM",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/u16be.md"), utf16(rec(58, "", "正文"), true, true))
		},
		rules: []diag.Rule{diag.RuleNotUTF8}, message: "UTF-16BE",
	},
	{
		name: "UTF-16LE without BOM",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/u16nobom.md"), utf16(rec(59, "", "正文"), false, false))
		},
		rules: []diag.Rule{diag.RuleNotUTF8}, message: "UTF-16LE",
	},
	{
		name: "neither UTF-8 nor GBK",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/latin1.md"), []byte(rec(60, "", "caf\xe9 \xff\xfe?")))
		},
		rules: []diag.Rule{diag.RuleNotUTF8},
	},
	{
		name: "duplicate keys",
		setup: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "content/notices/2024/dupkey.md"), rec(61, "title: 又一个标题\n", "正文"))
		},
		rules: []diag.Rule{diag.RuleDuplicateKey},
	},
	{
		name: "repeals cycle",
		setup: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "content/policies/2024/cycle-a.md"), rec(62, "repeals: ["+ixBase+"63]\n", "甲"))
			writeFile(t, filepath.Join(src, "content/policies/2024/cycle-b.md"), rec(63, "repeals: ["+ixBase+"64]\n", "乙"))
			writeFile(t, filepath.Join(src, "content/policies/2024/cycle-c.md"), rec(64, "repeals: ["+ixBase+"62]\n", "丙"))
		},
		rules: []diag.Rule{diag.RuleRepealCycle},
	},
	{
		name: "attachment ../ out of content/",
		setup: func(t *testing.T, src, secret string) {
			rel, _ := filepath.Rel(filepath.Join(src, "content/notices/2024"), secret)
			writeFile(t, filepath.Join(src, "content/notices/2024/up.md"), rec(65, "attachments:\n  - file: "+filepath.ToSlash(rel)+"\n", "正文"))
		},
		rules: []diag.Rule{diag.RuleAttachmentPath},
	},
	{
		name: "attachment by absolute path",
		setup: func(t *testing.T, src, secret string) {
			writeFile(t, filepath.Join(src, "content/notices/2024/abs.md"), rec(66, "attachments:\n  - file: "+secret+"\n", "正文"))
		},
		rules: []diag.Rule{diag.RuleAttachmentPath},
	},
	{
		name: "attachment through a symlink out of content/",
		setup: func(t *testing.T, src, secret string) {
			dir := filepath.Join(src, "content/notices/2024/linked")
			writeFile(t, filepath.Join(dir, "index.md"), rec(67, "attachments:\n  - file: secret.pdf\n", "正文"))
			if err := os.Symlink(secret, filepath.Join(dir, "secret.pdf")); err != nil {
				t.Fatal(err)
			}
		},
		rules: []diag.Rule{diag.RuleAttachmentPath},
	},
	{
		name: "attachment in a symlinked folder out of content/",
		setup: func(t *testing.T, src, secret string) {
			dir := filepath.Join(src, "content/notices/2024/linkdir")
			writeFile(t, filepath.Join(dir, "index.md"), rec(68, "attachments:\n  - file: outside/"+filepath.Base(secret)+"\n", "正文"))
			if err := os.Symlink(filepath.Dir(secret), filepath.Join(dir, "outside")); err != nil {
				t.Fatal(err)
			}
		},
		rules: []diag.Rule{diag.RuleAttachmentPath, diag.RuleAttachment},
	},
	{
		name: "record file symlinked from outside content/",
		setup: func(t *testing.T, src, secret string) {
			outside := filepath.Join(filepath.Dir(secret), "outside-record.md")
			writeFile(t, outside, rec(69, "", "外部正文"))
			if err := os.Symlink(outside, filepath.Join(src, "content/notices/2024/outside.md")); err != nil {
				t.Fatal(err)
			}
		},
		rules: []diag.Rule{diag.RuleOutside},
	},
	{
		name: "Markdown links and images to files outside content/ (accepted, nothing copied)",
		setup: func(t *testing.T, src, secret string) {
			rel, _ := filepath.Rel(filepath.Join(src, "content/notices/2024"), secret)
			writeFile(t, filepath.Join(src, "content/notices/2024/mdlinks.md"), rec(70, "",
				"[上级](../../../secret.txt) [相对]("+filepath.ToSlash(rel)+") [绝对](file://"+secret+") ![图]("+secret+")\n\n<img src=\""+secret+"\">"))
		},
		check: func(t *testing.T, files map[string][]byte) {
			if _, ok := files["notice/2024-00070/index.html"]; !ok {
				t.Error("the record with outside links was not rendered")
			}
		},
	},
	{
		name: "UTF-8 with BOM (accepted)",
		setup: func(t *testing.T, src, _ string) {
			writeBytes(t, filepath.Join(src, "content/notices/2024/bom.md"), append([]byte("\xef\xbb\xbf"), rec(71, "", "带BOM的正文")...))
		},
		check: func(t *testing.T, files map[string][]byte) {
			page := files["notice/2024-00071/index.html"]
			if !bytes.Contains(page, []byte("<h1>测试记录71</h1>")) || bytes.Contains(page, []byte("\xef\xbb\xbf")) {
				t.Errorf("the BOM record is not rendered cleanly:\n%s", page)
			}
		},
	},
	{
		name: "CRLF line endings (accepted)",
		setup: func(t *testing.T, src, _ string) {
			writeFile(t, filepath.Join(src, "content/notices/2024/crlf.md"), strings.ReplaceAll(rec(72, "keywords: [甲, 乙]\n", "第一段\n\n第二段"), "\n", "\r\n"))
		},
		check: func(t *testing.T, files map[string][]byte) {
			page := files["notice/2024-00072/index.html"]
			if !bytes.Contains(page, []byte("<h1>测试记录72</h1>")) || !bytes.Contains(page, []byte("<p>第二段</p>")) {
				t.Errorf("the CRLF record is not rendered as its LF twin would be:\n%s", page)
			}
			for name, data := range files {
				if bytes.Contains(data, []byte("\r")) && strings.Contains(string(data), "测试记录72") {
					t.Errorf("%s keeps a carriage return from the CRLF record", name)
				}
			}
		},
	},
}

// collisionCases are the probes of files claimed twice: aliases, slugs,
// attachments and static files naming a file another page, attachment or
// gongkai itself makes, in file and folder forms.
func collisionCases() []hostileCase {
	const fangwu = "content/policies/2024/fangwu/index.md:2:11"
	var cases []hostileCase
	for _, c := range []struct{ alias, other string }{
		{"/index.html", "gongkai 生成的 /index.html"},
		{"/policy/2024-00001/index.html", fangwu},
		{"/policy/2024-00001/", fangwu},
		{"/policy/2024-00001/附件1.txt", "content/policies/2024/fangwu/index.md:16:11"},
		{"/css/site.css", "gongkai 生成的 /css/site.css"},
		{"/robots.txt", "gongkai 生成的 /robots.txt"},
		{"/404.html", "gongkai 生成的 /404.html"},
		{"/feed.xml", "gongkai 生成的 /feed.xml"},
		{"/sitemap.xml", "gongkai 生成的 /sitemap.xml"},
		{"/policy/feed.xml", "gongkai 生成的 /policy/feed.xml"},
		{"/policy/index.html", "gongkai 生成的 /policy/index.html"},
		{"/catalogue.csv", "gongkai 生成的 /catalogue.csv"},
		{"/catalogue.csv/", "gongkai 生成的 /catalogue.csv"},
		{"/catalogue.json", "gongkai 生成的 /catalogue.json"},
		{"/catalogue.schema.json", "gongkai 生成的 /catalogue.schema.json"},
		{"/opensearch.xml", "gongkai 生成的 /opensearch.xml"},
		{"/_headers", "gongkai 生成的 /_headers"},
		{"/_headers/", "gongkai 生成的 /_headers"},
		{"/search/index.js", "gongkai 生成的 /search/"},
		{"/search/index.html", "gongkai 生成的 /search/"},
	} {
		cases = append(cases, hostileCase{
			name: "alias " + c.alias,
			setup: func(t *testing.T, src, _ string) {
				writeFile(t, filepath.Join(src, "content/notices/2024/alias.md"), rec(60, "aliases: [\""+c.alias+"\"]\n", "正文"))
			},
			rules:   []diag.Rule{diag.RuleURLCollision},
			message: c.other,
		})
	}
	for _, slug := range []string{"catalogue.csv", "catalogue.json", "opensearch.xml", "_headers", "robots.txt", "sitemap.xml"} {
		cases = append(cases, hostileCase{
			name: "page slug " + slug,
			setup: func(t *testing.T, src, _ string) {
				writeFile(t, filepath.Join(src, "content/pages/x.md"), "---\ntitle: 页面\npublished: 2024-06-01\nslug: "+slug+"\n---\n正文\n")
			},
			rules:   []diag.Rule{diag.RuleURLCollision},
			message: "/" + slug + "/ 与 gongkai ",
		})
	}
	cases = append(cases,
		hostileCase{
			name: "attachment named index.html",
			setup: func(t *testing.T, src, _ string) {
				writeFile(t, filepath.Join(src, "content/notices/2024/att/index.html"), "<p>x</p>")
				writeFile(t, filepath.Join(src, "content/notices/2024/att/index.md"), rec(61, "attachments: [index.html]\n", "正文"))
			},
			rules:   []diag.Rule{diag.RuleURLCollision},
			message: "content/notices/2024/att/index.md:2:11",
		},
		hostileCase{
			name: "static file of the site named catalogue.csv",
			setup: func(t *testing.T, src, _ string) {
				writeFile(t, filepath.Join(src, "static/catalogue.csv"), "a,b\n")
			},
			rules:   []diag.Rule{diag.RuleURLCollision},
			message: "gongkai 生成的 /catalogue.csv",
		},
	)
	return cases
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// runGuarded runs a build with a deadline, turning a panic into an error
// and a hang into a test failure.
func runGuarded(t *testing.T, opts Options) (*Result, error, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	type answer struct {
		res *Result
		err error
	}
	done := make(chan answer, 1)
	start := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- answer{nil, fmt.Errorf("panic: %v", p)}
			}
		}()
		res, err := Run(ctx, opts)
		done <- answer{res, err}
	}()
	select {
	case a := <-done:
		return a.res, a.err, time.Since(start)
	case <-time.After(hostileTimeout + 5*time.Second):
		t.Fatalf("the build did not finish in %v: it hangs", hostileTimeout)
		return nil, nil, 0
	}
}

// TestHostileInput builds the fixture once, good, then adds each hostile
// or broken input and builds again: the build must neither crash nor hang;
// rejected input must be reported by its rule and leave the previous
// output byte for byte, with nothing left beside it; accepted input must
// build correctly. In no case may anything from outside the site (the
// secret file) reach the output.
func TestHostileInput(t *testing.T) {
	for _, tc := range slices.Concat(hostileCases, collisionCases()) {
		for _, incremental := range []bool{false, true} {
			name := tc.name
			if incremental {
				name += " (incremental)"
			}
			t.Run(name, func(t *testing.T) { hostile(t, tc, incremental) })
		}
	}
}

// hostile runs one case of TestHostileInput; incremental builds keep a
// cache, so that the hostile build updates the previous output.
func hostile(t *testing.T, tc hostileCase, incremental bool) {
	{
		{
			src := fixture(t)
			outside := t.TempDir()
			secretData := []byte("SECRET-" + strings.Repeat("x", 64) + "-do-not-publish")
			secret := filepath.Join(outside, "secret.txt")
			writeBytes(t, secret, secretData)
			writeBytes(t, filepath.Join(src, "secret.txt"), secretData) // beside content/, also outside it

			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			var cache string
			if incremental {
				cache = filepath.Join(t.TempDir(), "cache")
			}
			mustBuild(t, Options{Source: src, Out: out, Cache: cache})
			before := tree(t, out)

			tc.setup(t, src, secret)
			runtime.GC()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			res, err, took := runGuarded(t, Options{Source: src, Out: out, Cache: cache})
			runtime.ReadMemStats(&m1)
			alloc := m1.TotalAlloc - m0.TotalAlloc
			t.Logf("build took %v and allocated %d KiB", took.Round(time.Millisecond), alloc>>10)
			if tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("the build allocated %d MiB, over the bound of %d MiB", alloc>>20, tc.maxAlloc>>20)
			}
			if res == nil {
				t.Fatalf("build: %v", err)
			}
			for _, d := range res.Diagnostics {
				t.Logf("diagnostic: %s", d)
			}

			after := tree(t, out)
			for name, data := range after {
				if bytes.Contains(data, secretData) {
					t.Errorf("%s holds the bytes of a file outside content/", name)
				}
			}
			if len(tc.rules) == 0 {
				if err != nil {
					t.Fatalf("accepted input failed the build: %v", err)
				}
				tc.check(t, after)
				return
			}

			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			var got []diag.Rule
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					got = append(got, d.Rule)
					if tc.message != "" && slices.Contains(tc.rules, d.Rule) && !strings.Contains(d.Message("zh-CN"), tc.message) {
						t.Errorf("message %q does not name %s", d.Message("zh-CN"), tc.message)
					}
				}
			}
			for _, r := range got {
				if !slices.Contains(tc.rules, r) {
					t.Errorf("unexpected error rule %s", r)
				}
			}
			if len(got) == 0 {
				t.Errorf("no error reported; want %v", tc.rules)
			}
			if res.Written {
				t.Error("Result.Written is true after a failed build")
			}
			sameTree(t, before, after)
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				t.Errorf("the output's folder holds %d entries after a failed build, want only public/", len(entries))
			}
		}
	}
}

// TestHostileOutFolder points --out at the editors' own folders, each
// with the marker of an output folder planted in it: every build is
// refused, saying so in Chinese, and touches none of the editors' files.
func TestHostileOutFolder(t *testing.T) {
	src := fixture(t)
	writeFile(t, filepath.Join(src, "layouts/record.html"), "{{/* the site's own */}}")
	writeFile(t, filepath.Join(src, "static/css/extra.css"), "p{}")
	link := filepath.Join(t.TempDir(), "content-link")
	if err := os.Symlink(filepath.Join(src, "content"), link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		filepath.Join(src, "content"),
		filepath.Join(src, "content/notices"),
		filepath.Join(src, "content/new-folder"),
		filepath.Join(src, "layouts"),
		filepath.Join(src, "static"),
		src,
		filepath.Dir(src),
		link,
		filepath.Join(src, "content", "..", "content"),
	} {
		t.Run(out, func(t *testing.T) {
			for _, dir := range []string{filepath.Join(src, "content"), filepath.Join(src, "layouts"), filepath.Join(src, "static"), src} {
				writeFile(t, filepath.Join(dir, ".gongkai-output"), "planted\n")
			}
			before := tree(t, src)
			res, err := Run(context.Background(), Options{Source: src, Out: out})
			if err == nil || errors.Is(err, ErrInvalid) {
				t.Fatalf("build into %s: err = %v, want a refusal", out, err)
			}
			if !strings.Contains(err.Error(), "请用 --out 另选") {
				t.Errorf("the refusal is not in Chinese: %v", err)
			}
			if res.Written {
				t.Error("Result.Written after a refusal")
			}
			sameTree(t, before, tree(t, src))
		})
	}
	// Beside the editors' folders, in the site folder, is fine.
	mustBuild(t, Options{Source: src, Out: filepath.Join(src, "public")})
}

// TestHostileKilledBuild kills builds, clean and incremental, with SIGKILL
// at a spread of moments from start to finish, and requires the output
// folder to be, each time, exactly the previous output or exactly the new
// one, never a mix; the next build removes what the killed one left.
func TestHostileKilledBuild(t *testing.T) {
	if os.Getenv("GONGKAI_KILL_HELPER") != "" {
		t.Skip("this process is the helper of the test")
	}
	src := fixture(t)
	version := func(v string) {
		for i := range 60 {
			writeFile(t, filepath.Join(src, fmt.Sprintf("content/notices/2024/k%03d.md", i)),
				fmt.Sprintf("---\nindex_no: 11000000MB0000000T/2024-1%04d\ntitle: 通知%d（%s 版）\npublished: 2024-06-01\n---\n%s 版正文%d\n", i, i, v, v, i))
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	cache := filepath.Join(t.TempDir(), "cache")
	version("B")
	b := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: b})
	treeB := tree(t, b)
	version("A")
	mustBuild(t, Options{Source: src, Out: out, Cache: cache})
	treeA := tree(t, out)

	// helper runs a build in a child process and kills it after delay; with
	// watch, the delay counts from the moment public/catalogue.csv is
	// replaced, when the build is putting its output in place. A delay
	// below zero lets it finish.
	helper := func(clean bool, delay time.Duration, watch bool) (killed bool) {
		t.Helper()
		csv := filepath.Join(out, "catalogue.csv")
		before, err := os.Stat(csv)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildHelper$")
		cmd.Env = append(os.Environ(), "GONGKAI_KILL_HELPER=1", "GONGKAI_KILL_SOURCE="+src, "GONGKAI_KILL_OUT="+out, "GONGKAI_KILL_CACHE="+cache)
		if clean {
			cmd.Env = append(cmd.Env, "GONGKAI_KILL_CLEAN=1")
		}
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if delay < 0 {
			if err := <-done; err != nil {
				t.Fatalf("helper build: %v\n%s", err, stderr.String())
			}
			return false
		}
		if watch {
			for {
				if now, err := os.Stat(csv); err != nil || !os.SameFile(before, now) {
					break
				}
				select {
				case err := <-done:
					t.Fatalf("the helper build ended (%v) without replacing catalogue.csv\n%s", err, stderr.String())
				default:
				}
			}
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("helper build: %v\n%s", err, stderr.String())
			}
			return false
		case <-time.After(delay):
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		return <-done != nil
	}
	for _, clean := range []bool{false, true} {
		t.Run(fmt.Sprintf("clean=%v", clean), func(t *testing.T) {
			// How long one build of B over A takes, start to finish.
			version("B")
			start := time.Now()
			helper(clean, -1, false)
			took := time.Since(start)
			sameTree(t, treeB, tree(t, out))
			// A spread from start to finish, then the moments just after
			// the output began to change.
			const spread = 6
			var delays []time.Duration
			for i := range spread {
				delays = append(delays, took*time.Duration(i)/spread)
			}
			delays = append(delays, 0, 100*time.Microsecond, time.Millisecond, 5*time.Millisecond)
			var sawOld, sawNew int
			for i, delay := range delays {
				version("A")
				mustBuild(t, Options{Source: src, Out: out, Cache: cache})
				if entries, _ := os.ReadDir(parent); len(entries) != 1 {
					t.Fatalf("trial %d: the build after a killed one left %d entries beside the output", i, len(entries)-1)
				}
				version("B")
				killed := helper(clean, delay, i >= spread)
				got := tree(t, out)
				switch {
				case equalTree(got, treeA):
					sawOld++
				case equalTree(got, treeB):
					sawNew++
				default:
					t.Errorf("trial %d, killed after %v (killed=%v): the output is neither the old nor the new one", i, delay, killed)
					sameTree(t, treeB, got)
				}
			}
			t.Logf("a build takes %v; killed at a spread of moments, the output was the old one %d times, the new one %d times", took.Round(time.Millisecond), sawOld, sawNew)
			if sawOld == 0 {
				t.Error("no build was killed before it finished: the spread of moments missed")
			}
			mustBuild(t, Options{Source: src, Out: out, Cache: cache})
			sameTree(t, treeB, tree(t, out))
			if entries, _ := os.ReadDir(parent); len(entries) != 1 {
				t.Errorf("the build after a killed one left %d entries beside the output", len(entries)-1)
			}
		})
	}
}

// TestKilledBuildHelper is the build TestHostileKilledBuild kills.
func TestKilledBuildHelper(t *testing.T) {
	if os.Getenv("GONGKAI_KILL_HELPER") == "" {
		t.Skip("run by TestHostileKilledBuild")
	}
	opts := Options{Source: os.Getenv("GONGKAI_KILL_SOURCE"), Out: os.Getenv("GONGKAI_KILL_OUT"), Cache: os.Getenv("GONGKAI_KILL_CACHE")}
	opts.Clean = os.Getenv("GONGKAI_KILL_CLEAN") != ""
	mustBuild(t, opts)
}

func equalTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if other, ok := b[name]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}

// TestEveryOutputFileIsClaimed builds the bundled catalogue, then gives one
// record an alias at every file the build wrote: check must report each
// alias as a url-collision, which proves that every output file, however
// it is made, is in the table of claimed files.
func TestEveryOutputFileIsClaimed(t *testing.T) {
	src := exampleSite(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Options{Source: src, Out: out})
	var names []string
	for name := range tree(t, out) {
		if name != output.Marker {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("aliases:\n")
	for _, name := range names {
		fmt.Fprintf(&b, "  - \"/%s\"\n", name)
	}
	const rel = "content/notices/every-alias.md"
	writeFile(t, filepath.Join(src, rel), "---\nindex_no: 11339900MB01234567/2099-00001\ntitle: 别名\npublished: 2024-06-01\n"+b.String()+"---\n正文\n")
	res, err := Run(context.Background(), Options{Source: src, Check: true})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("check: %v, want ErrInvalid", err)
	}
	// Reported at the alias, or at another record's alias or page,
	// naming the alias.
	reported := map[int]bool{}
	named := regexp.MustCompile(regexp.QuoteMeta(rel) + `:(\d+):`)
	for _, d := range res.Diagnostics {
		switch {
		case d.Rule == diag.RuleURLCollision && d.Path == rel:
			reported[d.Line] = true
		case d.Rule == diag.RuleURLCollision && named.MatchString(d.Message("zh-CN")):
			line, _ := strconv.Atoi(named.FindStringSubmatch(d.Message("zh-CN"))[1])
			reported[line] = true
		case d.Severity == diag.Error:
			t.Errorf("unexpected error: %s", d)
		}
	}
	for i, name := range names {
		if !reported[6+i] { // the first alias is on line 6
			t.Errorf("an alias at /%s, a file the build writes, is not a url-collision", name)
		}
	}
	t.Logf("%d output files, %d aliases reported", len(names), len(reported))
}
