package letters

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kvp/casework"
	"kvp/i18n"
)

// words formats dates, amounts and rates in the reader's language, the
// same way the web pages do (handlers.Page), so that a letter and its page
// show the same text.
type words struct {
	l *i18n.Localizer
}

func (w words) T(id string, args ...any) string { return w.l.T(id, args...) }

// voice translates a text that speaks to the applicant ("Om deg"), or,
// for staff and Statsforvalteren, its version about the applicant ("Om
// søkeren") when the messages have one.
func (w words) voice(staff bool, id string, args ...any) string {
	if staff && w.l.Has("staffview."+id) {
		return w.l.T("staffview."+id, args...)
	}
	return w.l.T(id, args...)
}

// Date writes a date the Norwegian way ("22. november 2026").
func (w words) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(casework.Location())
	return w.l.T("date.format", "Day", t.Day(), "Month", w.l.T(fmt.Sprintf("month.%d", int(t.Month()))), "Year", t.Year())
}

// DateTime writes a date with the time of day ("22. november 2026 kl. 14:05").
func (w words) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(casework.Location())
	return w.l.T("date.datetime", "Date", w.Date(t), "Time", t.Format("15:04"))
}

// Weekday names the day of the week of t.
func (w words) Weekday(t time.Time) string {
	return w.l.T(fmt.Sprintf("weekday.%d", int(t.In(casework.Location()).Weekday())))
}

// Amount writes whole kroner with a non-breaking space between thousands
// ("8 500"), or a comma in English.
func (w words) Amount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if w.l.Lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// G writes a rate in thousandths of G ("2,041").
func (w words) G(thousandths int) string {
	s := strconv.Itoa(thousandths/1000) + "." + fmt.Sprintf("%03d", thousandths%1000)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if w.l.Lang != "en" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// Share names a share of the full rate in words ("to tredjedeler"), or as
// a fraction when the messages have no words for it.
func (w words) Share(num, per int) string {
	key := "share." + strconv.Itoa(num) + "." + strconv.Itoa(per)
	if w.l.Has(key) {
		return w.l.T(key)
	}
	return strconv.Itoa(num) + "/" + strconv.Itoa(per)
}

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
