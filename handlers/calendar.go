package handlers

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
)

// bookedMeeting returns the booked conversation of a case that still
// stands: on an open application, or on a conversation request that is
// booked (not held or closed). seq counts the bookings before it, so a
// calendar that has the first booking takes a new time as a change of it.
func bookedMeeting(cs *casework.Case) (m *casework.Meeting, bookedAt time.Time, seq int) {
	if cs.IsConversation() && cs.Status != casework.StatusBooked || !cs.IsConversation() && !cs.Open() {
		return nil, time.Time{}, 0
	}
	for _, e := range cs.Events {
		if e.Meeting != nil {
			if m != nil {
				seq++
			}
			m, bookedAt = e.Meeting, e.At
		}
	}
	return m, bookedAt, seq
}

// meetingCalendar gives the booked conversation on the person's own case
// as a calendar file (RFC 5545) for their calendar program: when (in UTC),
// where, and a link to the case. Anything else answers 404, as the case
// page does.
func (h *Handler) meetingCalendar(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	m, bookedAt, seq := bookedMeeting(cs)
	if m == nil {
		return errNotFound
	}
	l := h.localizer(c)
	link := h.cfg.PublicURL + "/saker/" + cs.ID
	host := "kvp.localhost"
	if u, err := url.Parse(h.cfg.PublicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	location := l.T(casework.MeetingModeMessage(m.Mode))
	if m.Place != "" {
		location += ": " + m.Place
	}
	var b strings.Builder
	line := func(name, value string) { b.WriteString(foldICS(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//NAV//KVP portal//"+strings.ToUpper(l.Lang))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	// One event per case: a new time for the conversation changes it.
	line("UID", "samtale-"+cs.ID+"@"+host)
	line("SEQUENCE", fmt.Sprint(seq))
	line("DTSTAMP", icsTime(bookedAt))
	line("DTSTART", icsTime(m.At))
	line("SUMMARY", icsText(l.T("ics.summary", "Office", cs.Office.Name)))
	line("LOCATION", icsText(location))
	line("DESCRIPTION", icsText(l.T("ics.description", "Link", link)))
	if strings.HasPrefix(link, "http") {
		line("URL", link)
	}
	line("STATUS", "CONFIRMED")
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="samtale-`+cs.ID+`.ics"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString(b.String())
}

// icsTime writes a time in UTC, as RFC 5545 allows without a time zone
// definition.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 § 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldICS ends a content line with CRLF, folded so that no line is longer
// than 75 octets, never inside a UTF-8 sequence (RFC 5545 § 3.1).
func foldICS(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
