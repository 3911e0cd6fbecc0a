// Package letters makes the portal's letters as PDF files, in the reader's
// language: the receipts for an application, a conversation request and an
// appeal, the application itself, the request for documentation, the
// interim replies, the decisions, the office's summary of an appeal, the
// party's comments, and the overview of an appeal case for
// Statsforvalteren. The texts are the message ids the web pages use, so a
// letter and its page say the same. There is no HTTP here: a handler finds
// the case, the office and who acted, and asks for a letter.
package letters

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"kvp/casework"
	"kvp/i18n"
)

// Kind is a kind of letter, as it is named in download addresses.
type Kind string

// Letter kinds. The ones a case can have several of are numbered from 1 in
// the order they were sent (decisions, interim replies, documentation
// requests), or named by the appeal's reference (the appeal's letters).
const (
	Receipt         Kind = "kvittering"
	Application     Kind = "soknad"
	DocumentRequest Kind = "dokumentasjon"
	InterimReply    Kind = "forelopig-svar"
	Decision        Kind = "vedtak"
	AppealReceipt   Kind = "klage-kvittering"
	Appeal          Kind = "klage"
	AppealInterim   Kind = "klage-forelopig-svar"
	AppealSummary   Kind = "sammendrag"
	AppealComments  Kind = "kommentarer"
	AppealOverview  Kind = "oversikt"
)

// ErrNotFound means the case has no such letter (or none the reader may
// get).
var ErrNotFound = errors.New("no such letter")

// Ref names one letter of a case: its kind, and which one for the kinds a
// case can have several of.
type Ref struct {
	Kind Kind
	ID   string
}

// Path is the letter's address below the case: "vedtak/2.pdf",
// "kvittering.pdf".
func (r Ref) Path() string {
	if r.ID == "" {
		return string(r.Kind) + ".pdf"
	}
	return string(r.Kind) + "/" + r.ID + ".pdf"
}

// ParseRef reads the last one or two parts of a letter's address: kind
// and "id.pdf", or "kind.pdf" alone (kind empty).
func ParseRef(kind, last string) (Ref, bool) {
	name, ok := strings.CutSuffix(last, ".pdf")
	if !ok || name == "" {
		return Ref{}, false
	}
	if kind == "" {
		return Ref{Kind: Kind(name)}, true
	}
	return Ref{Kind: Kind(kind), ID: name}, true
}

// FileName is the name a downloaded letter is saved as.
func (r Ref) FileName(caseID string) string {
	name := string(r.Kind) + "-" + caseID
	if r.ID != "" {
		name += "-" + r.ID
	}
	return name + ".pdf"
}

// Signer is someone who sent a letter or made a decision.
type Signer struct {
	Name string
	// Role is the staff role: caseworker, lead or admin.
	Role string
}

// Document is one file in an appeal case's bundle, for the overview.
type Document struct {
	Name  string
	Title string
}

// Input is what every letter is made from.
type Input struct {
	// L writes the reader's language.
	L *i18n.Localizer
	// Case is the case the letter belongs to.
	Case *casework.Case
	// Office is the case's office; nil when it is no longer in the
	// directory: then only the name stored on the case is shown.
	Office *casework.Office
	// Staff is true when the reader is staff (or Statsforvalteren): the
	// application speaks about the applicant, and the overview and the
	// comments are offered.
	Staff bool
	// Roles gives the role of the staff who acted on the case, by e-mail,
	// for the signatures; a missing one is shown as a caseworker.
	Roles map[string]string
	// StartMonths is the start rule in force for the application (the
	// receipt says the programme starts within so many months).
	StartMonths int
	// Now is when the letter is made: the overview's date, and the PDF's
	// creation date for letters that have no date of their own.
	Now time.Time
	// Documents are the files of the appeal case's bundle, for the
	// overview; Sender is who made the bundle.
	Documents []Document
	Sender    *Signer
}

// Letter is a letter made as a PDF.
type Letter struct {
	Ref   Ref
	Title string
	PDF   []byte
}

