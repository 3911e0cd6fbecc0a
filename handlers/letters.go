package handlers

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"kvp/casework"
	"kvp/letters"
)

// The case's letters as PDF files (package letters), downloaded from the
// citizen's case page and the staff case page with the same access rules
// as every other file of a case: a citizen gets only their own case's
// letters, staff only those of their offices' cases (anything else is
// 404), and each staff download is written to the audit log.

// letterInput gathers what the letters of cs are made from: the reader's
// language, the office, the roles of the staff who acted on the case, and
// the start rule for the receipt.
func (h *Handler) letterInput(c *fiber.Ctx, cs *casework.Case, staff bool) (letters.Input, error) {
	in := letters.Input{L: h.localizer(c), Case: cs, Staff: staff, Now: h.cfg.Now(), Roles: map[string]string{}}
	o, err := h.st.Office(c.UserContext(), cs.Office.Municipality)
	if err != nil && !errIsNotFound(err) {
		return in, err
	}
	in.Office = o
	for _, e := range cs.Events {
		if e.ActorName == "" || e.Actor == casework.ActorCitizen || e.Actor == casework.ActorSystem {
			continue
		}
		if _, done := in.Roles[e.Actor]; done {
			continue
		}
		in.Roles[e.Actor] = ""
		rec, err := h.st.Staff(c.UserContext(), e.Actor)
		if err != nil && !errIsNotFound(err) {
			return in, err
		}
		if rec != nil {
			in.Roles[e.Actor] = rec.Role
		}
	}
	if !cs.IsConversation() {
		tables, err := h.st.RateTables(c.UserContext())
		if err != nil {
			return in, err
		}
		in.StartMonths, _ = tables.LatestStartMonths(cs.SubmittedAt)
	}
	return in, nil
}

// letterRef reads the letter named in the address: /brev/kind.pdf or
// /brev/kind/id.pdf.
func letterRef(c *fiber.Ctx) (letters.Ref, error) {
	ref, ok := letters.ParseRef(c.Params("kind"), c.Params("name"))
	if !ok {
		return ref, errNotFound
	}
	return ref, nil
}

// makeLetter makes a letter, with a case that has no such letter as 404.
func makeLetter(in letters.Input, ref letters.Ref) (*letters.Letter, error) {
	l, err := letters.Make(in, ref)
	if errors.Is(err, letters.ErrNotFound) {
		return nil, errNotFound
	}
	return l, err
}

// sendLetter sends a letter as a download that is never cached.
func sendLetter(c *fiber.Ctx, cs *casework.Case, l *letters.Letter) error {
	name := l.Ref.FileName(cs.ID)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", name, url.PathEscape(name)))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(l.PDF)
}

// downloadLetter sends a letter of the person's own case. Like the
// downloads of the case's files, it is in the request log. Downloading a
// decision is opening it.
func (h *Handler) downloadLetter(c *fiber.Ctx) error {
	cs, err := h.myCase(c)
	if err != nil {
		return err
	}
	ref, err := letterRef(c)
	if err != nil {
		return err
	}
	if ref.Kind == letters.Decision {
		if err := h.recordDecisionOpened(c, cs); err != nil {
			return err
		}
	}
	in, err := h.letterInput(c, cs, false)
	if err != nil {
		return err
	}
	l, err := makeLetter(in, ref)
	if err != nil {
		return err
	}
	return sendLetter(c, cs, l)
}

// downloadStaffLetter sends a letter of a case at the staff member's
// office, and writes the download to the audit log.
func (h *Handler) downloadStaffLetter(c *fiber.Ctx) error {
	cs, err := h.staffCase(c)
	if err != nil {
		return err
	}
	ref, err := letterRef(c)
	if err != nil {
		return err
	}
	in, err := h.letterInput(c, cs, true)
	if err != nil {
		return err
	}
	if ref.Kind == letters.AppealOverview {
		me := currentStaff(c)
		in.Sender = &letters.Signer{Name: me.Name, Role: string(me.Role)}
	}
	l, err := makeLetter(in, ref)
	if err != nil {
		return err
	}
	if err := h.audit(c, cs, "brev", l.Ref.FileName(cs.ID)); err != nil {
		return err
	}
	return sendLetter(c, cs, l)
}

// LetterLink is one letter in a case page's list of letters.
type LetterLink struct {
	Href  string
	Label string
}

// Letters lists the PDF letters of a case for the page's reader, with the
// addresses they are downloaded from.
func (p *Page) Letters(cs *casework.Case) []LetterLink {
	return p.letterLinks(cs, letters.List(cs, p.Staff != nil))
}

// AppealLetters lists the PDF letters of one appeal.
func (p *Page) AppealLetters(cs *casework.Case, appealID string) []LetterLink {
	return p.letterLinks(cs, letters.AppealRefs(cs, appealID, p.Staff != nil))
}

func (p *Page) letterLinks(cs *casework.Case, refs []letters.Ref) []LetterLink {
	base := "/saker/" + cs.ID + "/brev/"
	if p.Staff != nil {
		base = "/saksbehandler" + base
	}
	out := make([]LetterLink, 0, len(refs))
	for _, r := range refs {
		out = append(out, LetterLink{Href: base + r.Path(), Label: letters.Title(p.L, cs, r)})
	}
	return out
}
