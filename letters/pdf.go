package letters

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The letters are set in the Go fonts (golang.org/x/image/font/gofont,
// BSD licence), embedded as subsets: they have every letter of Latin,
// Greek and Cyrillic, so Norwegian, Sami and most names typed by a person
// print as typed. A character the fonts lack prints as an empty box, but
// its text is kept in the file (copying, searching, screen readers).
const (
	family      = "go"
	pageMargin  = 20.0 // mm, left and right
	topMargin   = 15.0
	bottomSpace = 22.0 // room for the footer
	bodySize    = 10.5
	lineHeight  = 5.2
)

// block is one piece of a letter's body.
type block struct {
	kind  blockKind
	text  string
	label string
}

type blockKind int

const (
	bHeading  blockKind = iota // a heading inside the letter
	bPara                      // a paragraph (text typed by a person keeps its line breaks)
	bMuted                     // a paragraph in smaller, grey type
	bField                     // label: value
	bItem                      // a bulleted item
	bNumbered                  // a numbered item (label is the number)
)

// content is one letter before it is set: its title, date, recipient,
// body and signature.
type content struct {
	title string
	date  time.Time
	// to is the recipient's name and address, one line each.
	to   []string
	body []block
	// sign is the signature: who sent the letter or made the decision.
	sign []string
}

func (c *content) heading(s string) { c.body = append(c.body, block{kind: bHeading, text: s}) }
func (c *content) para(s string)    { c.body = append(c.body, block{kind: bPara, text: s}) }
func (c *content) muted(s string)   { c.body = append(c.body, block{kind: bMuted, text: s}) }
func (c *content) item(s string)    { c.body = append(c.body, block{kind: bItem, text: s}) }
func (c *content) field(label, value string) {
	c.body = append(c.body, block{kind: bField, label: strings.TrimSuffix(strings.TrimSpace(label), ":"), text: value})
}
func (c *content) numbered(n int, s string) {
	c.body = append(c.body, block{kind: bNumbered, label: fmt.Sprintf("%d.", n), text: s})
}

// letterhead is what every page of a letter shows at the top.
type letterhead struct {
	office  string
	address []string
	ref     string
	date    string
}

// meta is the PDF's document information.
type meta struct {
	title, author, subject, lang string
	created                      time.Time
}

// render sets a letter on A4 pages: the letterhead (the office with its
// address, the reference and the date) and «Side 1 av 2» on every page.
// The pages are counted by setting the letter once, then set again with
// the count.
func render(w words, head letterhead, m meta, c *content) ([]byte, error) {
	first, err := set(w, head, m, c, 0)
	if err != nil {
		return nil, err
	}
	out, err := set(w, head, m, c, first.PageCount())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := out.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func set(w words, head letterhead, m meta, c *content, pages int) (pdf *fpdf.Fpdf, err error) {
	// fpdf reports most problems through Error, but a few by panicking.
	defer func() {
		if r := recover(); r != nil {
			pdf, err = nil, fmt.Errorf("set letter: %v", r)
		}
	}()
	pdf = fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	pdf.SetTitle(clean(m.title), true)
	pdf.SetAuthor(clean(m.author), true)
	pdf.SetSubject(clean(m.subject), true)
	pdf.SetCreator("KVP", true)
	pdf.SetLang(m.lang)
	// fpdf writes these dates without a zone, so they are given in UTC.
	pdf.SetCreationDate(m.created.UTC())
	pdf.SetModificationDate(m.created.UTC())
	pdf.SetDisplayMode("fullwidth", "single")
	pdf.SetMargins(pageMargin, topMargin, pageMargin)
	pdf.SetAutoPageBreak(true, bottomSpace)
	pdf.SetTextColor(0, 0, 0)
	width, _ := pdf.GetPageSize()
	inner := width - 2*pageMargin

	pdf.SetHeaderFunc(func() {
		top := pdf.GetY()
		pdf.SetFont(family, "B", 11)
		pdf.MultiCell(inner*0.6, 5.5, clean(head.office), "", "L", false)
		pdf.SetFont(family, "", 9)
		for _, l := range head.address {
			pdf.MultiCell(inner*0.6, 4.3, clean(l), "", "L", false)
		}
		bottom := pdf.GetY()
		pdf.SetXY(pageMargin+inner*0.6, top)
		pdf.MultiCell(inner*0.4, 5.5, clean(w.T("letter.ref", "Ref", head.ref)), "", "R", false)
		pdf.SetX(pageMargin + inner*0.6)
		pdf.MultiCell(inner*0.4, 4.3, clean(w.T("letter.date", "Date", head.date)), "", "R", false)
		if y := pdf.GetY(); y > bottom {
			bottom = y
		}
		pdf.SetDrawColor(120, 120, 120)
		pdf.SetLineWidth(0.2)
		pdf.Line(pageMargin, bottom+2, width-pageMargin, bottom+2)
		pdf.SetXY(pageMargin, bottom+7)
	})
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont(family, "", 9)
		text := w.T("letter.page", "Page", pdf.PageNo(), "Pages", pages)
		pdf.CellFormat(inner/2, 5, clean(head.office+" · "+head.ref), "", 0, "L", false, 0, "")
		pdf.CellFormat(inner/2, 5, clean(text), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	// The recipient, then the title.
	if len(c.to) > 0 {
		pdf.SetFont(family, "", bodySize)
		for _, l := range c.to {
			pdf.MultiCell(inner, lineHeight, clean(l), "", "L", false)
		}
		pdf.Ln(6)
	}
	pdf.SetFont(family, "B", 15)
	pdf.MultiCell(inner, 7, clean(c.title), "", "L", false)
	pdf.Ln(3)

	for _, b := range c.body {
		text := clean(b.text)
		switch b.kind {
		case bHeading:
			// Keep a heading with at least two lines of what follows.
			_, pageH := pdf.GetPageSize()
			if pdf.GetY()+6+3*lineHeight > pageH-bottomSpace {
				pdf.AddPage()
			}
			pdf.Ln(2.5)
			pdf.SetFont(family, "B", 12)
			pdf.MultiCell(inner, 6, text, "", "L", false)
			pdf.Ln(0.8)
		case bPara:
			pdf.SetFont(family, "", bodySize)
			pdf.MultiCell(inner, lineHeight, text, "", "L", false)
			pdf.Ln(1.8)
		case bMuted:
			pdf.SetFont(family, "", 9)
			pdf.SetTextColor(70, 70, 70)
			pdf.MultiCell(inner, 4.5, text, "", "L", false)
			pdf.SetTextColor(0, 0, 0)
			pdf.Ln(1.8)
		case bField:
			pdf.SetFont(family, "B", bodySize)
			label := clean(b.label)
			if !strings.HasSuffix(label, "?") {
				label += ":"
			}
			lw := pdf.GetStringWidth(label) + 2
			if lw > inner*0.45 {
				pdf.MultiCell(inner, lineHeight, label, "", "L", false)
				pdf.SetFont(family, "", bodySize)
				pdf.MultiCell(inner, lineHeight, text, "", "L", false)
			} else {
				pdf.CellFormat(lw, lineHeight, label, "", 0, "L", false, 0, "")
				pdf.SetFont(family, "", bodySize)
				pdf.MultiCell(inner-lw, lineHeight, text, "", "L", false)
			}
			pdf.Ln(0.8)
		case bItem, bNumbered:
			pdf.SetFont(family, "", bodySize)
			mark := "•"
			if b.kind == bNumbered {
				mark = b.label
			}
			pdf.CellFormat(7, lineHeight, mark, "", 0, "L", false, 0, "")
			pdf.MultiCell(inner-7, lineHeight, text, "", "L", false)
			pdf.Ln(0.8)
		}
	}
	// The signature and the closing note stay together.
	_, pageH := pdf.GetPageSize()
	if pdf.GetY()+float64(len(c.sign))*lineHeight+18 > pageH-bottomSpace {
		pdf.AddPage()
	}
	if len(c.sign) > 0 {
		pdf.Ln(5)
		pdf.SetFont(family, "", bodySize)
		for _, l := range c.sign {
			pdf.MultiCell(inner, lineHeight, clean(l), "", "L", false)
		}
	}
	pdf.Ln(4)
	pdf.SetFont(family, "", 9)
	pdf.SetTextColor(70, 70, 70)
	pdf.MultiCell(inner, 4.5, clean(w.T("letter.electronic")), "", "L", false)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("set letter: %w", err)
	}
	return pdf, nil
}
