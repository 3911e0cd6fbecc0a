package handlers

import (
	"html/template"

	"kvp/casework"
)

// The html/template pages that still show the answers, the file list,
// the address protection notice and the case's openings call these
// functions, which render the templ components in answers.templ. The
// change links have no function: only answers uses them.
func init() {
	templFuncs["answers"] = func(p *Page, a casework.Answers, cs *casework.Case, office *casework.Office, editable bool) (template.HTML, error) {
		return componentHTML(answers(p, a, cs, office, editable))
	}
	templFuncs["filelist"] = func(p *Page, files []casework.FileRef, cs *casework.Case, editable bool) (template.HTML, error) {
		return componentHTML(fileList(p, files, cs, editable))
	}
	templFuncs["addressprotection"] = func(p *Page) (template.HTML, error) { return componentHTML(addressProtection(p)) }
}
