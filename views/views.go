// Package views holds the portal's html/template files, embedded and parsed
// once at start-up with the shared partials: a missing or broken template
// fails the start, not a request. Each page defines "main", its content;
// the frame around it (head, header, footer) is the handlers' templ
// layout, as are the pages moved to templ.
package views

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
)

//go:embed partials/*.html pages/*.html
var files embed.FS

// Engine renders named pages.
type Engine struct {
	pages map[string]*template.Template
}

// New parses every page with the layout and partials. funcs are made
// available to all templates (asset URLs, for example).
func New(funcs template.FuncMap) (*Engine, error) {
	pages, err := fs.Glob(files, "pages/*.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("partials").Funcs(funcs).ParseFS(files, "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse partials: %w", err)
	}
	e := &Engine{pages: map[string]*template.Template{}}
	for _, p := range pages {
		t, err := template.Must(base.Clone()).ParseFS(files, p)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		e.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return e, nil
}

// Main writes the main content of page name with data. The caller
// renders into a buffer, so a template error never sends half a page.
func (e *Engine) Main(w io.Writer, name string, data any) error {
	t, ok := e.pages[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	if err := t.ExecuteTemplate(w, "main", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// Source returns every template file's text, for tests that check that
// each message id used by a template exists.
func Source() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		out[p] = string(b)
		return err
	})
	return out, err
}
