package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gongkai/gongkai/internal/deploy"
	"github.com/gongkai/gongkai/internal/importer"
)

// langKey carries the language gongkai speaks in a command's context.
type langKey struct{}

// chosen is the language of a context and whether --lang or GONGKAI_LANG
// chose it (rather than a site).
type chosen struct {
	lang     string
	explicit bool
}

// withLang returns ctx speaking lang ("en" or Chinese), as chosen by
// --lang or GONGKAI_LANG.
func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, chosen{normLang(lang), true})
}

// normLang is "en" for any English tag, else "zh-CN".
func normLang(l string) string {
	l = strings.ToLower(l)
	if l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return "en"
	}
	return "zh-CN"
}

// langOf is the language of ctx: --lang or GONGKAI_LANG as run found
// them, else the site's (see withSiteLang), else Chinese.
func langOf(ctx context.Context) string {
	if c, ok := ctx.Value(langKey{}).(chosen); ok {
		return c.lang
	}
	return "zh-CN"
}

// say is zh, or en when ctx speaks English.
func say(ctx context.Context, zh, en string) string {
	if langOf(ctx) == "en" {
		return en
	}
	return zh
}

// splitLang takes --lang L (or --lang=L) out of args, anywhere before a
// "--"; without it the language is GONGKAI_LANG's, if set.
func splitLang(args []string) (rest []string, lang string, ok bool) {
	lang, ok = os.LookupEnv("GONGKAI_LANG")
	ok = ok && lang != ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(rest, args[i:]...), lang, ok
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			lang, ok = args[i+1], true
			i++
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			lang, ok = a[strings.IndexByte(a, '=')+1:], true
		default:
			rest = append(rest, a)
		}
	}
	return rest, lang, ok
}

// withSiteLang returns ctx speaking the language of the site in source
// (its site.yaml's language:), unless --lang or GONGKAI_LANG chose one.
func withSiteLang(ctx context.Context, source string) context.Context {
	if c, ok := ctx.Value(langKey{}).(chosen); ok && c.explicit {
		return ctx
	}
	data, err := os.ReadFile(filepath.Join(source, "content", "site.yaml"))
	if err != nil {
		return ctx
	}
	var s struct {
		Language string `yaml:"language"`
		Zh       string `yaml:"语言"`
	}
	if yaml.Unmarshal(data, &s) != nil {
		return ctx
	}
	return context.WithValue(ctx, langKey{}, chosen{normLang(s.Language + s.Zh), false})
}

// setUsage makes fs's help the line zh or en (as ctx speaks) and its flags.
func setUsage(ctx context.Context, fs *flag.FlagSet, zh, en string) {
	sayFlags(ctx, fs, func(w io.Writer) { fmt.Fprintln(w, say(ctx, zh, en)) })
}

// sayFlags makes fs's help what head writes, then its flags, and has its
// errors said as ctx speaks.
func sayFlags(ctx context.Context, fs *flag.FlagSet, head func(io.Writer)) {
	if langOf(ctx) != "en" {
		fs.SetOutput(flagErrors{fs.Output()})
	}
	fs.Usage = func() {
		head(fs.Output())
		printFlags(ctx, fs)
	}
}

// typeNames are the Chinese of the value names package flag gives flags
// whose usage names none.
var typeNames = map[string]string{"string": "文字", "int": "整数", "int64": "整数", "uint": "整数", "float": "数", "duration": "时长", "value": "值"}

// printFlags lists fs's flags as PrintDefaults does, in the language of ctx.
func printFlags(ctx context.Context, fs *flag.FlagSet) {
	if langOf(ctx) == "en" {
		fs.PrintDefaults()
		return
	}
	w := fs.Output()
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + cmp.Or(typeNames[name], name)
		}
		if len(line) <= 4 {
			line += "\t"
		} else {
			line += "\n    \t"
		}
		line += strings.ReplaceAll(usage, "\n", "\n    \t")
		if d := f.DefValue; d != "" && d != "0" && d != "false" {
			line += "（默认：" + d + "）"
		}
		fmt.Fprintln(w, line)
	})
}

// flagErrors says in Chinese the errors package flag writes to it.
type flagErrors struct{ w io.Writer }

var flagMessages = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^flag provided but not defined: (.*)\n$`), "没有选项 $1\n"},
	{regexp.MustCompile(`^flag needs an argument: (.*)\n$`), "选项 $1 需要一个值\n"},
	{regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?(-\S+): .*\n$`), "选项 $2 的值 $1 无效\n"},
	{regexp.MustCompile(`^bad flag syntax: (.*)\n$`), "选项写法有误：$1\n"},
}

func (f flagErrors) Write(p []byte) (int, error) {
	for _, m := range flagMessages {
		if m.re.Match(p) {
			_, err := f.w.Write(m.re.ReplaceAll(p, []byte(m.zh)))
			return len(p), err
		}
	}
	return f.w.Write(p)
}

// fail prints err as command name's error, in the language of ctx.
func fail(ctx context.Context, w io.Writer, name string, err error) {
	fmt.Fprintf(w, say(ctx, "gongkai %s：%s\n", "gongkai %s: %s\n"), name, errText(ctx, err))
}

// errText is err in the language of ctx: the errors of files and of
// gongkai's own refusals in Chinese, others as they are.
func errText(ctx context.Context, err error) string {
	if langOf(ctx) == "en" {
		return err.Error()
	}
	var pe *fs.PathError
	var me *importer.MappingError
	switch {
	case errors.As(err, &me) && me.Field == "kind":
		return "没有哪一列给出记录类型；请在映射文件中写明，如 kind: 通知公告（或 policy、notice、report、interpretation）"
	case errors.As(err, &me):
		return "没有哪一列是标题（表头：" + strings.Join(me.Headings, "、") + "）；请在映射文件中指明"
	case errors.Is(err, deploy.ErrTarget):
		return "目标须为 s3://存储桶/前缀 或一个文件夹"
	case errors.As(err, &pe) && errors.Is(err, fs.ErrNotExist):
		return pe.Path + "：文件或文件夹不存在"
	case errors.As(err, &pe) && errors.Is(err, fs.ErrPermission):
		return pe.Path + "：没有权限"
	case errors.As(err, &pe):
		return pe.Path + "：无法读写（" + pe.Err.Error() + "）"
	}
	return err.Error()
}