// List returns the letters of a case, in the order they were sent: for
// staff also each appeal itself, the comments and the overview for
// Statsforvalteren (once the office has upheld its decision).
func List(cs *casework.Case, staff bool) []Ref {
	out := []Ref{{Kind: Receipt}}
	if cs.IsConversation() {
		return out
	}
	out = append(out, Ref{Kind: Application})
	n := map[casework.EventType]int{}
	for _, e := range cs.Events {
		switch {
		case e.Type == casework.EventDocumentsRequested && e.Request != nil:
			n[e.Type]++
			out = append(out, Ref{Kind: DocumentRequest, ID: strconv.Itoa(n[e.Type])})
		case e.Type == casework.EventInterimReply && e.Interim != nil:
			n[e.Type]++
			out = append(out, Ref{Kind: InterimReply, ID: strconv.Itoa(n[e.Type])})
		case e.Type == casework.EventDecision && e.Decision != nil:
			n[e.Type]++
			out = append(out, Ref{Kind: Decision, ID: strconv.Itoa(n[e.Type])})
		}
	}
	for _, a := range cs.Appeals {
		out = append(out, AppealRefs(cs, a.ID, staff)...)
	}
	return out
}

// AppealRefs returns the letters of one appeal.
func AppealRefs(cs *casework.Case, id string, staff bool) []Ref {
	a := cs.Appeal(id)
	if a == nil {
		return nil
	}
	out := []Ref{{Kind: AppealReceipt, ID: a.ID}}
	if staff {
		out = append(out, Ref{Kind: Appeal, ID: a.ID})
	}
	if cs.AppealInterim(a.ID).Interim != nil {
		out = append(out, Ref{Kind: AppealInterim, ID: a.ID})
	}
	if a.Summary != nil {
		out = append(out, Ref{Kind: AppealSummary, ID: a.ID})
		if staff {
			out = append(out, Ref{Kind: AppealComments, ID: a.ID}, Ref{Kind: AppealOverview, ID: a.ID})
		}
	}
	return out
}

// AppealedDecision returns the letter of the decision an appeal is
// against.
func AppealedDecision(cs *casework.Case, a *casework.Appeal) (Ref, bool) {
	for i, d := range cs.Decisions() {
		if d.MadeAvailableAt.Equal(a.DecisionAt) {
			return Ref{Kind: Decision, ID: strconv.Itoa(i + 1)}, true
		}
	}
	return Ref{}, false
}

// has reports whether the reader may get ref of cs.
func has(cs *casework.Case, ref Ref, staff bool) bool {
	for _, r := range List(cs, staff) {
		if r == ref {
			return true
		}
	}
	return false
}

// Title is the letter's name in a list of letters ("Vedtak, 23. november
// 2026"); it names the letter in its link and the PDF's title.
func Title(l *i18n.Localizer, cs *casework.Case, ref Ref) string {
	w := words{l}
	switch ref.Kind {
	case Receipt:
		if cs.IsConversation() {
			return w.T("letter.link.kvittering.conversation")
		}
		return w.T("letter.link.kvittering")
	case Application:
		return w.T("letter.link.soknad", "Date", w.Date(cs.SubmittedAt))
	case DocumentRequest:
		if e, ok := nthEvent(cs, ref); ok {
			return w.T("letter.link.dokumentasjon", "Date", w.Date(e.At))
		}
	case InterimReply:
		if e, ok := nthEvent(cs, ref); ok {
			return w.T("letter.link.forelopig-svar", "Date", w.Date(e.At))
		}
	case Decision:
		if _, d, ok := nthDecision(cs, ref.ID); ok {
			return w.T("letter.link.vedtak", "Date", w.Date(d.MadeAvailableAt))
		}
	case AppealInterim:
		return w.T("letter.link.klage-forelopig-svar", "Ref", ref.ID, "Date", w.Date(cs.AppealInterim(ref.ID).At))
	case AppealSummary:
		if a := cs.Appeal(ref.ID); a != nil && a.Summary != nil {
			return w.T("letter.link.sammendrag", "Ref", ref.ID, "Date", w.Date(a.Summary.PreparedAt))
		}
	case AppealReceipt:
		return w.T("letter.link.klage-kvittering", "Ref", ref.ID)
	case Appeal:
		return w.T("letter.link.klage", "Ref", ref.ID)
	case AppealComments:
		return w.T("letter.link.kommentarer", "Ref", ref.ID)
	case AppealOverview:
		return w.T("letter.link.oversikt", "Ref", ref.ID)
	}
	return string(ref.Kind)
}

