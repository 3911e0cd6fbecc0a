package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"kvp/casework"
)

// The formats the web pages and the letters share, so that a letter and
// its page write a date, an amount or a rate the same way.

// Date writes a date the Norwegian way ("22. november 2026"), in Oslo.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(casework.Location())
	return l.T("date.format", "Day", t.Day(), "Month", l.T(fmt.Sprintf("month.%d", int(t.Month()))), "Year", t.Year())
}

// DateTime writes a date with the time of day ("22. november 2026 kl. 14:05").
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(casework.Location())
	return l.T("date.datetime", "Date", l.Date(t), "Time", t.Format("15:04"))
}

// Weekday names the day of the week of t, in Oslo.
func (l *Localizer) Weekday(t time.Time) string {
	return l.T(fmt.Sprintf("weekday.%d", int(t.In(casework.Location()).Weekday())))
}

// Amount writes whole kroner with a non-breaking space between thousands
// ("8 500"), or a comma in English.
func (l *Localizer) Amount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if l.Lang == "en" {
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

// G writes a rate in thousandths of G ("2,041"; "2.041" in English).
func (l *Localizer) G(thousandths int) string {
	s := strconv.Itoa(thousandths/1000) + "." + fmt.Sprintf("%03d", thousandths%1000)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if l.Lang != "en" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

// shareWords are the message ids of the shares of the full rate that have
// words (the rate under 25 is two thirds of it).
var shareWords = map[[2]int]string{{2, 3}: "share.2.3"}

// Share names a share of the full rate in words ("to tredjedeler"), or
// writes it as a fraction when the messages have no words for it.
func (l *Localizer) Share(num, per int) string {
	if id, ok := shareWords[[2]int{num, per}]; ok {
		return l.T(id)
	}
	return strconv.Itoa(num) + "/" + strconv.Itoa(per)
}

// Voice translates a text that speaks to the applicant ("Om deg"), or, for
// staff and Statsforvalteren, its version about the applicant ("Om
// søkeren") under "staffview." + id when the messages have one.
func (l *Localizer) Voice(staff bool, id string, args ...any) string {
	if staff && l.Has("staffview."+id) {
		return l.T("staffview."+id, args...)
	}
	return l.T(id, args...)
}
