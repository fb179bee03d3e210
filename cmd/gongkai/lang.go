package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// langKey carries the language gongkai speaks in a command's context.
type langKey struct{}

// withLang returns ctx speaking lang ("en" or Chinese).
func withLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, normLang(lang))
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
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
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
	if _, ok := ctx.Value(langKey{}).(string); ok {
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
	if l := s.Language + s.Zh; l != "" {
		return withLang(ctx, l)
	}
	return ctx
}
