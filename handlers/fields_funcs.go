package handlers

import "html/template"

// The shared form fields are templ components (fields.templ); these
// functions render them for the html/template pages.
func init() {
	templFuncs["errorsummary"] = func(p *Page) (template.HTML, error) { return componentHTML(errorSummary(p)) }
	templFuncs["fielderror"] = func(a FieldArgs) (template.HTML, error) { return componentHTML(fieldError(a)) }
	templFuncs["textfield"] = func(a FieldArgs) (template.HTML, error) { return componentHTML(textField(a)) }
	templFuncs["textarea"] = func(a FieldArgs) (template.HTML, error) { return componentHTML(textArea(a)) }
	templFuncs["hidden"] = func(p *Page) (template.HTML, error) { return componentHTML(csrfInput(p)) }
}
