package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
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
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), say(ctx, zh, en))
		fs.PrintDefaults()
	}
}