// Make makes letter ref of in.Case, or returns ErrNotFound when the case
// has no such letter for the reader.
func Make(in Input, ref Ref) (*Letter, error) {
	cs := in.Case
	if !has(cs, ref, in.Staff) {
		return nil, ErrNotFound
	}
	w := words{in.L}
	var c *content
	switch ref.Kind {
	case Receipt:
		if cs.IsConversation() {
			c = conversationReceipt(in, w)
		} else {
			c = applicationReceipt(in, w)
		}
	case Application:
		c = application(in, w)
	case DocumentRequest:
		e, _ := nthEvent(cs, ref)
		c = documentRequest(in, w, e)
	case InterimReply:
		e, _ := nthEvent(cs, ref)
		c = interimReply(in, w, e, false)
	case Decision:
		e, d, _ := nthDecision(cs, ref.ID)
		c = decision(in, w, e, d)
	case AppealReceipt, Appeal:
		c = appealLetter(in, w, cs.Appeal(ref.ID), ref.Kind == AppealReceipt)
	case AppealInterim:
		c = interimReply(in, w, cs.AppealInterim(ref.ID), true)
	case AppealSummary:
		c = summary(in, w, cs.Appeal(ref.ID))
	case AppealComments:
		c = comments(in, w, cs.Appeal(ref.ID))
	case AppealOverview:
		c = overview(in, w, cs.Appeal(ref.ID))
	default:
		return nil, ErrNotFound
	}
	created := c.date
	if created.IsZero() {
		created = in.Now
	}
	m := meta{
		title:   c.title,
		author:  officeName(in),
		subject: w.T("letter.subject", "Ref", cs.ID),
		lang:    in.L.Lang,
		created: created,
	}
	pdf, err := render(w, letterheadOf(in, w, c.date), m, c)
	if err != nil {
		return nil, err
	}
	return &Letter{Ref: ref, Title: c.title, PDF: pdf}, nil
}

// nthEvent returns the event of a numbered letter: the n-th request for
// documentation or interim reply on the application.
func nthEvent(cs *casework.Case, ref Ref) (casework.Event, bool) {
	n, err := strconv.Atoi(ref.ID)
	if err != nil || n < 1 {
		return casework.Event{}, false
	}
	for _, e := range cs.Events {
		ok := ref.Kind == DocumentRequest && e.Type == casework.EventDocumentsRequested && e.Request != nil ||
			ref.Kind == InterimReply && e.Type == casework.EventInterimReply && e.Interim != nil
		if ok {
			if n--; n == 0 {
				return e, true
			}
		}
	}
	return casework.Event{}, false
}

// nthDecision returns the n-th decision with its event.
func nthDecision(cs *casework.Case, id string) (casework.Event, *casework.Decision, bool) {
	n, err := strconv.Atoi(id)
	if err != nil || n < 1 {
		return casework.Event{}, nil, false
	}
	for _, e := range cs.Events {
		if e.Type == casework.EventDecision && e.Decision != nil {
			if n--; n == 0 {
				return e, e.Decision, true
			}
		}
	}
	return casework.Event{}, nil, false
}

func officeName(in Input) string {
	if in.Office != nil {
		return in.Office.Name
	}
	return in.Case.Office.Name
}

// letterheadOf is the office with its postal address, the reference and
// the letter's date.
func letterheadOf(in Input, w words, date time.Time) letterhead {
	h := letterhead{office: officeName(in), ref: in.Case.ID}
	if date.IsZero() {
		date = in.Now
	}
	h.date = w.Date(date)
	if o := in.Office; o != nil {
		a := o.Postal
		if a.Line1 == "" {
			a = o.Visiting
		}
		h.address = append(h.address, a.Line1)
		if a.Line2 != "" {
			h.address = append(h.address, a.Line2)
		}
		h.address = append(h.address, strings.TrimSpace(a.PostalCode+" "+a.Town))
	}
	return h
}
