package i18n

import (
	"fmt"
	"regexp"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// A page translates a hundred texts or more; go-i18n executes a
// text/template for each, which was most of a page's cost. Every message
// the portal has is plain text with {{.Name}} placeholders, so the bundle
// splits each one once, at load, into literal text and placeholders, and
// T fills them in with fmt.Sprint, as text/template prints a value. A
// message with plural forms, or with any other template action, is left
// to go-i18n. TestCompiledMessagesMatchGoI18n checks every message of
// every language against go-i18n's own output.

// compiled is one message split at its placeholders: text[0], the value
// of names[0], text[1], … text[len(names)].
type compiled struct {
	text  []string
	names []string
	size  int // the literal text's length, to size the result
}

var (
	action      = regexp.MustCompile(`\{\{.*?\}\}`)
	placeholder = regexp.MustCompile(`^\{\{ *\.([A-Za-z][A-Za-z0-9_]*) *\}\}$`)
)

// compile splits m, or reports false for a message that is not only text
// and placeholders (plural forms, or another template action).
func compile(m *goi18n.Message) (*compiled, bool) {
	if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" {
		return nil, false
	}
	if m.LeftDelim != "" && m.LeftDelim != "{{" || m.RightDelim != "" && m.RightDelim != "}}" {
		return nil, false
	}
	src := m.Other
	c := &compiled{}
	last := 0
	for _, loc := range action.FindAllStringIndex(src, -1) {
		sub := placeholder.FindStringSubmatch(src[loc[0]:loc[1]])
		if sub == nil {
			return nil, false
		}
		c.text = append(c.text, src[last:loc[0]])
		c.names = append(c.names, sub[1])
		last = loc[1]
	}
	c.text = append(c.text, src[last:])
	if strings.Contains(src[last:], "{{") {
		return nil, false
	}
	for _, t := range c.text {
		c.size += len(t)
	}
	return c, true
}

// fill returns the message with args, given as key, value pairs, in its
// placeholders. A placeholder without a value reads "<no value>", as
// text/template prints a missing map key.
func (c *compiled) fill(args []any) string {
	if len(c.names) == 0 {
		return c.text[0]
	}
	var b strings.Builder
	b.Grow(c.size + 16*len(c.names))
	for i, name := range c.names {
		b.WriteString(c.text[i])
		b.WriteString(argString(args, name))
	}
	b.WriteString(c.text[len(c.names)])
	return b.String()
}

func argString(args []any, name string) string {
	for i := 0; i+1 < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			k = fmt.Sprint(args[i])
		}
		if k != name {
			continue
		}
		switch v := args[i+1].(type) {
		case string:
			return v
		case nil:
			return "<no value>"
		default:
			return fmt.Sprint(v)
		}
	}
	return "<no value>"
}

// lookup returns the compiled message id in the localizer's language,
// else in the default language, or nil when go-i18n must translate it.
// A message go-i18n must translate is kept as nil, so that a language
// that has it never falls back to the default language's text.
func (l *Localizer) lookup(id string) *compiled {
	if c, ok := l.msgs[id]; ok {
		return c
	}
	return l.fallback[id]
}
