package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/statuspress/statuspress/generator/author"
	"github.com/statuspress/statuspress/generator/i18n"
	"github.com/statuspress/statuspress/themes"
)

// langFlags are the flags that give a text in one more language of a
// site in several: -m-en, -title-en, -impact-en, -workaround-en, one set
// for each language the built-in theme has strings for. The site says
// which of them it publishes in; author refuses the others.
type langFlags struct {
	fs     *flag.FlagSet
	values map[string]map[string]*string // field -> language -> value
}

// addLangFlags defines the -<field>-<code> flags of fields ("m",
// "title", "impact", "workaround").
func addLangFlags(fs *flag.FlagSet, fields ...string) *langFlags {
	l := &langFlags{fs: fs, values: map[string]map[string]*string{}}
	what := map[string]string{
		"m":          "the text in language %s (default: the standard text of the status in that language)",
		"title":      "the title in language %s",
		"impact":     "who is affected and how, in language %s",
		"workaround": "what customers can do meanwhile, in language %s",
	}
	for _, f := range fields {
		l.values[f] = map[string]*string{}
		for _, lang := range i18n.Languages(themes.Builtin()) {
			l.values[f][lang] = fs.String(f+"-"+lang, "", fmt.Sprintf(what[f], lang))
		}
	}
	return l
}

// translations returns what was given, by language; -m-<code> - reads
// standard input, unless -m already does.
func (l *langFlags) translations(stdin io.Reader, mainFromStdin bool) (map[string]author.Translation, error) {
	set := map[string]bool{}
	l.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	out := map[string]author.Translation{}
	for field, byLang := range l.values {
		for lang, v := range byLang {
			if !set[field+"-"+lang] {
				continue
			}
			t := out[lang]
			switch field {
			case "m":
				if *v == "-" && mainFromStdin {
					return nil, errors.New("only one of -m and -m-" + lang + " can read standard input")
				}
				msg, err := readMessage(stdin, *v)
				if err != nil {
					return nil, err
				}
				t.Message = msg
			case "title":
				t.Title = v
			case "impact":
				t.Impact = v
			case "workaround":
				t.Workaround = v
			}
			out[lang] = t
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
