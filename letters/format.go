package letters

import (
	"strings"
	"time"
	"unicode"

	"kvp/i18n"
)

// words formats dates, amounts and rates in the reader's language with
// the localizer's formats, the ones the web pages use, so that a letter
// and its page show the same text.
type words struct {
	l *i18n.Localizer
}

func (w words) T(id string, args ...any) string { return w.l.T(id, args...) }

// voice translates a text that speaks to the applicant ("Om deg"), or,
// for staff and Statsforvalteren, its version about the applicant.
func (w words) voice(staff bool, id string, args ...any) string { return w.l.Voice(staff, id, args...) }

// Date writes a date the Norwegian way ("22. november 2026").
func (w words) Date(t time.Time) string { return w.l.Date(t) }

// DateTime writes a date with the time of day ("22. november 2026 kl. 14:05").
func (w words) DateTime(t time.Time) string { return w.l.DateTime(t) }

// Weekday names the day of the week of t.
func (w words) Weekday(t time.Time) string { return w.l.Weekday(t) }

// Amount writes whole kroner with a non-breaking space between thousands
// ("8 500"), or a comma in English.
func (w words) Amount(n int) string { return w.l.Amount(n) }

// G writes a rate in thousandths of G ("2,041").
func (w words) G(thousandths int) string { return w.l.G(thousandths) }

// Share names a share of the full rate in words ("to tredjedeler"), or as
// a fraction when the messages have no words for it.
func (w words) Share(num, per int) string { return w.l.Share(num, per) }

// clean makes text typed by a person safe to set: line breaks as "\n",
// tabs as spaces, no other control characters, and characters outside the
// Basic Multilingual Plane (which the PDF's font encoding cannot carry)
// as U+FFFD.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			return '\n'
		case r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		case r > 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}
