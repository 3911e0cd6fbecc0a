package handlers

import (
	"html/template"

	"kvp/casework"
)

// The case page's follow-up partials and the appeal deadline are templ
// components (followup.templ); these functions render them for the
// html/template pages that still call them.
func init() {
	templFuncs["officeaddress"] = func(o casework.Office) (template.HTML, error) { return componentHTML(officeAddress(o)) }
	templFuncs["phonehelp"] = func(p *Page, office string) (template.HTML, error) { return componentHTML(phoneHelp(p, office)) }
	templFuncs["appealdeadline"] = func(p *Page, dec *casework.Decision, window casework.AppealWindow, daysLeft int) (template.HTML, error) {
		return componentHTML(appealDeadline(p, dec, window, daysLeft))
	}
}
