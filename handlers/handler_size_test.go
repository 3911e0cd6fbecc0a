package handlers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// A handler binds, calls and renders; anything longer belongs in a helper
// with a name. Every function of this package that takes a *fiber.Ctx is
// at most 60 lines long.
func TestNoHandlerIsOver60Lines(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !takesFiberCtx(fd) {
				continue
			}
			checked++
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > 60 {
				t.Errorf("%s: %s is %d lines long", f, fd.Name.Name, n)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("found only %d handler functions; the scan is broken", checked)
	}
}

func takesFiberCtx(fd *ast.FuncDecl) bool {
	for _, p := range fd.Type.Params.List {
		if star, ok := p.Type.(*ast.StarExpr); ok {
			if sel, ok := star.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Ctx" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fiber" {
					return true
				}
			}
		}
	}
	return false
}
