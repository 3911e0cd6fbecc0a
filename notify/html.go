package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// htmlPage is the HTML part of an e-mail: the plain text's paragraphs,
// with a line that is a web address made a link. html/template escapes
// everything else.
var htmlPage = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html{{with .Lang}} lang="{{.}}"{{end}}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #222">
{{range .Paragraphs}}<p>{{range $i, $l := .}}{{if $i}}<br>
{{end}}{{if $l.Link}}<a href="{{$l.Text}}">{{$l.Text}}</a>{{else}}{{$l.Text}}{{end}}{{end}}</p>
{{end}}</body>
</html>
`))

type htmlLine struct {
	Text string
	Link bool
}

// htmlBody writes the notice's text as HTML.
func htmlBody(m Message) (string, error) {
	var paras [][]htmlLine
	for _, p := range strings.Split(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		var lines []htmlLine
		for _, l := range strings.Split(p, "\n") {
			l = strings.TrimSpace(l)
			link := (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && !strings.ContainsAny(l, " \t")
			lines = append(lines, htmlLine{Text: l, Link: link})
		}
		paras = append(paras, lines)
	}
	var b bytes.Buffer
	err := htmlPage.Execute(&b, struct {
		Lang, Subject string
		Paragraphs    [][]htmlLine
	}{m.Lang, m.Subject, paras})
	if err != nil {
		return "", fmt.Errorf("html part: %w", err)
	}
	return b.String(), nil
}
