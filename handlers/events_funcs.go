package handlers

import (
	"html/template"

	"kvp/casework"
)

// The html/template pages that still show a timeline or an interim
// letter call the templ components in events.templ through these
// functions.
func init() {
	templFuncs["eventtext"] = func(p *Page, e casework.Event) (template.HTML, error) { return componentHTML(eventText(p, e)) }
	templFuncs["interimletter"] = func(p *Page, e casework.Event, office string) (template.HTML, error) {
		return componentHTML(interimLetter(p, e, office))
	}
}
