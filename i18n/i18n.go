// Package i18n gives every text a person reads from message files, through
// go-i18n. Bokmål (nb) is the default language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// Default is the language used when none is chosen.
const Default = "nb"

// Bundle holds the messages of every language.
type Bundle struct {
	b     *goi18n.Bundle
	langs []string
	keys  map[string]map[string]bool
	// compiled holds, per language, every message whose text has no
	// plural forms, split into literal text and {{.Name}} placeholders,
	// so that translating one costs a map lookup (see compile).
	compiled map[string]map[string]*compiled
	// localizers has one Localizer per language.
	localizers map[string]*Localizer
}

// Load reads the embedded message files. A file that does not parse fails
// here, at start-up, not on a request.
func Load() (*Bundle, error) {
	b := goi18n.NewBundle(language.MustParse(Default))
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, err
	}
	bundle := &Bundle{b: b, keys: map[string]map[string]bool{}, compiled: map[string]map[string]*compiled{}}
	for _, f := range files {
		data, err := locales.ReadFile(f)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(data, path.Base(f))
		if err != nil {
			return nil, fmt.Errorf("message file %s: %w", f, err)
		}
		lang := strings.TrimSuffix(path.Base(f), ".json")
		bundle.langs = append(bundle.langs, lang)
		keys := map[string]bool{}
		msgs := map[string]*compiled{}
		for _, m := range mf.Messages {
			keys[m.ID] = true
			c, _ := compile(m)
			msgs[m.ID] = c
		}
		bundle.keys[lang] = keys
		bundle.compiled[lang] = msgs
	}
	bundle.localizers = map[string]*Localizer{}
	for _, lang := range bundle.langs {
		bundle.localizers[lang] = &Localizer{l: goi18n.NewLocalizer(b, lang, Default), Lang: lang, msgs: bundle.compiled[lang], fallback: bundle.compiled[Default]}
	}
	return bundle, nil
}

// Languages lists the languages that have a message file.
func (b *Bundle) Languages() []string { return b.langs }

// Keys returns the message ids defined for lang.
func (b *Bundle) Keys(lang string) map[string]bool { return b.keys[lang] }

// Supported reports whether lang has a message file.
func (b *Bundle) Supported(lang string) bool {
	_, ok := b.keys[lang]
	return ok
}

// For returns a localizer for lang, falling back to the default language.
// A localizer holds nothing that changes, so one per language is made at
// load and shared by every request.
func (b *Bundle) For(lang string) *Localizer {
	if l, ok := b.localizers[lang]; ok {
		return l
	}
	return b.localizers[Default]
}

// Localizer translates message ids for one language.
type Localizer struct {
	l *goi18n.Localizer
	// Lang is the language code, as used in <html lang>.
	Lang string
	// msgs and fallback are the compiled messages of Lang and of the
	// default language, which go-i18n falls back to as well.
	msgs, fallback map[string]*compiled
}

// T returns the message id, filled in with args given as key, value pairs.
// A missing message is logged and shown as its id, so it is noticed; a test
// checks that no key used by the templates is missing.
func (l *Localizer) T(id string, args ...any) string { return l.localize(id, nil, args) }

// Plural returns the form of message id for the count n, chosen by
// go-i18n's plural rules for the language (CLDR: "one" for 1 in Bokmål,
// Nynorsk and English, "other" otherwise), filled in with args given as
// key, value pairs. A message without plural forms is returned as T does.
func (l *Localizer) Plural(id string, n int, args ...any) string { return l.localize(id, n, args) }

// localize fills in a compiled message, or has go-i18n translate one with
// plural forms (count is the plural count, nil for none).
func (l *Localizer) localize(id string, count any, args []any) string {
	if c := l.lookup(id); c != nil {
		return c.fill(args)
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
	if err != nil {
		slog.Warn("missing message", "id", id, "lang", l.Lang, "err", err)
		return id
	}
	return s
}

// Has reports whether the message id exists in the language or in the
// default language (which go-i18n falls back to).
func (l *Localizer) Has(id string) bool {
	_, ok := l.msgs[id]
	if !ok {
		_, ok = l.fallback[id]
	}
	return ok
}
