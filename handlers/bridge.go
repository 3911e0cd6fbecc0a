package handlers

import (
	"bytes"
	"context"
	"html/template"

	"github.com/a-h/templ"
)

// The pages are moving from html/template (views/) to templ components
// (*.templ here), which render without reflection. While both exist, a
// partial moved to templ is called from the html/template pages that
// still use it through a template function that renders the component:
// each file that moves a partial registers its function in templFuncs
// (from an init function), and New adds them to the views' functions.
// The form fields (fields.templ) are among them, so a templ page and an
// html/template page show a field the same way from one definition.
var templFuncs = template.FuncMap{}

// componentHTML renders c for an html/template page: templ has escaped
// what it writes, so the result is marked as safe HTML.
func componentHTML(c templ.Component) (template.HTML, error) {
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}
