package notifytest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a received e-mail read the way a mail program reads it.
type Parsed struct {
	Header mail.Header
	// Subject is the decoded subject.
	Subject string
	// Text and HTML are the decoded text/plain and text/html parts.
	Text, HTML string
	// TextCharset is the charset of the text part.
	TextCharset string
}

// Parse reads a received message: its headers, and its text/plain and
// text/html parts (a multipart/alternative message or a single part).
func Parse(m Mail) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return nil, err
	}
	p := &Parsed{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	ct, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("content type: %w", err)
	}
	if !strings.HasPrefix(ct, "multipart/") {
		return p, p.add(ct, params, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		pct, pparams, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			return nil, fmt.Errorf("part content type: %w", err)
		}
		if err := p.add(pct, pparams, part.Header.Get("Content-Transfer-Encoding"), part); err != nil {
			return nil, err
		}
	}
	if p.Text == "" {
		return nil, errNoPart
	}
	return p, nil
}

func (p *Parsed) add(ct string, params map[string]string, cte string, r io.Reader) error {
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s part: %w", ct, err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch ct {
	case "text/plain":
		p.Text, p.TextCharset = s, strings.ToLower(params["charset"])
	case "text/html":
		p.HTML = s
	}
	return nil
}
