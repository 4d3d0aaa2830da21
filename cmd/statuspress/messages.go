package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"

	"github.com/statuspress/statuspress/generator/config"
	"github.com/statuspress/statuspress/generator/diag"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
)

// langFlag adds -lang to a subcommand: the language of its messages.
func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "", `language of messages, like en or ja (default: the site's language; English when LC_ALL, LC_MESSAGES or LANG is "C" or "POSIX")`)
}

// messages returns the catalog the command prints its problems and
// summaries with. The language is, in order: -lang; English when the
// locale is the C locale (LC_ALL, else LC_MESSAGES, else LANG is "C" or
// "POSIX", the usual way to ask a program for untranslated messages);
// the site's language. Other locales are ignored: the site's language is
// what its staff read, and build machines often have an English LANG.
// A language the built-in theme has no strings for gives English.
func (e *env) messages(lang, source string) *diag.Catalog {
	if lang == "" && cLocale(e.getenv) {
		lang = "en"
	}
	if lang == "" {
		lang = siteLanguage(source)
	}
	cat, err := i18n.Load(themes.Builtin(), lang)
	if err != nil {
		if cat, err = i18n.Load(themes.Builtin(), "en"); err != nil {
			return nil
		}
	}
	english, local, words := cat.Messages()
	return diag.NewCatalog(cat.Lang, english, local, words)
}

// cLocale reports whether the locale variables ask for the C locale.
func cLocale(getenv func(string) string) bool {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return v == "C" || v == "POSIX"
		}
	}
	return false
}

var languageLine = regexp.MustCompile(`(?m)^\s*language\s*=\s*["']([A-Za-z0-9-]+)["']`)

// siteLanguage returns the language of the site in source, "en" when it
// cannot be told. A site.toml with a syntax error still says its
// language on a line of its own, and its error is then said in it.
func siteLanguage(source string) string {
	data, err := os.ReadFile(filepath.Join(source, filepath.FromSlash(config.File)))
	if err != nil {
		return "en"
	}
	var diags diag.List
	if site := config.Parse(config.File, data, config.Options{}, &diags); site.Language != "en" {
		return site.Language
	}
	if m := languageLine.FindSubmatch(data); m != nil {
		return string(m[1])
	}
	return "en"
}
