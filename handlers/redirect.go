package handlers

import (
	"net/url"
	"strings"
)

// Return addresses: after a login, a language choice or a refreshed
// session the portal sends the person back to where they were, from a
// query or form field ("neste", "tilbake"). Every such address goes
// through returnPath, and nothing else decides where a redirect goes.

// maxReturnPath bounds a return address (it also travels in the login's
// state cookie).
const maxReturnPath = 2000

// returnPath returns s when it is a path on this site under prefix ("/"
// for anywhere) that every browser reads as such, and fallback otherwise.
//
// Browsers are lenient where servers are strict: by the URL standard they
// drop ASCII tab, newline and carriage return anywhere in an address and
// spaces and control characters around it, read a backslash as a slash,
// and take "//host" or "/\host" as another site. So s must start with a
// single "/" and hold only printable ASCII without spaces or backslashes,
// with no "." or ".." path segment; and each of its percent-decoded forms
// (decoded again until nothing changes) must also have no control
// character, no backslash, no dot segment and no leading "//", so that
// "%2F%2F", "%5C" or "%09" in any depth of encoding cannot become one
// later. Schemes ("https:", "javascript:") cannot pass: s starts with "/".
func returnPath(s, prefix, fallback string) string {
	if !localPath(s) || !underPrefix(s, prefix) {
		return fallback
	}
	return s
}

// localPath reports whether s passes returnPath's checks (see there).
func localPath(s string) bool {
	if len(s) == 0 || len(s) > maxReturnPath || !plainPath(s, true) {
		return false
	}
	form := s
	for range 4 {
		decoded, err := url.PathUnescape(form)
		if err != nil {
			return false
		}
		if decoded == form {
			return true
		}
		if !plainPath(decoded, false) {
			return false
		}
		form = decoded
	}
	return false // encoded more deeply than any real address
}

// plainPath checks one form of a return address: it starts with a single
// "/", has no dot segment in its path, and no backslash or control
// character anywhere. strict (the form as sent) also refuses spaces and
// anything outside ASCII, which a browser would have percent-encoded.
func plainPath(s string, strict bool) bool {
	if s == "" || s[0] != '/' || len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c == '\\' || strict && (c == ' ' || c > 0x7f) {
			return false
		}
	}
	path, _, _ := strings.Cut(s, "?")
	path, _, _ = strings.Cut(path, "#")
	for _, seg := range strings.Split(path, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// underPrefix reports whether the path s is prefix itself or inside it.
func underPrefix(s, prefix string) bool {
	if prefix == "/" || s == prefix {
		return true
	}
	rest, ok := strings.CutPrefix(s, prefix)
	return ok && (rest[0] == '/' || rest[0] == '?' || rest[0] == '#')
}

// citizenReturn is where a citizen goes back to: any page of the portal,
// "Mine saker" when the address is missing or refused.
func citizenReturn(s string) string { return returnPath(s, "/", "/mine-saker") }

// staffReturn is where a staff member goes back to: a page of the staff
// area, its inbox when the address is missing or refused.
func staffReturn(s string) string { return returnPath(s, "/saksbehandler", "/saksbehandler") }
